package dev.vigil.applayer.http;

import dev.vigil.testing.EveJson;

import dev.vigil.testing.RecordingContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files carried by HTTP (downloads, plain uploads; dechunked and gzip/deflate-decoded) have the MD5 of
 * the objects tshark exports from the same captures ({@code --export-objects http}).
 */
class HttpFileTsharkTest {
    static final List<String> CAPTURES = List.of("http/zeek-get.pcap", "http/zeek-get-gzip.pcap", "http/arkime-http-content-gzip.pcap",
            "http/scapy-http_chunk.pcap.gz", "http/zeek-pipelined-requests.pcap", "http/zeek-x-gzip.pcap", "http/zeek-web.pcap",
            "http/zeek-http-post-large.pcap", "http/arkime-http-no-length.pcap", "http/zeek-missing-zlib-header.pcap",
            "http/cs-http_google.pcapng", "http/zeek-byteranges.pcap", "http/zeek-100-continue.pcap");
    static final Pattern MD5 = Pattern.compile("\"md5\":\"([0-9a-f]{32})\"");

    @Test
    void fileHashesMatchTsharkExports(@TempDir Path tmp) throws IOException, NoSuchAlgorithmException {
        Tools.require("tshark");
        int exported = 0, matched = 0;
        List<String> misses = new ArrayList<>();
        for (String rel : CAPTURES) {
            Path f = Corpus.file(rel);
            if (!Files.exists(f)) continue;
            Path dir = tmp.resolve(rel.replace('/', '_'));
            Files.createDirectories(dir);
            Tools.run(600, "tshark", "-r", f.toString(), "-q", "--export-objects", "http," + dir);
            List<String> theirs = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path o : s.toList()) {
                    byte[] b = Files.readAllBytes(o);
                    if (b.length > 0) theirs.add(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)));
                }
            }
            List<String> ours = ourMd5s(f);
            for (String m : theirs) {
                exported++;
                if (ours.remove(m)) matched++;
                else misses.add(rel + " " + m);
            }
        }
        System.out.println("HTTP files: " + matched + "/" + exported + " tshark-exported objects have an equal-MD5 Vigil file");
        misses.forEach(m -> System.out.println("  no Vigil file with md5 " + m));
        assertThat(exported).isGreaterThan(20);
        assertThat(matched * 100L).isGreaterThanOrEqualTo(95L * exported);
    }

    static List<String> ourMd5s(Path capture) {
        List<String> out = new ArrayList<>();
        TcpFollow.Query q = HttpTsharkAgreementTest.query(capture);
        Map<Integer, TcpFollow.Stream> convs = q.streams(HttpTsharkAgreementTest.tsharkValues(q.lines()).keySet());
        for (TcpFollow.Stream c : convs.values()) {
            boolean node0Client = HttpTsharkAgreementTest.node0IsClient(c);
            RecordingContext ctx = new RecordingContext();
            HttpParser p = new HttpParser(ctx);
            for (TcpFollow.Segment s : c.segments()) p.onData(s.fromNode0() == node0Client, s.data(), 0, s.data().length);
            p.onClose();
            for (FileInfoRecord r : ctx.of(FileInfoRecord.class)) {
                Matcher m = MD5.matcher(EveJson.text(r));
                if (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }
}
