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
        for (int i = off, end = off + len; i < end; i++) {
            int c = b[i] & 0xFF;
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
                out[o++] = (byte) (bits >> nbits);
                bits &= (1 << nbits) - 1;
                if (o == out.length) { sink.write(out, 0, o); o = 0; }
            }
        }
        if (o > 0) sink.write(out, 0, o);
    }
}
