package dev.vigil.detect.engine;

/**
 * Reads the number the byte keywords work on from a buffer: 1 to 8 bytes as a big or little endian
 * integer, or digits written as text (as C's {@code strtoull} reads them, which is what Suricata's
 * string extraction is: leading spaces and a sign allowed, a {@code 0x} prefix in base 16, base 0
 * choosing 8, 10 or 16 from the prefix). The value is left in {@link #value} so that a read allocates
 * nothing; one reader per inspector.
 */
final class NumberReader {
    /** The value of the last successful read, as an unsigned 64-bit number. */
    long value;

    /**
     * Reads {@code n} bytes at {@code at} (the caller checked they are in the buffer) as a binary
     * integer; returns {@code n}.
     */
    int binary(byte[] buf, int at, int n, boolean little) {
        long v = 0;
        if (little) {
            for (int i = n - 1; i >= 0; i--) v = v << 8 | (buf[at + i] & 0xFF);
        } else {
            for (int i = 0; i < n; i++) v = v << 8 | (buf[at + i] & 0xFF);
        }
        value = v;
        return n;
    }

    /**
     * Reads a number written as text within {@code buf[at, end)} in {@code base} (0: from its prefix);
     * returns the characters it took (spaces, sign and prefix included), or -1 when there are no digits
     * or the number does not fit 64 bits, as Suricata then does not match.
     */
    int text(byte[] buf, int at, int end, int base) {
        int i = at;
        while (i < end && space(buf[i])) i++;
        boolean minus = false;
        if (i < end && (buf[i] == '+' || buf[i] == '-')) minus = buf[i++] == '-';
        int b = base;
        if ((b == 0 || b == 16) && i + 1 < end && buf[i] == '0' && (buf[i + 1] | 0x20) == 'x' && i + 2 < end && digit(buf[i + 2], 16) >= 0) {
            i += 2;
            b = 16;
        } else if (b == 0) {
            b = i < end && buf[i] == '0' ? 8 : 10;
        }
        int first = i;
        long v = 0;
        for (; i < end; i++) {
            int d = digit(buf[i], b);
            if (d < 0) break;
            // unsigned overflow: strtoull reports ERANGE and Suricata does not match
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, b)) > 0) return -1;
            v = v * b + d;
        }
        if (i == first) return -1;
        value = minus ? -v : v;
        return i - at;
    }

    private static boolean space(byte c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private static int digit(byte c, int base) {
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : 99;
        return d < base ? d : -1;
    }
}
