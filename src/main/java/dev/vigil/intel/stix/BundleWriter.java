package dev.vigil.intel.stix;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a STIX 2.1 bundle to a stream object by object, so exporting a large collection needs memory for one
 * object at a time. A 2.1 bundle carries only {@code type}, {@code id} and {@code objects} (no spec_version).
 * Closing finishes the JSON; the underlying stream is left open for the caller that owns it.
 */
public final class BundleWriter implements AutoCloseable {
    private final JsonGenerator g;
    private long written;
    private boolean closed;

    public BundleWriter(OutputStream out, String bundleId) throws IOException {
        if (!"bundle".equals(StixIds.typeOf(bundleId)) || !StixIds.isValid(bundleId)) {
            throw new IllegalArgumentException("not a bundle id: " + bundleId);
        }
        g = StixObject.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("type", "bundle");
        g.writeStringField("id", bundleId);
        g.writeArrayFieldStart("objects");
    }

    /** A writer for a fresh random bundle id. */
    public BundleWriter(OutputStream out) throws IOException {
        this(out, StixIds.random("bundle"));
    }

    public void write(StixObject o) throws IOException {
        if (closed) throw new IllegalStateException("bundle already closed");
        StixObject.MAPPER.writeTree(g, o.raw());
        written++;
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        g.writeEndArray();
        g.writeEndObject();
        g.close();
    }
}
