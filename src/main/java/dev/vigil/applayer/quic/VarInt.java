package dev.vigil.applayer.quic;

/** QUIC variable-length integers (RFC 9000 section 16), read in place. */
final class VarInt {
    private VarInt() {}

    /** Encoded size in bytes, from the first byte's two high bits. */
    static int size(byte first) { return 1 << ((first & 0xff) >>> 6); }

    /** The value at {@code p}, or -1 when it does not fit before {@code limit}. */
    static long read(byte[] b, int p, int limit) {
        if (p >= limit) return -1;
        int n = size(b[p]);
        if (n > limit - p) return -1;
        long v = b[p] & 0x3f;
        for (int i = 1; i < n; i++) v = (v << 8) | (b[p + i] & 0xff);
        return v;
    }
}
