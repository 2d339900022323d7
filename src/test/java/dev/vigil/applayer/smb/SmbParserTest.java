package dev.vigil.applayer.smb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.applayer.Probe;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbParserTest {
    static Path corpus(String f) {
        return Corpus.file(f);
    }

    static List<JsonNode> smb(SmbTestSupport.Recorder r, String field, String value) {
        return r.ofType("smb").stream().filter(n -> n.path("smb").path(field).asText().equals(value)).toList();
    }

    /** The values suricata-verify's smb2-05 test checks on this capture (Suricata's own output). */
    @Test
    void mimikatzCopyAsSuricataLogsIt() {
        SmbTestSupport.Recorder r = SmbTestSupport.parseAll(corpus("smb/sv-20171220_smb_mimikatz_copy_to_host.pcap"));
        assertThat(r.ofType("smb")).hasSize(15);
        List<JsonNode> tree = smb(r, "command", "SMB2_COMMAND_TREE_CONNECT");
        assertThat(tree).hasSize(1);
        assertThat(tree.get(0).path("smb").path("share").asText()).isEqualTo("\\\\admin-pc\\c$");
        assertThat(tree.get(0).path("smb").path("tree_id").asLong()).isEqualTo(1);
        assertThat(smb(r, "status", "STATUS_NO_MORE_FILES")).hasSize(1);
        List<JsonNode> creates = smb(r, "filename", "temp\\mimikatz.exe").stream()
                .filter(n -> n.path("smb").path("command").asText().equals("SMB2_COMMAND_CREATE")).toList();
        assertThat(creates).hasSize(3);
        JsonNode c = creates.stream().filter(n -> n.path("smb").path("fuid").asText()
                .equals("00000055-0000-0000-000d-0000ffffffff")).findFirst().orElseThrow().path("smb");
        assertThat(c.path("disposition").asText()).isEqualTo("FILE_OPEN");
        assertThat(c.path("access").asText()).isEqualTo("normal");
        assertThat(c.path("created").asLong()).isEqualTo(1512585399L);
        assertThat(c.path("modified").asLong()).isEqualTo(1512171135L);
        assertThat(c.path("size").asLong()).isEqualTo(804352L);
        List<JsonNode> closed = r.ofType("fileinfo").stream()
                .filter(n -> n.path("fileinfo").path("state").asText().equals("CLOSED")).toList();
        assertThat(closed).hasSize(1);
        JsonNode f = closed.get(0);
        assertThat(f.path("fileinfo").path("size").asLong()).isEqualTo(804352L);
        assertThat(f.path("smb").path("command").asText()).isEqualTo("SMB2_COMMAND_READ");
        assertThat(f.path("smb").path("dialect").asText()).isEqualTo("2.10");
        assertThat(f.path("smb").path("session_id").asLong()).isEqualTo(4398046511121L);
        assertThat(f.path("smb").path("fuid").asText()).isEqualTo("00000055-0000-0000-000d-0000ffffffff");
        assertThat(f.path("smb").path("share").asText()).isEqualTo("\\\\admin-pc\\c$");
        assertThat(r.anomalies).isEmpty();
    }

    /** suricata-verify smb2-07 (psexec): dispositions, delete-on-close, IPC$ as a named pipe. */
    @Test
    void psexecAsSuricataLogsIt() {
        SmbTestSupport.Recorder r = SmbTestSupport.parseAll(corpus("smb/sv-20171220_smb_psexec_add_user.pcap"));
        System.out.println("psexec smb records: " + r.ofType("smb").size() + " (Suricata 7: 60)");
        assertThat(smb(r, "access", "delete on close").stream()
                .filter(n -> n.path("smb").path("filename").asText().equals("PSEXESVC.exe")).toList()).hasSize(1);
        assertThat(smb(r, "disposition", "FILE_OVERWRITE_IF").stream()
                .filter(n -> n.path("smb").path("filename").asText().equals("PSEXESVC.exe")).toList()).hasSize(1);
        for (String pipe : List.of("stdin", "stdout", "stderr")) {
            assertThat(smb(r, "filename", "PSEXESVC-VICTIM-PC-2412-" + pipe).stream()
                    .filter(n -> n.path("smb").path("command").asText().equals("SMB2_COMMAND_CREATE")).toList())
                    .hasSize(1);
        }
        assertThat(smb(r, "named_pipe", "\\\\dc1\\IPC$").stream()
                .filter(n -> n.path("smb").path("command").asText().equals("SMB2_COMMAND_TREE_CONNECT")).toList())
                .hasSize(1);
        assertThat(smb(r, "share", "\\\\dc1\\ADMIN$").stream()
                .filter(n -> n.path("smb").path("command").asText().equals("SMB2_COMMAND_TREE_CONNECT")).toList())
                .hasSize(2);
    }

    /** Files: MD5 of every complete file equals one that tshark --export-objects smb writes. */
    @Test
    void fileHashesMatchTsharkExport(@TempDir Path tmp) throws Exception {
        Tools.require("tshark");
        int totalExported = 0, totalMatched = 0;
        for (String f : List.of("smb/sv-20171220_smb_mimikatz_copy_to_host.pcap", "smb/zeek-smb2_100_small_files.pcap",
                "smb/zeek-smb2readwrite.pcap", "realistic/sv-smb2-peter.pcap", "realistic/sv-smb2-async-read.pcap",
                "smb/zeek-smb2.pcap")) {
            Path pcap = corpus(f);
            Path dir = Files.createDirectories(tmp.resolve(pcap.getFileName().toString()));
            Tools.run(300, "tshark", "-r", pcap.toString(), "-q", "--export-objects", "smb," + dir);
            Set<String> exported = new HashSet<>();
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) exported.add(md5(Files.readAllBytes(p)));
            }
            SmbTestSupport.Recorder r = SmbTestSupport.parseAll(pcap);
            Set<String> ours = new HashSet<>();
            int closed = 0;
            for (JsonNode n : r.ofType("fileinfo")) {
                JsonNode fi = n.path("fileinfo");
                if (fi.path("state").asText().equals("CLOSED")) {
                    closed++;
                    ours.add(fi.path("md5").asText());
                }
            }
            Set<String> common = new HashSet<>(ours);
            common.retainAll(exported);
            System.out.printf("smb files %-45s tshark %d distinct, ours CLOSED %d (%d distinct), md5 in common %d%n",
                    pcap.getFileName(), exported.size(), closed, ours.size(), common.size());
            // every file we call complete must be byte-identical to one tshark exports
            assertThat(exported).as(f).containsAll(ours);
            totalExported += exported.size();
            totalMatched += common.size();
        }
        System.out.printf("smb files: %d/%d of tshark's exported files reproduced byte-exactly%n", totalMatched,
                totalExported);
        assertThat(totalMatched).isGreaterThan(100);
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Framing: the same stream fed whole, byte by byte, or in odd chunks gives the same records. */
    @Test
    void splitAnywhereGivesTheSameRecords() {
        for (SmbTestSupport.Stream s : SmbTestSupport.streams(corpus("smb/zeek-smb2readwrite.pcap"))) {
            List<String> whole = SmbTestSupport.parse(s).records.stream().map(JsonNode::toString).toList();
            // coalesce consecutive same-direction segments: several messages per call
            List<SmbTestSupport.Segment> merged = new ArrayList<>();
            for (SmbTestSupport.Segment seg : s.segments()) {
                if (!merged.isEmpty() && merged.getLast().toServer() == seg.toServer()) {
                    byte[] a = merged.getLast().data();
                    byte[] c = new byte[a.length + seg.data().length];
                    System.arraycopy(a, 0, c, 0, a.length);
                    System.arraycopy(seg.data(), 0, c, a.length, seg.data().length);
                    merged.set(merged.size() - 1, new SmbTestSupport.Segment(seg.toServer(), c));
                } else {
                    merged.add(seg);
                }
            }
            for (int chunk : new int[] {1, 3, 97, 1 << 20}) {
                SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
                SmbParser p = new SmbParser(r);
                for (SmbTestSupport.Segment seg : merged) {
                    byte[] d = seg.data();
                    for (int o = 0; o < d.length; o += chunk) p.onData(seg.toServer(), d, o, Math.min(chunk, d.length - o));
                }
                p.onClose();
                assertThat(r.records.stream().map(JsonNode::toString).toList()).as("chunk " + chunk).isEqualTo(whole);
            }
            assertThat(whole).isNotEmpty();
        }
    }

    /**
     * Bytes lost in the middle of a message (a capture that cut a segment short, as in zeek-smb2_krb.pcap):
     * the parser looks for the next NBSS header followed by an SMB signature and goes on from there.
     */
    @Test
    void afterAGapTheNextMessageIsFoundAgain() {
        SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
        SmbParser p = new SmbParser(r);
        byte[] first = Smb2Messages.createRequest(1, "before.txt");
        p.onData(true, first, 0, 40);
        p.onGap(true, 2004);
        byte[] rest = new byte[37]; // the end of a message whose start was lost
        java.util.Arrays.fill(rest, (byte) 0x41);
        byte[] next = Smb2Messages.createRequest(2, "perftest-2.0\\src");
        byte[] chunk = new byte[rest.length + next.length];
        System.arraycopy(rest, 0, chunk, 0, rest.length);
        System.arraycopy(next, 0, chunk, rest.length, next.length);
        p.onData(true, chunk, 0, 20);
        p.onData(true, chunk, 20, chunk.length - 20); // the header in the second delivery, after stray bytes
        byte[] third = Smb2Messages.createRequest(3, "third.txt");
        feed(p, true, third);
        p.onClose();
        assertThat(smb(r, "filename", "perftest-2.0\\src")).hasSize(1);
        assertThat(smb(r, "filename", "third.txt")).hasSize(1);
        assertThat(p.done()).isFalse();
    }

    /** A 12 MiB WRITE goes through in small pieces and is hashed without being buffered. */
    @Test
    void largeWriteIsStreamed() throws Exception {
        SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
        SmbParser p = new SmbParser(r);
        byte[] fid = new byte[16];
        fid[0] = 7;
        byte[] create = Smb2Messages.createRequest(1, "big.bin");
        p.onData(true, create, 0, create.length);
        byte[] createResp = Smb2Messages.createResponse(1, fid, 12 << 20);
        p.onData(false, createResp, 0, createResp.length);
        byte[] data = new byte[12 << 20];
        new java.util.Random(1).nextBytes(data);
        byte[] head = Smb2Messages.writeRequestHead(2, fid, 0, data.length);
        p.onData(true, head, 0, head.length);
        for (int o = 0; o < data.length; o += 1460) p.onData(true, data, o, Math.min(1460, data.length - o));
        byte[] close = Smb2Messages.closeRequest(3, fid);
        p.onData(true, close, 0, close.length);
        byte[] closeResp = Smb2Messages.response(3, 6, 0, new byte[60]);
        p.onData(false, closeResp, 0, closeResp.length);
        p.onClose();
        JsonNode fi = r.ofType("fileinfo").getFirst().path("fileinfo");
        assertThat(fi.path("filename").asText()).isEqualTo("big.bin");
        assertThat(fi.path("state").asText()).isEqualTo("CLOSED");
        assertThat(fi.path("size").asLong()).isEqualTo(data.length);
        assertThat(fi.path("md5").asText()).isEqualTo(md5(data));
        assertThat(r.anomalies).isEmpty();
    }

    /** Out-of-order READ answers (several reads in flight) still give the right file. */
    @Test
    void outOfOrderReadsAreReassembled() throws Exception {
        SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
        SmbParser p = new SmbParser(r);
        byte[] fid = new byte[16];
        fid[0] = 9;
        byte[] data = new byte[3 * 65536];
        new java.util.Random(2).nextBytes(data);
        feed(p, true, Smb2Messages.createRequest(1, "dir\\x.txt"));
        feed(p, false, Smb2Messages.createResponse(1, fid, data.length));
        for (int i = 0; i < 3; i++) feed(p, true, Smb2Messages.readRequest(10 + i, fid, i * 65536L, 65536));
        for (int i : new int[] {2, 0, 1}) {
            feed(p, false, Smb2Messages.readResponse(10 + i, data, i * 65536, 65536));
        }
        feed(p, true, Smb2Messages.closeRequest(20, fid));
        feed(p, false, Smb2Messages.response(20, 6, 0, new byte[60]));
        p.onClose();
        JsonNode fi = r.ofType("fileinfo").getFirst().path("fileinfo");
        assertThat(fi.path("state").asText()).isEqualTo("CLOSED");
        assertThat(fi.path("gaps").asBoolean()).isFalse();
        assertThat(fi.path("md5").asText()).isEqualTo(md5(data));
        // one smb record for the file's READ transaction, one for the CREATE; none for CLOSE
        assertThat(r.ofType("smb")).extracting(n -> n.path("smb").path("command").asText())
                .containsExactly("SMB2_COMMAND_CREATE", "SMB2_COMMAND_READ");
    }

    @Test
    void pendingRequestsAreLoggedAtClose() {
        SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
        SmbParser p = new SmbParser(r);
        feed(p, true, Smb2Messages.createRequest(5, "lost.txt"));
        assertThat(r.records).isEmpty();
        p.onClose();
        JsonNode s = r.ofType("smb").getFirst().path("smb");
        assertThat(s.path("filename").asText()).isEqualTo("lost.txt");
        assertThat(s.path("response_done").asBoolean(true)).isFalse();
        assertThat(s.has("status")).isFalse();
    }

    @Test
    void garbageIsReportedAndGivenUp() {
        SmbTestSupport.Recorder r = new SmbTestSupport.Recorder();
        SmbParser p = new SmbParser(r);
        byte[] junk = new byte[64];
        for (int i = 0; i < 20 && !p.done(); i++) {
            junk[3] = 8;
            p.onData(true, junk, 0, 12);
        }
        assertThat(r.anomalies).contains("MALFORMED_DATA");
        assertThat(p.done()).isTrue();
    }

    @Test
    void probe() {
        SmbProtocol proto = new SmbProtocol();
        byte[] smb2 = {0, 0, 0, 0x40, (byte) 0xFE, 'S', 'M', 'B'};
        byte[] smb1 = {0, 0, 0, 0x40, (byte) 0xFF, 'S', 'M', 'B'};
        byte[] enc = {0, 0, 0, 0x40, (byte) 0xFD, 'S', 'M', 'B'};
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        assertThat(proto.probe(true, smb2, 0, 8, 5000, 445)).isEqualTo(Probe.MATCH);
        assertThat(proto.probe(false, smb1, 0, 8, 5000, 445)).isEqualTo(Probe.MATCH);
        assertThat(proto.probe(true, enc, 0, 8, 5000, 445)).isEqualTo(Probe.MATCH);
        assertThat(proto.probe(true, smb2, 0, 5, 5000, 445)).isEqualTo(Probe.NEED_MORE);
        assertThat(proto.probe(true, http, 0, http.length, 5000, 445)).isEqualTo(Probe.NO);
        byte[] keepaliveThenSmb = {(byte) 0x85, 0, 0, 0, 0, 0, 0, 0x40, (byte) 0xFE, 'S', 'M', 'B'};
        assertThat(proto.probe(true, keepaliveThenSmb, 0, keepaliveThenSmb.length, 5000, 139)).isEqualTo(Probe.MATCH);
        assertThat(proto.name()).isEqualTo("smb");
    }

    @Test
    void statusNames() {
        assertThat(NtStatus.size()).isGreaterThanOrEqualTo(40);
        assertThat(NtStatus.name(0)).isEqualTo("STATUS_SUCCESS");
        assertThat(NtStatus.name(0xC0000022)).isEqualTo("STATUS_ACCESS_DENIED");
        assertThat(NtStatus.name(0xC0DEDEAD)).isEqualTo("0xc0dedead");
        assertThat(NtStatus.hex(0)).isEqualTo("0x0");
    }

    static void feed(SmbParser p, boolean toServer, byte[] b) {
        p.onData(toServer, b, 0, b.length);
    }
}
