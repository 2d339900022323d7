package dev.vigil.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The eve.json file shared by all workers. Workers hand it whole lines in batches, so a record is
 * never interleaved with another; the lock is taken once per batch, not per record.
 */
public final class EveSink implements AutoCloseable {
    private final OutputStream out;
    private long bytes;
    private long records;

    public EveSink(OutputStream out) {
        this.out = out;
    }

    /** eve.json rotated by size and age as {@code policy} says (see {@link RotatingFile}). */
    public static EveSink toFile(Path file, RotatingFile.Policy policy) throws IOException {
        if (!policy.rotates()) return toFile(file);
        return new EveSink(new RotatingFile(file, policy, System::currentTimeMillis));
    }

    public static EveSink toFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new EveSink(new java.io.BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16));
    }

    public synchronized void write(byte[] buf, int off, int len, int recordCount) throws IOException {
        out.write(buf, off, len);
        // between two batches of whole lines: the only place a rotation cannot split a record
        if (out instanceof RotatingFile r) r.rotateIfDue();
        bytes += len;
        records += recordCount;
    }

    /** Pushes what the workers handed over to the file (a live sensor's records must not wait in a buffer). */
    public synchronized void flush() throws IOException {
        out.flush();
        // a quiet sensor's file still turns over on time
        if (out instanceof RotatingFile r) r.rotateIfDue();
    }

    public synchronized long bytes() { return bytes; }
    public synchronized long records() { return records; }

    @Override
    public synchronized void close() throws IOException {
        out.flush();
        out.close();
    }
}
