package dev.vigil.fuzz;

import dev.vigil.testing.EveJson;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.http.HttpProtocol;
import dev.vigil.applayer.tls.TlsProtocol;
import dev.vigil.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP and TLS parsers with every optional eve-log field on (http dump-all-headers and custom;
 * tls custom with the base64 certificates and the client object), the paths the default configuration
 * does not take. An input is a conversation: [control byte: bit 0 direction (1 = to server), bit 1 a
 * gap, bit 2 TLS instead of HTTP (first byte only); length byte; bytes]. Must hold: nothing escapes the
 * parsers or the record writer, and the written record stays bounded (kept header bytes are capped).
 */
class LogOptionsFuzzTest {
    static final AppProtocol HTTP = new HttpProtocol().configure(Map.of("http.dump-all-headers", "both",
            "http.custom", "cookie,server,accept_encoding,referer", "http.extended", "yes"));
    static final AppProtocol TLS = new TlsProtocol().configure(Map.of("tls.custom",
            "subject,issuer,serial,fingerprint,sni,version,not_before,not_after,certificate,chain,subjectaltname,"
                    + "client,client_certificate,client_chain,ja3,ja3s,ja4,client_alpns,server_alpns"));

    static final String[] SEEDS = {
        "\u0001\u0050GET /a HTTP/1.1\r\nHost: h\r\nCookie: a=1\r\ncookie: b=2\r\nX: \u00ff\u00fe\r\n folded\r\n\r\n"
                + "\u0000\u0040HTTP/1.1 100 C\r\nServer: s\r\n\r\nHTTP/1.1 200 OK\r\nServer: t\r\nContent-Length: 0\r\n\r\n",
        "\u0001\u0005GET /\u0000\u000f<html>hi</html>",
        "\u0005\u0030\u0016\u0003\u0001\u0000\u002b\u0001\u0000\u0000\u0027\u0003\u0003AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000\u0000\u0002\u0000\u002f\u0001\u0000",
    };

    static Stream<Arguments> seeds() {
        return Stream.of(SEEDS).map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) return;
        Ctx ctx = new Ctx();
        AppParser p = ((input[0] & 4) != 0 ? TLS : HTTP).newParser(ctx);
        ParserChunks.feed(p, input, 0);
        if (ctx.records > 4 + 2L * input.length) throw new IllegalStateException(ctx.records + " records from " + input.length + " bytes");
    }

    private static final class Ctx implements AppContext {
        final Flow flow = new Flow();
        long records;

        @Override public Flow flow() { return flow; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return 1; }
        @Override public void anomaly(String event) { if (event == null || event.isEmpty()) throw new IllegalStateException("empty anomaly"); }

        @Override
        public void emit(AppRecord r) {
            records++;
            String json = EveJson.text(r);
            // two header arrays of at most 16 KiB each, escaped at most 6x, plus the fixed fields; a tls record
            // holds at most 10 certificates of a handshake message bounded at 256 KiB, base64 twice at most
            if (json.length() > 2 * 6 * 16 * 1024 + 64 * 1024 && r.eventType().equals("http")) {
                throw new IllegalStateException("http record of " + json.length() + " chars");
            }
        }
    }
}
