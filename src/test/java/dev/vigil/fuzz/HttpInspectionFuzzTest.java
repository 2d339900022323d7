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
 * Coverage-guided fuzzing of the HTTP/1.x parser with signatures on: it keeps headers and bodies for
 * inspection (limit 512 bytes) and offers requests in progress; every record's buffers are read, and none
 * may exceed the limits it promises. Inputs as {@link HttpParserFuzzTest}'s (a class of its own: Jazzer
 * fuzzes one target per class and run).
 */
class HttpInspectionFuzzTest {
    static Stream<Arguments> seeds() {
        return HttpParserFuzzTest.seeds();
    }

    @MethodSource("seeds")
    @FuzzTest
    void parseForSignatures(byte[] input) {
        HttpParserFuzzTest.Ctx ctx = new HttpParserFuzzTest.Ctx();
        ctx.inspecting = true;
        AppParser p = new HttpProtocol().configure(java.util.Map.of(HttpProtocol.INSPECT_BODY_LIMIT, "512")).newParser(ctx);
        ParserChunks.feed(p, input, 0);
        if (ctx.records > 4 + 2L * input.length) throw new IllegalStateException(ctx.records + " records from " + input.length + " bytes");
    }

}
