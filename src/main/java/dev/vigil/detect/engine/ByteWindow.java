package dev.vigil.detect.engine;

/** Where the byte keywords may read: the bounds Suricata checks before it reads a number. */
final class ByteWindow {
    private ByteWindow() {}

    /**
     * True when {@code bytes} bytes from {@code start} lie in a buffer of {@code len} bytes. An empty
     * buffer never holds a number, and a relative read needs at least one byte after its start (Suricata's
     * "no relative base"), even for a zero-byte count.
     */
    static boolean fits(long start, int bytes, int len, boolean relative) {
        if (len == 0 || start < 0) return false;
        long left = len - start;
        if (relative && left <= 0) return false;
        return bytes <= left;
    }
}
