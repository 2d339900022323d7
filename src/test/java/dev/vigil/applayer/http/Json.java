package dev.vigil.applayer.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** A record as the fields after the EVE envelope would be written, for assertions. */
final class Json {
    private Json() {}

    static String write(AppRecord r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            r.writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
