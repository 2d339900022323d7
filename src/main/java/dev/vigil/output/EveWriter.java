package dev.vigil.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.vigil.flow.Flow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One worker's EVE output: records are serialised into a private buffer and handed to the shared
 * {@link EveSink} in batches of whole lines. Not thread-safe; one per worker.
 */
public final class EveWriter implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);
    private static final int BATCH = 256 * 1024;
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");

    private final EveSink sink;
    private final EveTypes types;
    private final Buffer buf = new Buffer();
    private final JsonGenerator gen;
    private final EveTime time = new EveTime();
    private int pending;
    private RecordTap tap;
    private String tapType;
    private long tapStart;

    public EveWriter(EveSink sink, EveTypes types) {
        this.sink = sink;
        this.types = types;
        try {
            this.gen = new NameCachingGenerator(JSON.createGenerator(buf, JsonEncoding.UTF8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EveTypes types() { return types; }

    /** Every whole record of a type {@code tap} wants is also handed to it as it is written (one per writer). */
    public void tap(RecordTap tap) {
        this.tap = tap;
    }

    /** Starts a record: writes the common header fields every EVE record has. */
    JsonGenerator begin(long tsNanos, String eventType) throws IOException {
        if (tap != null && tap.wants(eventType)) {
            tapType = eventType;
            tapStart = buf.size() + gen.getOutputBuffered();
        }
        gen.writeStartObject();
        gen.writeFieldName(TIMESTAMP);
        writeTime(tsNanos);
        return gen;
    }

    EveTime time() { return time; }

    private final byte[] ip = new byte[IpFormat.MAX_LENGTH];

    /** Writes an address as a string value, straight from its ASCII bytes (no String; nothing to escape). */
    void writeIp(int ipVersion, long hi, long lo) throws IOException {
        gen.writeRawUTF8String(ip, 0, IpFormat.ascii(ipVersion, hi, lo, ip));
    }

    private static final SerializedString SRC_IP = new SerializedString("src_ip"), SRC_PORT = new SerializedString("src_port"),
            DEST_IP = new SerializedString("dest_ip"), DEST_PORT = new SerializedString("dest_port"),
            IP_V = new SerializedString("ip_v"), PROTO = new SerializedString("proto");

    /**
     * The endpoint fields every flow-bound record carries: src/dest address and port, ip_v, proto; told
     * from side B (the flow's server, or its client when the flow is reversed) when {@code fromB}.
     */
    void writeEndpoints(Flow f, boolean fromB) throws IOException {
        boolean ports = f.proto == 6 || f.proto == 17 || f.proto == 132;
        gen.writeFieldName(SRC_IP);
        if (fromB) writeIp(f.ipVersion, f.bHi, f.bLo); else writeIp(f.ipVersion, f.aHi, f.aLo);
        if (ports) {
            gen.writeFieldName(SRC_PORT);
            gen.writeNumber(fromB ? f.bPort : f.aPort);
        }
        gen.writeFieldName(DEST_IP);
        if (fromB) writeIp(f.ipVersion, f.aHi, f.aLo); else writeIp(f.ipVersion, f.bHi, f.bLo);
        if (ports) {
            gen.writeFieldName(DEST_PORT);
            gen.writeNumber(fromB ? f.aPort : f.bPort);
        }
        gen.writeFieldName(IP_V);
        gen.writeNumber(f.ipVersion);
        gen.writeFieldName(PROTO);
        gen.writeString(ProtoNames.of(f.proto));
    }

    /** Writes an EVE timestamp as a string value, straight from the formatter's bytes (no String). */
    void writeTime(long tsNanos) throws IOException {
        byte[] b = time.ascii(tsNanos);
        gen.writeRawUTF8String(b, 0, b.length);
    }

    /** Ends the record started by {@link #begin}; flushes a batch to the sink when it is large. */
    void end() throws IOException {
        gen.writeEndObject();
        gen.writeRaw('\n');
        pending++;
        if (tapType != null) {
            String type = tapType;
            tapType = null;
            gen.flush();
            int start = (int) tapStart;
            tap.record(type, buf.array(), start, buf.size() - start);
        }
        // the generator's own buffer counts too: no flush (a copy into buf) per record
        if (buf.size() + gen.getOutputBuffered() >= BATCH) flush();
    }

    public void flush() throws IOException {
        gen.flush();
        if (buf.size() > 0) {
            sink.write(buf.array(), 0, buf.size(), pending);
            buf.reset();
            pending = 0;
        }
    }

    /** Flushes this writer's batch and the shared file's buffer: the records are in the file when this returns. */
    public void flushToFile() throws IOException {
        flush();
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        gen.close();
    }

    /** ByteArrayOutputStream that exposes its array, so batches are not copied. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() { super(BATCH + 64 * 1024); }
        byte[] array() { return buf; }
    }
}
