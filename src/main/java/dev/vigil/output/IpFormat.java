package dev.vigil.output;

/**
 * Address text as Suricata writes it: dotted quad for IPv4, and IPv6 as eight four-digit groups
 * without zero compression (Suricata's PrintInet keeps the zeroes, and tooling matches on that form).
 */
public final class IpFormat {
    private IpFormat() {}
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    public static String format(int ipVersion, long hi, long lo) {
        byte[] b = new byte[MAX_LENGTH];
        return new String(b, 0, ascii(ipVersion, hi, lo, b), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Longest text: an IPv6 address's eight groups. */
    public static final int MAX_LENGTH = 39;

    /**
     * The same text as {@link #format}, as ASCII bytes into {@code out} (at least {@link #MAX_LENGTH}
     * long), so a record's addresses can be written without a String each.
     * @return the length
     */
    public static int ascii(int ipVersion, long hi, long lo, byte[] out) {
        if (ipVersion == 4) {
            int n = octet(out, 0, (int) (lo >>> 24) & 0xFF);
            out[n++] = '.';
            n = octet(out, n, (int) (lo >>> 16) & 0xFF);
            out[n++] = '.';
            n = octet(out, n, (int) (lo >>> 8) & 0xFF);
            out[n++] = '.';
            return octet(out, n, (int) lo & 0xFF);
        }
        int n = 0;
        for (int g = 0; g < 8; g++) {
            long word = g < 4 ? hi : lo;
            int shift = 48 - (g % 4) * 16;
            int v = (int) (word >>> shift) & 0xFFFF;
            if (g > 0) out[n++] = ':';
            out[n++] = HEX[(v >>> 12) & 0xF];
            out[n++] = HEX[(v >>> 8) & 0xF];
            out[n++] = HEX[(v >>> 4) & 0xF];
            out[n++] = HEX[v & 0xF];
        }
        return n;
    }

    /** Decimal digits of {@code v} (0..255) at {@code n}; returns the index after them. */
    private static int octet(byte[] b, int n, int v) {
        if (v >= 100) b[n++] = (byte) ('0' + v / 100);
        if (v >= 10) b[n++] = (byte) ('0' + v / 10 % 10);
        b[n++] = (byte) ('0' + v % 10);
        return n;
    }
}
