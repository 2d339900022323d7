package dev.vigil.applayer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.InspectionBuffers;
import dev.vigil.testing.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The buffers an HTTP transaction offers to signatures when rules ask for them ({@link HttpInspection}),
 * and the libhtp readings of odd messages that decide what those buffers hold (evasions from the
 * http-evader corpus, rebuilt here by hand).
 */
class HttpInspectionTest {
    static final int LIMIT = 100 * 1024;

    /** Buffers by "name>" (request) or "name<" (response), each value as text. */
    static Map<String, List<String>> buffers(String request, byte[] response, int limit) {
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx, HttpLogOptions.DEFAULT, limit);
        byte[] req = request.getBytes(StandardCharsets.ISO_8859_1);
        p.onData(true, req, 0, req.length);
        if (response != null) p.onData(false, response, 0, response.length);
        p.onClose();
        Map<String, List<String>> out = new HashMap<>();
        for (HttpRecord r : ctx.of(HttpRecord.class)) {
            r.buffers((name, toServer, value) -> out.computeIfAbsent(name + (toServer ? ">" : "<"), k -> new ArrayList<>())
                    .add(new String(value, StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] b) {
        Deflater d = new Deflater();
        d.setInput(b);
        d.finish();
        byte[] buf = new byte[b.length + 64];
        int n = d.deflate(buf);
        d.end();
        return java.util.Arrays.copyOf(buf, n);
    }

    static final String BODY = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @Test
    void headersStartLinesCookiesAndBodies() {
        String req = "POST /up?x=1 HTTP/1.1\r\nHost: Example.org\r\nCookie: a=b\r\nAccept: */*\r\nX-Dup: 1\r\nX-Dup: 2\r\n"
                + "Content-Length: 5\r\n\r\nhello";
        byte[] resp = bytes("HTTP/1.1 200 OK\r\nServer: nginx\r\nSet-Cookie: s=1\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc");
        Map<String, List<String>> b = buffers(req, resp, LIMIT);
        assertThat(b.get("http.request_line>")).containsExactly("POST /up?x=1 HTTP/1.1");
        assertThat(b.get("http.response_line<")).containsExactly("HTTP/1.1 200 OK");
        // the cookie has its own buffer; repeated headers are joined as libhtp does
        assertThat(b.get("http.header>")).containsExactly("Host: Example.org\r\nAccept: */*\r\nX-Dup: 1, 2\r\nContent-Length: 5\r\n");
        assertThat(b.get("http.cookie>")).containsExactly("a=b");
        assertThat(b.get("http.cookie<")).containsExactly("s=1");
        assertThat(b.get("http.header.raw>").get(0)).contains("Cookie: a=b\r\n").endsWith("\r\n\r\n");
        assertThat(b.get("http.header_names>")).containsExactly("\r\nHost\r\nCookie\r\nAccept\r\nX-Dup\r\nX-Dup\r\nContent-Length\r\n\r\n");
        assertThat(b.get("http.accept>")).containsExactly("*/*");
        assertThat(b.get("http.server<")).containsExactly("nginx");
        assertThat(b.get("http.content_type<")).containsExactly("text/plain");
        assertThat(b.get("http.request_body>")).containsExactly("hello");
        assertThat(b.get("file.data>")).containsExactly("hello");
        assertThat(b.get("http.response_body<")).containsExactly("abc");
        assertThat(b.get("file.data<")).containsExactly("abc");
        assertThat(b.get("http.start>").get(0)).startsWith("POST /up?x=1 HTTP/1.1\r\nHost: Example.org\r\n");
    }

    @Test
    void notKeptWithoutTheSettingAndBoundedWithIt() {
        String req = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        byte[] resp = bytes("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789");
        assertThat(buffers(req, resp, 0)).doesNotContainKeys("http.header>", "file.data<");
        assertThat(buffers(req, resp, 8).get("file.data<")).containsExactly("01234567");
    }

    @Test
    void compressedBodiesAreInspectedDecodedThroughEveryLayer() throws Exception {
        String req = "GET /e HTTP/1.1\r\nHost: a\r\n\r\n";
        byte[] once = gzip(bytes(BODY));
        byte[] twice = gzip(deflate(bytes(BODY)));
        assertThat(buffers(req, concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + once.length + "\r\n\r\n"), once), LIMIT)
                .get("file.data<")).containsExactly(BODY);
        // two headers are two layers, the last one applied last (undone first)
        assertThat(buffers(req, concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Encoding: gzip\r\nContent-Length: "
                + twice.length + "\r\n\r\n"), twice), LIMIT).get("file.data<")).containsExactly(BODY);
        byte[] d = deflate(bytes(BODY));
        assertThat(buffers(req, concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding: deflate,identity\r\nContent-Length: " + d.length + "\r\n\r\n"), d), LIMIT)
                .get("file.data<")).containsExactly(BODY);
        // a stray byte around the coding's name does not hide it
        assertThat(buffers(req, concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding:\u00a0gzip\r\nContent-Length: " + once.length + "\r\n\r\n"), once), LIMIT)
                .get("file.data<")).containsExactly(BODY);
        // a compressed request body is inspected decompressed
        byte[] post = gzip(bytes("name=value"));
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx, HttpLogOptions.DEFAULT, LIMIT);
        byte[] r = concat(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\nContent-Length: " + post.length + "\r\n\r\n"), post);
        p.onData(true, r, 0, r.length);
        p.onClose();
        List<String> bodies = new ArrayList<>();
        for (HttpRecord rec : ctx.of(HttpRecord.class)) {
            rec.buffers((name, toServer, value) -> { if (name.equals("http.request_body")) bodies.add(new String(value, StandardCharsets.ISO_8859_1)); });
        }
        assertThat(bodies).containsExactly("name=value");
    }

    @Test
    void libhtpReadingsOfOddFraming() {
        String req = "GET /e HTTP/1.1\r\nHost: a\r\n\r\n";
        // a vertical tab after a chunk size
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "f\u000b\r\n" + BODY.substring(0, 15) + "\r\n"
                + Integer.toHexString(BODY.length() - 15) + "\r\n" + BODY.substring(15) + "\r\n0\r\n\r\n";
        assertThat(buffers(req, bytes(chunked), LIMIT).get("file.data<")).containsExactly(BODY);
        // "chu\0nked": libhtp ignores the NUL
        String nul = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chu\u0000nked\r\n\r\n" + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
        assertThat(buffers(req, bytes(nul), LIMIT).get("file.data<")).containsExactly(BODY);
        // headers ended by " \n" (a blank ended by a bare LF) and by "\r\r\n"
        assertThat(buffers(req, bytes("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\n \n" + BODY), LIMIT).get("file.data<"))
                .containsExactly(BODY);
        assertThat(buffers(req, bytes("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\n\r\r\n" + BODY), LIMIT).get("file.data<"))
                .containsExactly(BODY);
        // a blank line ended by CR LF is folding: the header goes on, and so do the headers
        String folded = "HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n \r\n chunked\r\n\r\n" + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
        assertThat(buffers(req, bytes(folded), LIMIT).get("file.data<")).containsExactly(BODY);
    }

    @Test
    void codingsOfAContentEncodingValue() {
        assertThat(HttpParser.codings("gzip")).containsExactly(true);
        assertThat(HttpParser.codings("deflate, gzip")).containsExactly(false, true);
        assertThat(HttpParser.codings("identity")).isEmpty();
        assertThat(HttpParser.codings("br")).isNull();
        assertThat(InspectionBuffers.bytes("\u00e9")).containsExactly((byte) 0xe9);
    }
}
