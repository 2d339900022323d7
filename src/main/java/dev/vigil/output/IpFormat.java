package dev.vigil.output;

/**
 * Address text as Suricata writes it: dotted quad for IPv4, and IPv6 as eight four-digit groups
 * without zero compression (Suricata's PrintInet keeps the zeroes, and tooling matches on that form).
 */
public final class IpFormat {
    private IpFormat() {}
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static String format(int ipVersion, long hi, long lo) {
        if (ipVersion == 4) {
            byte[] b = new byte[15];
            int n = octet(b, 0, (int) (lo >>> 24) & 0xFF);
            b[n++] = '.';
            n = octet(b, n, (int) (lo >>> 16) & 0xFF);
            b[n++] = '.';
            n = octet(b, n, (int) (lo >>> 8) & 0xFF);
            b[n++] = '.';
            n = octet(b, n, (int) lo & 0xFF);
            return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] c = new char[39];
        int n = 0;
        for (int g = 0; g < 8; g++) {
            long word = g < 4 ? hi : lo;
            int shift = 48 - (g % 4) * 16;
            int v = (int) (word >>> shift) & 0xFFFF;
            if (g > 0) c[n++] = ':';
            c[n++] = HEX[(v >>> 12) & 0xF];
            c[n++] = HEX[(v >>> 8) & 0xF];
            c[n++] = HEX[(v >>> 4) & 0xF];
            c[n++] = HEX[v & 0xF];
        }
        return new String(c, 0, n);
    }

    /** Decimal digits of {@code v} (0..255) at {@code n}; returns the index after them. */
    private static int octet(byte[] b, int n, int v) {
        if (v >= 100) b[n++] = (byte) ('0' + v / 100);
        if (v >= 10) b[n++] = (byte) ('0' + v / 10 % 10);
        b[n++] = (byte) ('0' + v % 10);
        return n;
    }
}
