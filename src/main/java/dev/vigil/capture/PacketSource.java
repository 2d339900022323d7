package dev.vigil.capture;

import java.io.IOException;

/**
 * A stream of captured frames. Implementations reuse the {@link Frame} they are given and never
 * throw on malformed records: they stop and report the problem through {@link #problems()}.
 */
public interface PacketSource extends AutoCloseable {

    /** Fills {@code frame} with the next record; false at the end of the input. */
    boolean next(Frame frame) throws IOException;

    /** Bytes of the input consumed so far (for progress display). */
    long position();

    /** Total bytes of the input, or -1 when unknown (live capture, pipes). */
    long size();

    /** Problems met so far (truncated tail, bad block), each a one-line human-readable reason. */
    java.util.List<String> problems();

    @Override
    void close() throws IOException;
}
