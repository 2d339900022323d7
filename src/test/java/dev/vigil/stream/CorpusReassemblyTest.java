package dev.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.flow.Flow;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reassembled bytes of every TCP stream of the real captures in the http, tcp, tls and smb corpus
 * folders, per direction, against tshark's {@code follow,tcp,raw}. Streams where tshark flags a lost
 * segment, or where the reassembler declared a gap, are counted apart: there the two may legitimately
 * differ in what they do with the missing bytes.
 */
class CorpusReassemblyTest {
    /** A selection (tshark is slow on a loaded machine): plain, retransmitting, overlapping, lossy, big. */
    static final String[] FILES = {
            "http/zeek-get.pcap", "http/zeek-post.pcap", "http/zeek-pipelined-requests.pcap", "http/zeek-methods.pcap",
            "http/zeek-http-post-large.pcap", "http/zeek-206_example_a.pcap", "http/zeek-entity_gap.pcap",
            "http/arkime-http-tcp-seq-issue.pcap", "http/zeek-vnd.ms-cab-compressed-multi-conn.pcap", "http/zeek-web.pcap",
            "http/cs-http_ip4and6.pcapng", "http/ndpi-http_ua_splitted_in_two_pkts.pcapng",
            "tcp/arkime-wireshark-retrans.pcap", "tcp/cs-tcp_retransmissions.pcapng", "tcp/sv-tcp-overlap.pcap",
            "tcp/sv-tcp-overlap2.pcap", "tcp/zeek-reassembly.pcap", "tcp/zeek-ssh-dups.pcap", "tcp/zeek-tcp-fast-open.pcap",
            "tcp/sv-tcp-async-01.pcap", "tcp/zeek-handshake-reorder.pcap", "tcp/cs-tcp_zerowindowrecovery.pcapng",
            "tcp/zeek-missing-syn.pcap", "tcp/sv-syn_retransmit_with_ts.pcap",
            "tls/arkime-tls-split-client-hello.pcap", "tls/ndpi-tls_certificate_too_long.pcap", "tls/arkime-curl-enabled-tls13.pcap",
            "tls/ndpi-tls_missing_ch_frag.pcap", "tls/ndpi-tls_multiple_synack_different_seq.pcapng",
            "smb/arkime-wireshark-smb-on-windows10.pcap", "smb/sv-20171220_smb_psexec_add_user.pcap", "smb/zeek-kinit.pcap",
            "smb/sv-zerologon.pcap", "smb/ndpi-smb_frags.pcap"};

    record Endpoints(String client, String server) {}

    static final class Tally {
        int compared, equal, lossy, lossyEqual, unmatched;
        final List<String> differing = new ArrayList<>();
    }

    @Test
    void reassembledBytesMatchTsharkFollow() throws IOException {
        Tools.require("tshark");
        Path root = Corpus.pcapDir();
        Tally t = new Tally();
        int files = 0;
        for (String name : FILES) {
            Path cap = root.resolve(name);
            if (!Files.exists(cap)) {
                System.err.println("*** corpus file missing: " + cap + " ***");
                continue;
            }
            files++;
            compareFile(cap, t);
        }
        System.out.printf("reassembly vs tshark follow: %d files, %d stream directions compared, %d byte-identical"
                        + " (%d of them with loss: %d identical), %d streams not matched by tuple%n",
                files, t.compared, t.equal, t.lossy, t.lossyEqual, t.unmatched);
        t.differing.forEach(d -> System.out.println("  differs: " + d));
        int clean = t.compared - t.lossy, cleanEqual = t.equal - t.lossyEqual;
        System.out.printf("  without loss: %d/%d identical%n", cleanEqual, clean);
        assertThat(clean).isGreaterThan(50);
        assertThat(cleanEqual).isEqualTo(clean);
    }

    private void compareFile(Path cap, Tally t) throws IOException {
        StreamConfig cfg = new StreamConfig();
        cfg.depth = 0;
        cfg.midstream = true;
        cfg.memcap = 256L << 20;
        cfg.maxHeldPerDirection = 64 << 20;
        cfg.policy = OverlapPolicy.FIRST;
        StreamHarness h = new StreamHarness(cfg);
        try (CaptureFile f = CaptureFile.open(cap); PacketSource src = f.cursor()) {
            Frame fr = new Frame();
            while (src.next(fr)) h.feed(fr);
        }
        h.shutdown();
        // my flows by unordered tuple, in creation order
        Map<String, List<Flow>> mine = new HashMap<>();
        for (Flow f : h.flows) mine.computeIfAbsent(tupleKey(ep(f, true), ep(f, false)), k -> new ArrayList<>()).add(f);

        String file = cap.toString();
        // one pass: each TCP packet's stream, and whether tshark saw a segment missing before it
        String out = Tools.run(300, "tshark", "-n", "-r", file, "-Y", "tcp", "-T", "fields", "-e", "tcp.stream",
                "-e", "tcp.analysis.lost_segment", "-e", "tcp.analysis.ack_lost_segment").stdout();
        int streams = 0;
        Set<Integer> lossy = new HashSet<>();
        for (String l : out.split("\n")) {
            String[] c = l.split("\t", -1);
            if (c[0].isBlank()) continue;
            int s = Integer.parseInt(c[0].trim());
            streams = Math.max(streams, s + 1);
            if ((c.length > 1 && !c[1].isBlank()) || (c.length > 2 && !c[2].isBlank())) lossy.add(s);
        }
        if (streams == 0) return;
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file, "-q"));
        for (int i = 0; i < streams; i++) {
            cmd.add("-z");
            cmd.add("follow,tcp,raw," + i);
        }
        Map<Integer, String[]> follow = parseFollow(Tools.run(300, cmd.toArray(String[]::new)).stdout());
        Map<String, Integer> used = new HashMap<>();
        Map<String, Integer> theirCount = new HashMap<>();
        for (String[] b : follow.values()) if (!b[0].isEmpty()) theirCount.merge(tupleKey(b[0], b[1]), 1, Integer::sum);
        for (int i = 0; i < streams; i++) {
            String[] b = follow.get(i);
            if (b == null || b[0].isEmpty()) continue;
            String key = tupleKey(b[0], b[1]);
            List<Flow> cands = mine.get(key);
            int k = used.merge(key, 1, Integer::sum) - 1;
            if (cands == null || k >= cands.size()) {
                t.unmatched++;
                continue;
            }
            // one tshark stream that is several of our flows differing only in VLAN tags (Suricata keys flows
            // on VLANs, tshark does not; a capture may tag the two directions differently): join them
            List<Flow> parts = theirCount.get(key) == 1 && cands.size() > 1 && vlanSplit(cands) ? cands : List.of(cands.get(k));
            for (int dir = 0; dir < 2; dir++) {
                byte[] theirs = HexFormat.of().parseHex(b[2 + dir]);
                String sender = b[dir];
                java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
                int gapCount = 0;
                for (Flow f : parts) {
                    StreamHarness.Side side = h.conv(f).side(sender.equals(ep(f, true)));
                    joined.writeBytes(side.bytes.toByteArray());
                    gapCount += side.gapCount;
                }
                byte[] ours = joined.toByteArray();
                if (theirs.length == 0 && ours.length == 0) continue;
                boolean loss = lossy.contains(i) || gapCount > 0;
                boolean eq = Arrays.equals(theirs, ours);
                t.compared++;
                if (eq) t.equal++;
                if (loss) {
                    t.lossy++;
                    if (eq) t.lossyEqual++;
                } else if (!eq) {
                    t.differing.add(cap.getFileName() + " stream " + i + " node" + dir + ": tshark " + theirs.length
                            + " bytes, ours " + ours.length + " (first difference at " + Arrays.mismatch(theirs, ours) + ")");
                }
            }
        }
    }

    private static boolean vlanSplit(List<Flow> flows) {
        Flow first = flows.get(0);
        for (Flow f : flows.subList(1, flows.size())) {
            if (f.vlanCount == first.vlanCount && Arrays.equals(f.vlan, first.vlan)) return false;
        }
        return true;
    }

    /** Stream index -> {node0 endpoint, node1 endpoint, node0 hex, node1 hex}. */
    static Map<Integer, String[]> parseFollow(String text) {
        Map<Integer, String[]> r = new LinkedHashMap<>();
        String[] cur = null;
        StringBuilder n0 = null, n1 = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Filter: tcp.stream eq ")) {
                int idx = Integer.parseInt(line.substring("Filter: tcp.stream eq ".length()).trim());
                cur = new String[] {"", "", "", ""};
                r.put(idx, cur);
                n0 = new StringBuilder();
                n1 = new StringBuilder();
            } else if (cur == null) {
                continue;
            } else if (line.startsWith("Node 0: ")) {
                cur[0] = normalize(line.substring(8).trim());
            } else if (line.startsWith("Node 1: ")) {
                cur[1] = normalize(line.substring(8).trim());
            } else if (line.startsWith("=====")) {
                cur[2] = n0.toString();
                cur[3] = n1.toString();
                cur = null;
            } else if (line.startsWith("\t")) {
                n1.append(line.trim());
            } else if (!line.isBlank()) {
                n0.append(line.trim());
            }
        }
        return r;
    }

    static String normalize(String ipPort) {
        int c = ipPort.lastIndexOf(':');
        if (c <= 0) return "";
        String ip = ipPort.substring(0, c);
        if (ip.startsWith("[")) ip = ip.substring(1, ip.length() - 1);
        try {
            return InetAddress.getByName(ip).getHostAddress() + "/" + ipPort.substring(c + 1);
        } catch (UnknownHostException e) {
            return ipPort;
        }
    }

    static String ep(Flow f, boolean a) {
        long hi = a ? f.aHi : f.bHi, lo = a ? f.aLo : f.bLo;
        int port = a ? f.aPort : f.bPort;
        byte[] addr;
        if (f.ipVersion == 4) {
            addr = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        } else {
            addr = new byte[16];
            for (int i = 0; i < 8; i++) {
                addr[i] = (byte) (hi >>> (56 - 8 * i));
                addr[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(addr).getHostAddress() + "/" + port;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tupleKey(String x, String y) {
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }
}
