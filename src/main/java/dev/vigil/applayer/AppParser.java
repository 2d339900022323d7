package dev.vigil.applayer;

/**
 * Parses one flow of one protocol. For TCP it receives each direction's reassembled bytes in order
 * (the bytes that were buffered while the protocol was being detected first); for UDP, one datagram per
 * call. Buffers are valid only during a call. A parser never throws on bad input: it reports an
 * {@link AppContext#anomaly} and resynchronises or gives up ({@link #done}).
 */
public interface AppParser {
    void onData(boolean toServer, byte[] buf, int off, int len);

    /** {@code bytes} of that direction are missing; the next call continues after them. */
    default void onGap(boolean toServer, long bytes) {}

    /** The flow ends: log what is still pending, marked incomplete where the protocol says so. */
    default void onClose() {}

    /** True when the parser wants no more bytes (encrypted from here on, or given up). */
    default boolean done() { return false; }
}
