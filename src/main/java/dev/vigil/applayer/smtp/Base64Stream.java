package dev.vigil.applayer.smtp;

/**
 * Decodes base64 as it comes, in pieces of any size: characters outside the alphabet (line breaks,
 * spaces) are skipped, and a partial quantum waits for the next piece.
 */
final class Base64Stream {
    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < a.length(); i++) VALUE[a.charAt(i)] = (byte) i;
    }

    private int bits, nbits;
    private boolean ended;
    private boolean invalid;
    private final byte[] out = new byte[4096];

    interface Sink { void write(byte[] b, int off, int len); }

    /** True once a character that is neither base64 nor white space was met. */
    boolean sawInvalid() { return invalid; }

    void feed(byte[] b, int off, int len, Sink sink) {
        int o = 0;
        for (int i = off, end = off + len; i < end; ) {
            if (nbits == 0 && !ended) {
                // the common case, a line of base64: whole quanta of four characters at once
                for (; i + 4 <= end; i += 4) {
                    int v0 = VALUE[b[i] & 0xFF], v1 = VALUE[b[i + 1] & 0xFF], v2 = VALUE[b[i + 2] & 0xFF], v3 = VALUE[b[i + 3] & 0xFF];
                    if ((v0 | v1 | v2 | v3) < 0) break;
                    if (o + 3 > out.length) { sink.write(out, 0, o); o = 0; }
                    int q = v0 << 18 | v1 << 12 | v2 << 6 | v3;
                    out[o] = (byte) (q >> 16);
                    out[o + 1] = (byte) (q >> 8);
                    out[o + 2] = (byte) q;
                    o += 3;
                }
                if (i >= end) break;
            }
            // one character at a time: line breaks, padding, a quantum split across pieces
            int c = b[i++] & 0xFF;
            if (c == '=') { ended = true; continue; }
            int v = VALUE[c];
            if (v < 0) {
                if (c != '\r' && c != '\n' && c != ' ' && c != '\t') invalid = true;
                continue;
            }
            if (ended) continue; // data after padding is not part of this stream
            bits = (bits << 6) | v;
            nbits += 6;
            if (nbits >= 8) {
                nbits -= 8;
                if (o == out.length) { sink.write(out, 0, o); o = 0; }
                out[o++] = (byte) (bits >> nbits);
                bits &= (1 << nbits) - 1;
            }
        }
        if (o > 0) sink.write(out, 0, o);
    }
}
