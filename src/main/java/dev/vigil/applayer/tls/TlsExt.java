package dev.vigil.applayer.tls;

/** TLS numbers shared by the hello parsers and the fingerprints. */
final class TlsExt {
    private TlsExt() {}

    static final int SERVER_NAME = 0x0000;
    static final int SUPPORTED_GROUPS = 0x000a;
    static final int EC_POINT_FORMATS = 0x000b;
    static final int SIGNATURE_ALGORITHMS = 0x000d;
    static final int ALPN = 0x0010;
    static final int SUPPORTED_VERSIONS = 0x002b;

    /** RFC 8701 reserves 0x?a?a with both bytes equal for GREASE; fingerprints must ignore them. */
    static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }

    static final int[] EMPTY = new int[0];

    /** A list of 16-bit values behind a 16-bit (or 8-bit when {@code lenBytes} is 1) length prefix, or null when it does not fit. */
    static int[] u16List(byte[] b, int off, int end, int lenBytes) {
        if (off + lenBytes > end) return null;
        int n = lenBytes == 1 ? (b[off] & 0xff) : u16(b, off);
        off += lenBytes;
        if ((n & 1) != 0 || off + n > end) return null;
        int[] out = new int[n / 2];
        for (int i = 0; i < out.length; i++) out[i] = u16(b, off + 2 * i);
        return out;
    }

    /** A list of 8-bit values behind an 8-bit length prefix, or null when it does not fit. */
    static int[] u8List(byte[] b, int off, int end) {
        if (off >= end) return null;
        int n = b[off] & 0xff;
        off++;
        if (off + n > end) return null;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = b[off + i] & 0xff;
        return out;
    }
}
