package dev.vigil.applayer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The eve-log http options (dump-all-headers, custom, extended) and the connection that ends inside a
 * start line, on suricata-verify's captures for them (http-all-headers, bug-3844, bug-4702-01).
 */
class HttpLogOptionsTest {
    static Path sv(String test) {
        return Corpus.suricataVerify().resolve("tests").resolve(test).resolve("input.pcap");
    }

    /**
     * Feeds the capture's first TCP stream that carries data, segment by segment as tshark reassembles it
     * (node 0 is the client), then closes.
     */
    static RecordingContext run(Path pcap, HttpLogOptions options) {
        Tools.require("tshark");
        TcpFollow.Stream c = null;
        for (TcpFollow.Stream s : TcpFollow.follow(pcap, List.of(0, 1), List.of()).values()) {
            if (!s.segments().isEmpty()) { c = s; break; }
        }
        assertThat(c).as("a stream with data in " + pcap).isNotNull();
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx, options, 0);
        for (TcpFollow.Segment s : c.segments()) p.onData(s.fromNode0(), s.data(), 0, s.data().length);
        p.onClose();
        return ctx;
    }

    static JsonNode http(HttpRecord r) throws IOException {
        return HttpSchemaTest.withEnvelope(r).get("http");
    }

    static List<String> names(JsonNode headers) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : headers) out.add(h.path("name").asText());
        return out;
    }

    @Test
    void dumpAllHeadersAsSuricataVerifyExpects() throws IOException {
        HttpLogOptions o = HttpLogOptions.from(Map.of("http.dump-all-headers", "both"));
        RecordingContext ctx = run(sv("http-all-headers"), o);
        assertThat(ctx.of(HttpRecord.class)).hasSize(1);
        JsonNode h = http(ctx.of(HttpRecord.class).getFirst());
        // the checks of suricata-verify http-all-headers (Suricata's output)
        assertThat(h.path("request_headers").size()).isEqualTo(9);
        assertThat(h.path("request_headers").get(0).path("name").asText()).isEqualTo("Host");
        assertThat(h.path("request_headers").get(0).path("value").asText()).isEqualTo("www.ethereal.com");
        assertThat(h.path("response_headers").size()).isEqualTo(9);
        assertThat(h.path("response_headers").get(5).path("name").asText()).isEqualTo("Content-Length");
        assertThat(h.path("response_headers").get(5).path("value").asText()).isEqualTo("18070");
        // as sent, in order, values without the spaces around them
        assertThat(names(h.path("request_headers"))).containsExactly("Host", "User-Agent", "Accept", "Accept-Language",
                "Accept-Encoding", "Accept-Charset", "Keep-Alive", "Connection", "Referer");
        assertThat(h.path("response_headers").get(3).path("value").asText()).isEqualTo("\"9a01a-4696-7e354b00\"");
        assertThat(HttpSchemaTest.schema("http").validate(HttpSchemaTest.withEnvelope(ctx.of(HttpRecord.class).getFirst()))).isEmpty();

        JsonNode onlyResponse = http(run(sv("http-all-headers"), HttpLogOptions.from(Map.of("http.dump-all-headers", "response"))).of(HttpRecord.class).getFirst());
        assertThat(onlyResponse.has("request_headers")).isFalse();
        assertThat(onlyResponse.path("response_headers").size()).isEqualTo(9);
    }

    @Test
    void customNamesSelectHeadersOfEitherMessage() throws IOException {
        // a Suricata field name, a header name in another case, Suricata's "etag" (which looks for "ETags"),
        // and referer (already http_refer while extended is on)
        HttpLogOptions o = HttpLogOptions.from(Map.of("http.custom", "accept_encoding,SERVER,etag,referer,connection,bogus"));
        JsonNode h = http(run(sv("http-all-headers"), o).of(HttpRecord.class).getFirst());
        assertThat(names(h.path("request_headers"))).containsExactly("Accept-Encoding", "Connection");
        assertThat(h.path("request_headers").get(0).path("value").asText()).isEqualTo("gzip,deflate");
        assertThat(names(h.path("response_headers"))).containsExactly("Server", "Connection");
        assertThat(h.path("http_refer").asText()).isEqualTo("http://www.ethereal.com/development.html");

        // with extended off, a custom referer is logged as a header
        HttpLogOptions basic = HttpLogOptions.from(Map.of("http.custom", "referer", "http.extended", "no"));
        JsonNode b = http(run(sv("http-all-headers"), basic).of(HttpRecord.class).getFirst());
        assertThat(names(b.path("request_headers"))).containsExactly("Referer");
        assertThat(b.has("response_headers")).isFalse();
        assertThat(b.has("http_method") || b.has("status") || b.has("length") || b.has("http_refer")).isFalse();
        assertThat(b.path("hostname").asText()).isEqualTo("www.ethereal.com");
        assertThat(HttpSchemaTest.schema("http").validate(HttpSchemaTest.withEnvelope(run(sv("http-all-headers"), basic).of(HttpRecord.class).getFirst()))).isEmpty();
    }

    @Test
    void optionsReachTheProtocolAndDefaultKeepsNoHeaders() throws IOException {
        AppProtocol p = new HttpProtocol().configure(Map.of("http.dump-all-headers", "both", "http.custom", "cookie"));
        assertThat(((HttpProtocol) p).options().dumpRequest()).isTrue();
        assertThat(((HttpProtocol) p).options().customHeaders()).containsExactly("cookie");
        assertThat(new HttpProtocol().configure(Map.of("dns.version", "2")).getClass()).isEqualTo(HttpProtocol.class);
        assertThat(HttpLogOptions.from(Map.of())).isSameAs(HttpLogOptions.DEFAULT);
        JsonNode h = http(run(sv("http-all-headers"), HttpLogOptions.DEFAULT).of(HttpRecord.class).getFirst());
        assertThat(h.has("request_headers") || h.has("response_headers")).isFalse();
        assertThat(h.path("http_method").asText()).isEqualTo("GET");
    }

    @Test
    void repeatedHeadersJoinAndValuesAreBounded() throws IOException {
        String big = "v".repeat(5000);
        String client = "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\nX-Big: " + big + "\r\n"
                + "X-Many: " + "w".repeat(2000) + "\r\n".repeat(1) + "X-Many2: " + "w".repeat(2000) + "\r\n"
                + "X-Many3: " + "w".repeat(2000) + "\r\nX-Many4: " + "w".repeat(2000) + "\r\nX-Many5: " + "w".repeat(2000) + "\r\n"
                + "X-Many6: " + "w".repeat(2000) + "\r\nX-Many7: " + "w".repeat(2000) + "\r\nX-Many8: " + "w".repeat(2000) + "\r\n\r\n";
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx, HttpLogOptions.from(Map.of("http.dump-all-headers", "request")), 0);
        byte[] b = HttpParserTest.ascii(client);
        p.onData(true, b, 0, b.length);
        byte[] r = HttpParserTest.ascii("HTTP/1.1 204 No Content\r\n\r\n");
        p.onData(false, r, 0, r.length);
        p.onClose();
        JsonNode h = http(ctx.of(HttpRecord.class).getFirst());
        JsonNode req = h.path("request_headers");
        assertThat(req.get(1).path("name").asText()).isEqualTo("X-A");
        assertThat(req.get(1).path("value").asText()).isEqualTo("1, 2");
        assertThat(req.get(2).path("value").asText()).hasSize(HeaderList.MAX_VALUE);
        int total = 0;
        for (JsonNode e : req) total += e.path("name").asText().length() + e.path("value").asText().length();
        assertThat(total).isLessThanOrEqualTo(HeaderList.MAX_BYTES);
        // the headers past the budget are not logged, the ones before are
        assertThat(names(req)).startsWith("Host", "X-A", "X-Big", "X-Many").doesNotContain("X-Many8");
    }

    @Test
    void requestLineWithoutEndIsLoggedAtClose() throws IOException {
        // suricata-verify bug-3844 and bug-4702-01: "GET /" with no line end, an HTTP/0.9 answer, then RST
        for (String test : List.of("bug-3844", "bug-4702-01")) {
            RecordingContext ctx = run(sv(test), HttpLogOptions.DEFAULT);
            assertThat(ctx.of(HttpRecord.class)).as(test).hasSize(1);
            HttpRecord r = ctx.of(HttpRecord.class).getFirst();
            assertThat(r.url()).isEqualTo("/");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.protocol()).isNull();
            // the answer "<html>hi</html>" is the HTTP/0.9 response body
            assertThat(r.length()).isEqualTo(15);
            assertThat(ctx.of(FileInfoRecord.class)).hasSize(1);
            assertThat(ctx.anomalies).as(test).doesNotContain("RESPONSE_INVALID_PROTOCOL");
        }
        // a partial line that is no request is still not one
        RecordingContext junk = new RecordingContext();
        HttpParser p = new HttpParser(junk);
        byte[] b = HttpParserTest.ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n\u0001\u0002 not a request");
        p.onData(true, b, 0, b.length);
        p.onClose();
        assertThat(junk.of(HttpRecord.class)).hasSize(1);
    }
}
