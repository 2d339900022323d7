package dev.vigil.applayer.http;

import java.util.Arrays;

/**
 * Collects one protocol line (up to LF) across calls, keeping at most {@code limit} bytes: the rest of
 * an over-long line is dropped (and reported once by the caller), so a peer that never sends LF costs
 * no more than the limit. The stored line excludes the CR LF (or bare LF) ending.
 */
final class LineBuffer {
    private final int limit;
    private byte[] buf = new byte[256];
    private int len;
    private boolean overflow;

    LineBuffer(int limit) {
        this.limit = limit;
    }

    /**
     * Takes bytes from {@code b[off, end)} up to and including the first LF.
     * @return the index just after the LF when the line is complete, or -1 when all bytes were taken
     */
    int feed(byte[] b, int off, int end) {
        int i = off;
        while (i < end && b[i] != '\n') i++;
        append(b, off, i - off);
        if (i < end && tailCount > 0) joinTail();
        return i < end ? i + 1 : -1;
    }

    /** Ends the line at what was received: the connection closed before its LF. */
    void endWithoutTerminator() {
        if (tailCount > 0) joinTail();
    }

    /** Puts the kept tail after the head, so the line reads "head...tail" with the middle dropped. */
    private void joinTail() {
        int n = (int) Math.min(tailCount, TAIL);
        if (len + n > buf.length) buf = Arrays.copyOf(buf, len + n);
        for (int k = 0; k < n; k++) buf[len + k] = tail[(int) ((tailCount - n + k) % TAIL)];
        len += n;
        tailCount = 0;
    }

    /**
     * The last bytes of an over-long line, kept so its end survives truncation: the protocol at the
     * end of a request line with an endless target is still found.
     */
    static final int TAIL = 64;
    private final byte[] tail = new byte[TAIL];
    private long tailCount;

    private void append(byte[] b, int off, int n) {
        if (n <= 0) return;
        int room = limit - TAIL - len;
        if (n > room) {
            overflow = true;
            int keep = Math.max(0, room);
            for (int i = off + keep; i < off + n; i++) tail[(int) (tailCount++ % TAIL)] = b[i];
            n = keep;
            if (n == 0) return;
        }
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.min(limit, Math.max(len + n, buf.length * 2)));
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Length of the completed line without its trailing CR. */
    int length() {
        return len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
    }

    byte[] bytes() { return buf; }

    /** True when the completed line ended with CR LF (not a bare LF). */
    boolean endedWithCrLf() { return len > 0 && buf[len - 1] == '\r'; }

    /** True when bytes of the current line were dropped for being over the limit. */
    boolean overflowed() { return overflow; }

    boolean isEmpty() { return len == 0; }

    void clear() {
        len = 0;
        overflow = false;
        tailCount = 0;
        // give back memory a single long line made us take
        if (buf.length > 4096) buf = new byte[256];
    }
}
