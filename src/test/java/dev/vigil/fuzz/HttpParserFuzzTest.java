package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.http.HttpProtocol;
import dev.vigil.applayer.AppParser;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the HTTP/1.x parser. An input is a conversation: chunks of
 * [control byte: bit 0 direction (1 = to server), bit 1 a gap instead of data; length byte; bytes].
 * Must hold: nothing escapes the parser, every record it emits can be written, and it emits at most
 * a bounded number of records per input byte (no runaway loops).
 */
class HttpParserFuzzTest {
    static final String[] SEEDS = {
        "\u0001\u0040GET /a HTTP/1.1\r\nHost: h:81\r\nUser-Agent: u\r\nContent-Length: 3\r\n\r\nabc"
                + "\u0000\u0050HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\n\u001f\u008b\u0008\r\n0\r\n\r\n",
        "\u0001\u0060POST /u HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 60\r\n\r\n--b\r\nContent-Disposition: x; filename=\"f\"\r\n\r\nd\r\n--b--\r\n",
        "\u0001\u0030CONNECT h:443 HTTP/1.1\r\n\r\n\u0016\u0003\u0001\u0000\u0000\u0000\u0020HTTP/1.1 200 OK\r\n\r\n\u0016\u0003",
        "\u0001\u0010GET /old\r\n\u0002\u0005\u0000\u0010HTTP/1.1 100 C\r\n\r\n",
        "\u0000\u0030HTTP/1.0 301 M\r\nLocation: /x\r\nContent-Length: 4\r\n\r\nab\u0002\u0002",
    };

    static Stream<Arguments> seeds() {
        return Stream.of(SEEDS).map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        Ctx ctx = new Ctx();
        AppParser p = new HttpProtocol().newParser(ctx);
        ParserChunks.feed(p, input, 0);
        if (ctx.records > 4 + 2L * input.length) throw new IllegalStateException(ctx.records + " records from " + input.length + " bytes");
    }

    static final class Ctx implements AppContext {
        final Flow flow = new Flow();
        long records;
        boolean inspecting;

        @Override public boolean inspectsTransactions() { return inspecting; }

        @Override
        public void inspect(dev.vigil.applayer.InspectionBuffers tx) {
            buffers(tx);
        }

        private static void buffers(dev.vigil.applayer.InspectionBuffers tx) {
            tx.buffers((name, toServer, value) -> {
                if (name == null || value == null) throw new IllegalStateException("null buffer");
                boolean body = name.equals("file.data") || name.endsWith("_body");
                if (body && value.length > 512) throw new IllegalStateException(name + " over the limit: " + value.length);
                if (!body && value.length > 64 * 1024 + 8) throw new IllegalStateException(name + " unbounded: " + value.length);
            });
        }

        @Override public Flow flow() { return flow; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return 1; }
        @Override public void anomaly(String event) { if (event == null || event.isEmpty()) throw new IllegalStateException("empty anomaly"); }

        @Override
        public void emit(AppRecord r) {
            records++;
            if (inspecting && r instanceof dev.vigil.applayer.InspectionBuffers tx) buffers(tx);
            StringWriter w = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                g.writeStartObject();
                r.writeFields(g);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
