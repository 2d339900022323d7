package dev.vigil.applayer.ftp;

/**
 * Cuts a byte stream into lines ending in LF (a CR before it dropped), pulled one at a time. A line in
 * one buffer is not copied; one split over buffers is kept up to {@code max} bytes, the rest of a
 * longer line dropped and the line marked {@link #truncated}.
 */
final class LineReader {
    private final byte[] buf;
    private int len;
    private boolean dropping;

    byte[] b;
    int off, lineLen;
    boolean ready, truncated;

    LineReader(int max) {
        buf = new byte[max];
    }

    int next(byte[] data, int p, int end) {
        if (ready && b == buf) len = 0;
        ready = false;
        int lf = p;
        while (lf < end && data[lf] != '\n') lf++;
        if (lf == end) {
            append(data, p, end - p);
            return end;
        }
        if (len == 0 && !dropping && lf - p <= buf.length) {
            set(data, p, lf - p, false);
        } else {
            append(data, p, lf - p);
            set(buf, 0, len, dropping);
            dropping = false;
        }
        return lf + 1;
    }

    private void append(byte[] data, int p, int n) {
        int room = buf.length - len;
        if (n > room) {
            dropping = true;
            n = room;
        }
        System.arraycopy(data, p, buf, len, n);
        len += n;
    }

    private void set(byte[] bytes, int o, int n, boolean cut) {
        if (n > 0 && bytes[o + n - 1] == '\r') n--;
        b = bytes;
        off = o;
        lineLen = n;
        truncated = cut;
        ready = true;
    }
}
