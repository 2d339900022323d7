package dev.vigil.applayer;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes some fields into an EVE record being built (e.g. a transaction's context in a fileinfo record). */
@FunctionalInterface
public interface FieldWriter {
    void write(JsonGenerator g) throws IOException;
}
