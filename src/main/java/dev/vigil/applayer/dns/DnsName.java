package dev.vigil.applayer.dns;

/**
 * Reads a domain name (RFC 1035 4.1.4) from a message, following compression pointers. Hostile
 * messages can point in circles or stack labels without end, so the walk is bounded three ways: at
 * most {@link #MAX_JUMPS} pointers, {@link #MAX_LABELS} labels, and {@link #MAX_LOGGED} bytes kept
 * (the rest is read to find the end but dropped, and the name is marked truncated, as Suricata does).
 * One reader is reused for every name of a flow: its result fields describe the last name read.
 */
final class DnsName {
    static final int MAX_JUMPS = 128;
    static final int MAX_LABELS = 255;
    /** Bytes of a name kept for logging; longer names are cut and flagged. */
    static final int MAX_LOGGED = 1025;
    static final byte[] ROOT = "<root>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final int OK = 0, MALFORMED = 1, LOOP = 2, TOO_MANY_LABELS = 3;

    /** Offset just after the name where it started (before any pointer), valid when status is OK. */
    int end;
    int status;
    boolean truncated;
    private final byte[] scratch = new byte[MAX_LOGGED];
    private int n;

    /**
     * Reads the name at {@code pos} of the message {@code msg[base, base+len)}; pointers are offsets
     * from {@code base}. Returns the name bytes (a fresh array) or null when it is malformed.
     */
    byte[] read(byte[] msg, int base, int len, int pos) {
        if (!walk(msg, base, len, pos, true)) return null;
        if (n == 0) return ROOT;
        return java.util.Arrays.copyOf(scratch, n);
    }

    /** Like {@link #read} but only finds where the name ends (no copy), for skipping. */
    boolean skip(byte[] msg, int base, int len, int pos) {
        return walk(msg, base, len, pos, false);
    }

    private boolean walk(byte[] msg, int base, int len, int pos, boolean keep) {
        n = 0;
        truncated = false;
        status = OK;
        end = -1;
        int limit = base + len;
        int p = pos;
        int jumps = 0, labels = 0;
        while (true) {
            if (p >= limit) return fail(MALFORMED);
            int l = msg[p] & 0xFF;
            if (l == 0) {
                if (end < 0) end = p + 1;
                return true;
            }
            int kind = l & 0xC0;
            if (kind == 0xC0) {
                if (p + 1 >= limit) return fail(MALFORMED);
                int target = ((l & 0x3F) << 8) | (msg[p + 1] & 0xFF);
                if (end < 0) end = p + 2;
                if (++jumps > MAX_JUMPS) return fail(LOOP);
                if (target >= len) return fail(MALFORMED);
                p = base + target;
                continue;
            }
            if (kind != 0) return fail(MALFORMED); // 0x40 and 0x80 label types are obsolete/reserved
            if (++labels > MAX_LABELS) return fail(TOO_MANY_LABELS);
            if (p + 1 + l > limit) return fail(MALFORMED);
            if (keep) append(msg, p + 1, l);
            p += 1 + l;
        }
    }

    private void append(byte[] msg, int from, int l) {
        if (n > 0) put((byte) '.');
        for (int i = 0; i < l; i++) put(msg[from + i]);
    }

    private void put(byte c) {
        if (n < MAX_LOGGED) scratch[n++] = c;
        else truncated = true;
    }

    private boolean fail(int why) {
        status = why;
        return false;
    }
}
