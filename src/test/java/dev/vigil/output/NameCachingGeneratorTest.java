package dev.vigil.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The name cache changes nothing in the output: the same bytes as Jackson's own generator, names that need escaping included. */
class NameCachingGeneratorTest {
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

    @Test
    void writesTheSameBytesAsTheGeneratorItWraps() throws IOException {
        String[] names = {"flow_id", "app_proto", "tx_id", "a\"quote", "back\\slash", "ctl\u0001", "\u00e9t\u00e9", "\u6771\u4eac", "", "rrname"};
        ByteArrayOutputStream plainOut = new ByteArrayOutputStream(), cachedOut = new ByteArrayOutputStream();
        NameCachingGenerator cached;
        try (JsonGenerator plain = JSON.createGenerator(plainOut, JsonEncoding.UTF8);
             NameCachingGenerator c = new NameCachingGenerator(JSON.createGenerator(cachedOut, JsonEncoding.UTF8))) {
            cached = c;
            Random r = new Random(3);
            for (int rec = 0; rec < 200; rec++) {
                for (JsonGenerator g : new JsonGenerator[] {plain, c}) g.writeStartObject();
                int fields = 1 + r.nextInt(12);
                long seed = r.nextLong();
                for (JsonGenerator g : new JsonGenerator[] {plain, c}) {
                    Random f = new Random(seed);
                    for (int i = 0; i < fields; i++) {
                        String name = names[f.nextInt(names.length)];
                        switch (f.nextInt(5)) {
                            case 0 -> g.writeStringField(name, "v" + f.nextInt(100));
                            case 1 -> g.writeNumberField(name, f.nextLong());
                            case 2 -> g.writeBooleanField(name, f.nextBoolean());
                            case 3 -> { g.writeArrayFieldStart(name); g.writeNumber(1); g.writeEndArray(); }
                            default -> { g.writeObjectFieldStart(name); g.writeStringField(name, "x"); g.writeEndObject(); }
                        }
                    }
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
            }
            // more distinct names than the cache holds: the rest are written uncached, still the same
            for (int i = 0; i < NameCachingGenerator.MAX_NAMES + 50; i++) {
                for (JsonGenerator g : new JsonGenerator[] {plain, c}) {
                    g.writeStartObject();
                    g.writeStringField("n" + i, "v");
                    g.writeEndObject();
                }
            }
        }
        assertThat(cached.cachedNames()).isEqualTo(NameCachingGenerator.MAX_NAMES);
        assertThat(cachedOut.toByteArray()).isEqualTo(plainOut.toByteArray());
        assertThat(cachedOut.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"a\\\"quote\":", "\"ctl\\u0001\":");
    }
}
