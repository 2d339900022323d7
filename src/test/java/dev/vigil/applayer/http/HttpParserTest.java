package dev.vigil.applayer.http;

import dev.vigil.testing.EveJson;

import dev.vigil.testing.RecordingContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.Probe;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.applayer.files.ObservedFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The parser on hand-made conversations: framing, matching, files, decoding, anomalies. */
class HttpParserTest {
    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Feeds each direction whole, then closes. */
    static RecordingContext run(String client, byte[] server) {
        return run(ascii(client), server, Integer.MAX_VALUE);
    }

    /** Feeds client then server bytes in pieces of {@code step} bytes (1 finds state kept across calls). */
    static RecordingContext run(byte[] client, byte[] server, int step) {
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx);
        feed(p, true, client, step);
        feed(p, false, server, step);
        p.onClose();
        return ctx;
    }

    static void feed(HttpParser p, boolean toServer, byte[] b, int step) {
        for (int i = 0; i < b.length; i += step) {
            int n = Math.min(step, b.length - i);
            byte[] copy = new byte[n + 4];
            System.arraycopy(b, i, copy, 2, n);
            p.onData(toServer, copy, 2, n); // offset not 0, as the dispatcher may hand a slice
        }
    }

    @Test
    void probeAcceptsMethodsAndStatusLinesOnly() {
        HttpProtocol h = new HttpProtocol();
        assertThat(h.probe(true, ascii("GET / HTTP/1.1\r\n"), 0, 16, 1, 80)).isEqualTo(Probe.MATCH);
        assertThat(h.probe(true, ascii("PROPFIND /x"), 0, 11, 1, 80)).isEqualTo(Probe.MATCH);
        assertThat(h.probe(true, ascii("PROP"), 0, 4, 1, 80)).isEqualTo(Probe.NEED_MORE);
        assertThat(h.probe(true, ascii("GET"), 0, 3, 1, 80)).isEqualTo(Probe.NEED_MORE);
        assertThat(h.probe(true, ascii("GETX /"), 0, 6, 1, 80)).isEqualTo(Probe.NO);
        assertThat(h.probe(true, ascii("\u0016\u0003\u0001"), 0, 3, 1, 443)).isEqualTo(Probe.NO);
        assertThat(h.probe(false, ascii("HTTP/1.1 200 OK"), 0, 15, 1, 80)).isEqualTo(Probe.MATCH);
        assertThat(h.probe(false, ascii("HTTP/"), 0, 5, 1, 80)).isEqualTo(Probe.NEED_MORE);
        assertThat(h.probe(false, ascii("SSH-2.0"), 0, 7, 1, 80)).isEqualTo(Probe.NO);
    }

    @Test
    void pipelinedRequestsMatchResponsesInOrderAcrossAnySplit() {
        String client = "GET /a HTTP/1.1\r\nHost: Example.COM:8080\r\nUser-Agent: t/1\r\nReferer: http://r/\r\n\r\n"
                + "HEAD /b HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET /c?q=1 HTTP/1.0\r\n\r\n";
        byte[] server = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" // HEAD: no body despite the length
                + "HTTP/1.1 301 Moved\r\nLocation: /d\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-T: 1\r\n\r\n");
        for (int step : new int[] {Integer.MAX_VALUE, 7, 1}) {
            RecordingContext ctx = run(ascii(client), server, step);
            List<HttpRecord> h = ctx.of(HttpRecord.class);
            assertThat(h).as("step " + step).hasSize(3);
            assertThat(h.get(0).txId()).isZero();
            assertThat(h.get(0).hostname()).isEqualTo("example.com");
            assertThat(h.get(0).url()).isEqualTo("/a");
            assertThat(h.get(0).userAgent()).isEqualTo("t/1");
            assertThat(h.get(0).status()).isEqualTo(200);
            assertThat(h.get(0).length()).isEqualTo(5);
            assertThat(h.get(0).contentType()).isEqualTo("text/html");
            assertThat(h.get(1).method()).isEqualTo("HEAD");
            assertThat(h.get(1).length()).isZero();
            assertThat(h.get(2).txId()).isEqualTo(2);
            assertThat(h.get(2).status()).isEqualTo(301);
            assertThat(h.get(2).redirect()).isEqualTo("/d");
            assertThat(h.get(2).length()).isEqualTo(3);
            assertThat(h.get(2).protocol()).isEqualTo("HTTP/1.0");
            assertThat(ctx.anomalies).isEmpty();
            List<FileInfoRecord> files = ctx.of(FileInfoRecord.class);
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void interimResponsesAreSkippedAndUploadsAreFiles() throws Exception {
        byte[] body = ascii("0123456789");
        String client = "PUT /dir/up.bin HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n0123456789";
        RecordingContext ctx = run(client, ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ctx.of(HttpRecord.class)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(201));
        FileInfoRecord f = ctx.of(FileInfoRecord.class).getFirst();
        assertThat(f.fromServer()).isFalse();
        String json = EveJson.text(f);
        assertThat(json).contains("\"filename\":\"/dir/up.bin\"", "\"md5\":\"" + md5(body) + "\"", "\"state\":\"CLOSED\"", "\"size\":10");
        assertThat(json).contains("\"http\":{\"hostname\":\"h\",\"url\":\"/dir/up.bin\"");
    }

    @Test
    void gzipAndDeflateBodiesAreHashedDecoded() throws Exception {
        byte[] plain = ascii("The quick brown fox jumps over the lazy dog. ".repeat(200));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) { o.write(plain); }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        try (DeflaterOutputStream o = new DeflaterOutputStream(zl)) { o.write(plain); }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream o = new DeflaterOutputStream(raw, new Deflater(6, true))) { o.write(plain); }
        for (var c : List.of(new Object[] {"gzip", gz.toByteArray()}, new Object[] {"deflate", zl.toByteArray()}, new Object[] {"deflate", raw.toByteArray()})) {
            byte[] enc = (byte[]) c[1];
            byte[] server = concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: " + c[0] + "\r\nContent-Length: " + enc.length + "\r\n\r\n"), enc);
            for (int step : new int[] {Integer.MAX_VALUE, 3}) {
                RecordingContext ctx = run(ascii("GET /f.txt HTTP/1.1\r\nHost: h\r\n\r\n"), server, step);
                String json = EveJson.text(ctx.of(FileInfoRecord.class).getFirst());
                assertThat(json).as(c[0] + " step " + step).contains("\"md5\":\"" + md5(plain) + "\"", "\"size\":" + plain.length);
                assertThat(ctx.of(HttpRecord.class).getFirst().length()).isEqualTo(enc.length);
                assertThat(ctx.anomalies).isEmpty();
            }
        }
    }

    @Test
    void zipBombIsCutAndReported() {
        byte[] zeros = new byte[64 << 20];
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) { o.write(zeros); } catch (java.io.IOException e) { throw new AssertionError(e); }
        byte[] enc = gz.toByteArray();
        RecordingContext ctx = run(ascii("GET /bomb HTTP/1.1\r\n\r\n"),
                concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + enc.length + "\r\n\r\n"), enc), Integer.MAX_VALUE);
        assertThat(ctx.anomalies).contains("COMPRESSION_BOMB");
        FileInfoRecord f = ctx.of(FileInfoRecord.class).getFirst();
        assertThat(EveJson.text(f)).contains("\"state\":\"TRUNCATED\"");
        assertThat(ctx.of(HttpRecord.class)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void multipartPartsWithFilenamesAreFiles() throws Exception {
        String b = "----WebKitFormBoundaryx";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "line1\r\n--not-the-boundary\r\nline2\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"g\"; filename=\"b.bin\"\r\n\r\n\r\r\n-\r\n"
                + "--" + b + "--\r\n";
        String client = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=" + b
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        for (int step : new int[] {Integer.MAX_VALUE, 5, 1}) {
            RecordingContext ctx = run(ascii(client), ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), step);
            List<FileInfoRecord> files = ctx.of(FileInfoRecord.class);
            assertThat(files).as("step " + step).hasSize(2);
            assertThat(EveJson.text(files.get(0))).contains("\"filename\":\"a.txt\"", "\"md5\":\"" + md5(ascii("line1\r\n--not-the-boundary\r\nline2")) + "\"");
            assertThat(EveJson.text(files.get(1))).contains("\"filename\":\"b.bin\"", "\"md5\":\"" + md5(ascii("\r\r\n-")) + "\"");
            assertThat(ctx.anomalies).isEmpty();
        }
    }

    @Test
    void bodyUntilCloseAndIncompleteTransactionsAreLoggedAtClose() {
        RecordingContext ctx = run("GET /x HTTP/1.0\r\n\r\nGET /never HTTP/1.1\r\nHost: a\r\n\r\n", ascii("HTTP/1.0 200 OK\r\n\r\nuntil close"));
        List<HttpRecord> h = ctx.of(HttpRecord.class);
        assertThat(h).hasSize(2);
        assertThat(h.get(0).length()).isEqualTo(11);
        assertThat(h.get(1).url()).isEqualTo("/never");
        assertThat(h.get(1).status()).isEqualTo(-1);
        assertThat(EveJson.text(ctx.of(FileInfoRecord.class).getFirst())).contains("\"state\":\"CLOSED\"", "\"size\":11");
    }

    @Test
    void headerLinesEndedBeforeALossOrTheCloseAreKept() {
        // the header block never ends: a gap (ndpi-fuzz-2006-09-29-28586) or the close cuts the next line
        for (boolean gap : new boolean[] {true, false}) {
            RecordingContext ctx = new RecordingContext();
            HttpParser p = new HttpParser(ctx);
            byte[] c = ascii("GET /servlets/mms HTTP/1.1\r\nHost: 172.20.3.13\r\nUser-Agent: probe\r\nOpt: \"htt");
            p.onData(true, c, 0, c.length);
            if (gap) p.onGap(true, 1460);
            p.onClose();
            HttpRecord r = ctx.of(HttpRecord.class).getFirst();
            assertThat(EveJson.text(r)).as(gap ? "after a gap" : "at the close")
                    .contains("\"hostname\":\"172.20.3.13\"", "\"http_user_agent\":\"probe\"", "\"url\":\"/servlets/mms\"");
        }
    }

    @Test
    void truncatedDownloadIsMarkedTruncated() {
        RecordingContext ctx = run("GET /big.iso HTTP/1.1\r\nHost: a\r\n\r\n", ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));
        assertThat(EveJson.text(ctx.of(FileInfoRecord.class).getFirst())).contains("\"filename\":\"/big.iso\"", "\"state\":\"TRUNCATED\"", "\"size\":9");
        assertThat(ctx.of(HttpRecord.class)).hasSize(1);
    }

    @Test
    void gapInsideBodyMarksFileAndKeepsFraming() {
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx);
        p.onData(true, ascii("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"), 0, 36);
        byte[] s1 = ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01");
        p.onData(false, s1, 0, s1.length);
        p.onGap(false, 5);
        byte[] s2 = ascii("789HTTP/1.1 404 NF\r\nContent-Length: 0\r\n\r\n");
        p.onData(false, s2, 0, s2.length);
        p.onClose();
        assertThat(ctx.of(HttpRecord.class)).extracting(HttpRecord::status).containsExactly(200, 404);
        assertThat(EveJson.text(ctx.of(FileInfoRecord.class).getFirst())).contains("\"gaps\":true").doesNotContain("md5");
    }

    @Test
    void connectTunnelEndsParsingAndHoldsClientBytesUntilAnswered() {
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx);
        byte[] c = ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\u0016\u0003\u0001\u0000\u0005hello");
        p.onData(true, c, 0, c.length);
        assertThat(p.done()).isFalse();
        byte[] s = ascii("HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0003");
        p.onData(false, s, 0, s.length);
        assertThat(p.done()).isTrue();
        p.onClose();
        assertThat(ctx.of(HttpRecord.class)).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("CONNECT");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.hostname()).isEqualTo("example.com");
        });
        assertThat(ctx.anomalies).isEmpty();
    }

    @Test
    void refusedConnectLetsTheNextRequestThrough() {
        RecordingContext ctx = run("CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n",
                ascii("HTTP/1.1 407 Auth\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ctx.of(HttpRecord.class)).extracting(HttpRecord::url).containsExactly("x:443", "/after");
    }

    @Test
    void upgradeEndsParsing() {
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx);
        byte[] c = ascii("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        p.onData(true, c, 0, c.length);
        byte[] s = ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0005hello");
        p.onData(false, s, 0, s.length);
        assertThat(p.done()).isTrue();
        assertThat(ctx.of(HttpRecord.class)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(101));
    }

    @Test
    void absoluteUriGivesHostnameAndPort() {
        RecordingContext ctx = run("GET http://Proxy.Example:3128/p/../q/%7Euser?x HTTP/1.1\r\nHost: other\r\n\r\n", ascii("HTTP/1.1 204 No\r\n\r\n"));
        HttpRecord r = ctx.of(HttpRecord.class).getFirst();
        assertThat(r.hostname()).isEqualTo("proxy.example");
        assertThat(r.url()).isEqualTo("http://Proxy.Example:3128/p/../q/%7Euser?x");
        assertThat(EveJson.text(r)).contains("\"http_port\":3128");
        assertThat(UriNormalizer.normalize(r.url())).isEqualTo("/q/~user?x");
        assertThat(UriNormalizer.normalize("/a/./b/../../c/%2e%2E/d%2Fe")).isEqualTo("/d%2Fe");
    }

    @Test
    void malformedInputIsReportedWithLibhtpNames() {
        RecordingContext ctx = run("GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\nBad Name: x\r\n\r\n"
                + "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                ascii("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"));
        assertThat(ctx.anomalies).contains("REQUEST_FIELD_MISSING_COLON", "REQUEST_HEADER_INVALID", "INVALID_REQUEST_CHUNK_LEN",
                "INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE");
        assertThat(ctx.of(HttpRecord.class)).hasSize(2);
    }

    @Test
    void overlongLinesAndHeaderFloodsStayBounded() {
        StringBuilder c = new StringBuilder("GET /").append("a".repeat(100_000)).append(" HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 2000; i++) c.append("X-").append(i).append(": v\r\n");
        c.append("\r\n");
        RecordingContext ctx = run(c.toString(), ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ctx.anomalies).contains("REQUEST_FIELD_TOO_LONG", "REQUEST_TOO_MANY_HEADERS");
        HttpRecord r = ctx.of(HttpRecord.class).getFirst();
        assertThat(r.url().length()).isLessThanOrEqualTo(MessageReader.MAX_LINE);
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void foldedHeadersAreJoined() {
        RecordingContext ctx = run("GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: first\r\n  second\r\n\r\n", ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ctx.of(HttpRecord.class).getFirst().userAgent()).isEqualTo("first second");
    }

    @Test
    void responseWithoutRequestIsLogged() {
        RecordingContext ctx = run("", ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
        assertThat(ctx.of(HttpRecord.class)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(ctx.anomalies).contains("UNABLE_TO_MATCH_RESPONSE_TO_REQUEST");
    }

    @Test
    void http09RequestTakesTheWholeResponseAsBody() {
        RecordingContext ctx = run("GET /old\r\n", ascii("<html>no status line</html>"));
        assertThat(ctx.anomalies).isEmpty();
        HttpRecord r = ctx.of(HttpRecord.class).getFirst();
        assertThat(r.url()).isEqualTo("/old");
        assertThat(r.protocol()).isNull();
        assertThat(r.length()).isEqualTo(27);
    }

    @Test
    void statusThatIsNotANumberIsLoggedAsString() {
        RecordingContext ctx = run("GET / HTTP/1.1\r\nHost: h\r\n\r\n", ascii("HTTP/1.1 2XX OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(EveJson.text(ctx.of(HttpRecord.class).getFirst())).contains("\"status_string\":\"2XX\"").doesNotContain("\"status\":");
    }

    @Test
    void contentDispositionNamesTheDownload() {
        RecordingContext ctx = run("GET /dl?id=3 HTTP/1.1\r\nHost: h\r\n\r\n",
                ascii("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"eicar.txt\"\r\nContent-Length: 3\r\n\r\nabc"));
        FileInfoRecord f = ctx.of(FileInfoRecord.class).getFirst();
        assertThat(f.fromServer()).isTrue();
        assertThat(EveJson.text(f)).contains("\"filename\":\"eicar.txt\"");
    }

    @Test
    void emptyBodiesAreNoFiles() {
        RecordingContext ctx = run("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ctx.of(FileInfoRecord.class)).isEmpty();
        assertThat(ObservedFile.MAGIC_BYTES).isPositive();
    }

    @Test
    void requestLineWithoutTargetStillReadsHeaders() {
        RecordingContext ctx = run("OPTIONS HTTP/1.1\r\nHost: www.Google.com\r\n\r\n", ascii("HTTP/1.0 400 Bad\r\nContent-Length: 0\r\n\r\n"));
        HttpRecord r = ctx.of(HttpRecord.class).getFirst();
        assertThat(r.hostname()).isEqualTo("www.google.com");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.url()).isNull();
    }

    @Test
    void requestLineWithoutProtocolKeepsItsHeadersAndItsStatusLineResponse() {
        RecordingContext ctx = run("GET /HTTP/1.1\r\nHost: www.google.com\r\n\r\n", ascii("HTTP/1.0 400 Bad\r\nContent-Length: 2\r\n\r\nno"));
        HttpRecord r = ctx.of(HttpRecord.class).getFirst();
        assertThat(r.hostname()).isEqualTo("www.google.com");
        assertThat(r.url()).isEqualTo("/HTTP/1.1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.length()).isEqualTo(2);
        assertThat(ctx.of(HttpRecord.class)).hasSize(1);
    }
}
