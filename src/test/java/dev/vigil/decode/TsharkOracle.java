package dev.vigil.decode;

import dev.vigil.testing.TsharkCache;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tshark says about each frame of a capture, reduced to what the decoder must agree with: the
 * innermost IP layer and transport ports that Vigil also decodes. tshark dissects more than Vigil does
 * (CAPWAP, GTP-C, ...) and reads into ICMP error quotes; the dissection is therefore cut at the
 * first layer Vigil does not follow as an encapsulation, and ICMP is terminal.
 */
final class TsharkOracle {
    private TsharkOracle() {}

    /** Layers Vigil follows, in tshark's protocol names. A frame's layer list is cut at the first other one. */
    static final Set<String> FOLLOWED = Set.of("eth", "ethertype", "vlan", "ip", "ipv6", "ipv6.hopopts", "ipv6.routing",
            "ipv6.fraghdr", "ipv6.dstopts", "ipv6.mipv6", "ah", "gre", "erspan", "ppp", "pppoes", "mpls", "vxlan", "geneve",
            "teredo", "udp", "tcp", "sll", "null", "raw", "llc", "ieee8021ah", "vntag", "wccp", "pw_eth_heur", "pwethcw",
            "chdlc", "wlan", "wlan_radio", "radiotap", "ppi", "nflog", "arcnet", "pktap", "pcap_pktdata", "gtp", "ayiya",
            "ipoib", "fddi");
    static final Set<String> TERMINAL = Set.of("icmp", "icmpv6", "tcp", "sctp", "esp");

    record Expect(int frame, String layers, int ipVersion, String src, String dst, int sport, int dport,
                  int reassembledLen) {}

    static List<Expect> read(Path capture) {
        String[] fields = {"frame.number", "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport",
                "tcp.dstport", "udp.srcport", "udp.dstport", "ip.reassembled.length", "ipv6.reassembled.length"};
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<Expect> out = new ArrayList<>();
        for (String line : cachedRun(capture, cmd)) {
            String[] c = line.split("\t", -1);
            if (c.length < fields.length) continue;
            out.add(expect(c));
        }
        return out;
    }

    /** tshark's output through {@link TsharkCache}: the corpus has hundreds of files, tshark starts in about a second. */
    private static List<String> cachedRun(Path capture, List<String> cmd) {
        TsharkCache.Output r = TsharkCache.run(capture, cmd, java.util.Map.of(), 300);
        if (r.exitCode() != 0 && r.text().isEmpty()) throw new AssertionError("tshark failed on " + capture);
        return r.lines();
    }

    private static Expect expect(String[] c) {
        int frame = Integer.parseInt(c[0]);
        String[] layers = c[1].split(":");
        Map<String, Integer> seen = new HashMap<>();
        int ipVersion = 0, ipIndex = -1, portIndex = -1;
        String portProto = null;
        int n = 0;
        for (String l : layers) {
            if (!FOLLOWED.contains(l) && !TERMINAL.contains(l)) break;
            n++;
            int k = seen.merge(l, 1, Integer::sum) - 1;
            if (l.equals("ip")) {
                ipVersion = 4;
                ipIndex = k;
                portProto = null;
            } else if (l.equals("ipv6")) {
                ipVersion = 6;
                ipIndex = k;
                portProto = null;
            } else if (l.equals("tcp") || l.equals("udp")) {
                portProto = l;
                portIndex = k;
            }
            if (TERMINAL.contains(l)) break;
        }
        String prefix = String.join(":", java.util.Arrays.copyOf(layers, n));
        String src = null, dst = null;
        if (ipVersion == 4) {
            src = nth(c[2], ipIndex);
            dst = nth(c[3], ipIndex);
        } else if (ipVersion == 6) {
            src = nth(c[4], ipIndex);
            dst = nth(c[5], ipIndex);
        }
        int sport = -1, dport = -1;
        if ("tcp".equals(portProto)) {
            sport = parse(nth(c[6], portIndex));
            dport = parse(nth(c[7], portIndex));
        } else if ("udp".equals(portProto)) {
            sport = parse(nth(c[8], portIndex));
            dport = parse(nth(c[9], portIndex));
        }
        int reasm = -1;
        String rl = !c[10].isEmpty() ? c[10] : c[11];
        if (!rl.isEmpty()) reasm = parse(nth(rl, 0));
        return new Expect(frame, prefix, ipVersion, canonical(src), canonical(dst), sport, dport, reasm);
    }

    private static String nth(String list, int i) {
        if (list.isEmpty() || i < 0) return null;
        String[] v = list.split(",");
        return i < v.length ? v[i] : null;
    }

    private static int parse(String s) {
        return s == null || s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    static String canonical(String ip) {
        if (ip == null) return null;
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(ip, e);
        }
    }
}
