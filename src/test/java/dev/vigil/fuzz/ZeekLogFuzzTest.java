package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.zeek.ZeekLogs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the Zeek log reader (line splitting, TSV headers and rows, JSON rows, the
 * row-to-event mapping): Zeek logs are files a site hands the sensor. An input is [1 byte: bits 0-2 pick
 * the file name that tells the log apart, bit 3 prepends a well-formed conn header so mutations reach the
 * row mapping][log text]. Must hold: nothing escapes; every row is an event, ignored or counted malformed;
 * every event has addresses, ports in range, and times that neither go negative nor overflow.
 */
class ZeekLogFuzzTest {
    private static final String[] NAMES = {null, "conn.log", "dns.log", "http.log", "ssl.log", "ssh.log", "ftp.log", "open_conn.log.gz"};
    private static final String CONN_HEADER = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
            + "#fields\t_node_name\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\t"
            + "conn_state\torig_pkts\tresp_pkts\tlabel\n";
    /** Short lines keep the fuzzer's inputs meaningful; the bound itself is what is under test for long ones. */
    private static final ZeekLogs.Options OPTIONS = new ZeekLogs.Options(600, 100, 1000, 4096);

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(8, "w\t1713484795.943239\tC1\t10.0.0.5\t51000\t203.0.113.9\t443\ttcp\tssl\t1.5\t100\t2000\tSF\t5\t6\tBenign\n"
                        + "w\t-\tC2\tfe80::1\t1\t::1\t2\tudp\t-\t-\t-\t-\tS0\t1\t0\t(empty)\n"),
                FuzzSeeds.prefixed(3, "#separator \\x7c\n#set_separator|,\n#empty_field|(empty)\n#unset_field|-\n#path|http\n"
                        + "#fields|ts|id.orig_h|id.orig_p|id.resp_h|id.resp_p|method|host|uri|user_agent|status_code|resp_mime_types\n"
                        + "5.0|10.0.0.1|1|10.0.0.2|80|GET|a\\x7cb|/\\xc3\\xa9|UA|200|text/html,text/plain\n"),
                FuzzSeeds.prefixed(0, "{\"_path\":\"dns\",\"ts\":1664462456.755299,\"id.orig_h\":\"172.16.1.11\",\"id.orig_p\":40042,"
                        + "\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"query\":\"a.example\",\"rcode\":3,\"answers\":[\"1.2.3.4\"]}\n"
                        + "{\"ts\":\"2024-04-19T00:00:01.5Z\",\"id\":{\"orig_h\":\"10.0.0.1\",\"orig_p\":1,\"resp_h\":\"10.0.0.2\",\"resp_p\":22},"
                        + "\"auth_success\":true,\"auth_attempts\":2}\n"),
                FuzzSeeds.prefixed(6, "#separator \\x09\n#path\tftp\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tuser\tcommand\treply_code\n"
                        + "14.1\t203.0.113.5\t40002\t10.0.0.21\t21\troot\tPASS\t530\n"
                        + "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttunnel_parents   label   detailed-label\n"
                        + "1\t1.2.3.4\t1\t5.6.7.8\t2\t-   Malicious   C&C\n"))
                .map(b -> Arguments.of((Object) b));
    }

    /** The seeds plus one compressed, so the fuzzer starts inside the gzip path too. */
    static Stream<Arguments> allSeeds() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(7);
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(b)) {
            gz.write((CONN_HEADER.replace("_node_name\t", "") + "1.0\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t0\t0\tS0\t1\t0\t-\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Stream.concat(seeds(), Stream.of(Arguments.of((Object) b.toByteArray())));
    }

    @MethodSource("allSeeds")
    @FuzzTest
    void read(byte[] input) {
        if (input.length == 0) return;
        int mode = input[0] & 0xff;
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        if ((mode & 8) != 0) {
            byte[] h = CONN_HEADER.getBytes(StandardCharsets.US_ASCII);
            byte[] b = new byte[h.length + body.length];
            System.arraycopy(h, 0, b, 0, h.length);
            System.arraycopy(body, 0, b, h.length, body.length);
            body = b;
        }
        long lines = lines(body);
        long[] events = {0};
        ZeekLogs.Stats st = ZeekLogs.read(new ByteArrayInputStream(body), NAMES[mode & 7], OPTIONS, e -> {
            events[0]++;
            check(e);
        });
        if (st.rows() != st.events() + st.ignored() + st.malformedRows()) throw new IllegalStateException("rows do not add up: " + st);
        if (st.events() != events[0]) throw new IllegalStateException("events counted " + st.events() + ", delivered " + events[0]);
        if (st.rows() > lines) throw new IllegalStateException(st.rows() + " rows from " + lines + " lines");
    }

    /** Lines of the text the reader sees: a gzip body (told by its magic, as the reader tells it) counts decompressed, up to where it breaks. */
    private static long lines(byte[] body) {
        long lines = 1;
        if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            byte[] buf = new byte[8192];
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(body))) {
                for (int n; (n = in.read(buf)) > 0; ) for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
            } catch (java.io.IOException | RuntimeException e) {
                // corrupt or truncated: the reader keeps the rows before the break, and so does this count
            }
            return lines;
        }
        for (byte c : body) if (c == '\n') lines++;
        return lines;
    }

    private static void check(NetworkEvent e) {
        // a notice may name no target (an address scan has many); every other event has both ends
        boolean targetless = e instanceof dev.vigil.detect.behavior.event.SensorNotice && e.dst() == null;
        if (e.src() == null || e.src().isEmpty() || !targetless && (e.dst() == null || e.dst().isEmpty())) throw new IllegalStateException("event without endpoints: " + e);
        if (e.srcPort() < 0 || e.srcPort() > 65535 || e.dstPort() < 0 || e.dstPort() > 65535) throw new IllegalStateException("port out of range: " + e);
        if (e.tsNanos() < 0 || e.orderNanos() < e.tsNanos()) throw new IllegalStateException("time out of range: " + e);
        if (e instanceof Connection c && (c.durationNanos() < 0 || c.bytesOut() < 0 || c.bytesIn() < 0 || c.proto().isEmpty())) {
            throw new IllegalStateException("bad connection: " + e);
        }
    }
}
