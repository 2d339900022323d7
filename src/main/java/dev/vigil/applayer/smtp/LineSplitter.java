package dev.vigil.applayer.smtp;

/**
 * Cuts a byte stream into lines ending in LF (a CR before it is dropped), pulled one at a time so the
 * caller can change how it reads the rest of a buffer after any line (BDAT switches to counted bytes).
 * A line in one buffer is not copied; one split over buffers is kept, up to {@code max} bytes: past that
 * it is either cut (the rest until LF dropped, {@link #truncated}) or, in piece mode, handed on in pieces.
 */
final class LineSplitter {
    private final int max;
    private final boolean pieces;
    private final byte[] buf;
    private int len;
    private boolean dropping;

    /** The line (or piece) that the last {@link #next} completed, valid until the next call. */
    byte[] b;
    int off, lineLen;
    boolean eol, ready, truncated;

    LineSplitter(int max, boolean pieces) {
        this.max = max;
        this.pieces = pieces;
        this.buf = new byte[max];
    }

    /** Consumes bytes from {@code p}; returns where it stopped. {@link #ready} tells whether a line is there. */
    int next(byte[] data, int p, int end) {
        if (ready && b == buf) len = 0;
        ready = false;
        int lf = p;
        while (lf < end && data[lf] != '\n') lf++;
        if (lf < end) {
            if (len == 0 && !dropping) {
                boolean cut = !pieces && lf - p > max;
                set(data, p, cut ? max : lf - p, true, cut);
                return lf + 1;
            }
            if (pieces && len + (lf - p) > max) {
                set(buf, 0, len, false, false); // the kept part goes first, the rest comes next call
                return p;
            }
            append(data, p, lf - p);
            set(buf, 0, len, true, dropping);
            dropping = false;
            return lf + 1;
        }
        if (pieces) {
            int room = max - len;
            if (end - p >= room) {
                append(data, p, room);
                set(buf, 0, len, false, false);
                return p + room;
            }
        }
        append(data, p, end - p);
        return end;
    }

    /** What is buffered when the stream ends, as a last line without its break. */
    boolean flush() {
        if (ready && b == buf) len = 0;
        ready = false;
        if (len == 0) return false;
        set(buf, 0, len, false, dropping);
        dropping = false;
        return true;
    }

    private void append(byte[] data, int p, int n) {
        int room = max - len;
        if (n > room) {
            if (!pieces) dropping = true;
            n = room;
        }
        System.arraycopy(data, p, buf, len, n);
        len += n;
    }

    private void set(byte[] bytes, int o, int n, boolean lineEnd, boolean cut) {
        if (lineEnd && n > 0 && bytes[o + n - 1] == '\r') n--;
        b = bytes;
        off = o;
        lineLen = n;
        eol = lineEnd;
        truncated = cut;
        ready = true;
    }
}
