package dev.vigil.applayer.tls;

import java.nio.charset.StandardCharsets;

/**
 * Formats a DER X.509 Name the way Suricata logs it: relative distinguished names in encoded order
 * (not RFC 2253's reversed order), joined by ", ", multi-valued ones by " + ", attribute short names
 * (C, ST, L, O, OU, CN, ...), values unescaped. The JDK's X500Principal formats reverse the order and
 * escape, hence this small walker.
 */
final class X509Name {
    private X509Name() {}

    /** Null when the bytes are not a well-formed Name. */
    static String format(byte[] der) {
        try {
            StringBuilder sb = new StringBuilder(96);
            int[] seq = header(der, 0, der.length, 0x30);
            if (seq == null) return null;
            int p = seq[0], end = seq[1];
            boolean firstRdn = true;
            while (p < end) {
                int[] set = header(der, p, end, 0x31);
                if (set == null) return null;
                if (!firstRdn) sb.append(", ");
                firstRdn = false;
                int q = set[0];
                boolean firstAttr = true;
                while (q < set[1]) {
                    int[] atv = header(der, q, set[1], 0x30);
                    if (atv == null) return null;
                    int[] oid = header(der, atv[0], atv[1], 0x06);
                    if (oid == null) return null;
                    if (!firstAttr) sb.append(" + ");
                    firstAttr = false;
                    sb.append(shortName(oidString(der, oid[0], oid[1]))).append('=');
                    int vOff = oid[1];
                    if (vOff + 2 > atv[1]) return null;
                    int tag = der[vOff] & 0xff;
                    int[] val = header(der, vOff, atv[1], tag);
                    if (val == null) return null;
                    sb.append(value(der, tag, val[0], val[1]));
                    q = atv[1];
                }
                p = set[1];
            }
            return sb.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {contentStart, contentEnd} of the TLV at {@code p} with the expected tag, or null. */
    static int[] header(byte[] b, int p, int end, int tag) {
        if (p + 2 > end || (b[p] & 0xff) != tag) return null;
        int l = b[p + 1] & 0xff;
        int c = p + 2;
        if (l >= 0x80) {
            int n = l & 0x7f;
            if (n == 0 || n > 3 || c + n > end) return null;
            l = 0;
            for (int i = 0; i < n; i++) l = (l << 8) | (b[c + i] & 0xff);
            c += n;
        }
        if (l < 0 || c + l > end) return null;
        return new int[] {c, c + l};
    }

    private static String value(byte[] b, int tag, int s, int e) {
        return switch (tag) {
            case 0x0c -> new String(b, s, e - s, StandardCharsets.UTF_8); // UTF8String
            case 0x1e -> new String(b, s, e - s, StandardCharsets.UTF_16BE); // BMPString
            case 0x1c -> new String(b, s, e - s, java.nio.charset.Charset.forName("UTF-32BE")); // UniversalString
            default -> new String(b, s, e - s, StandardCharsets.ISO_8859_1); // Printable, IA5, T61, ...
        };
    }

    static String oidString(byte[] b, int s, int e) {
        StringBuilder sb = new StringBuilder(24);
        long v = 0;
        boolean first = true;
        for (int i = s; i < e; i++) {
            v = (v << 7) | (b[i] & 0x7f);
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    int a = v < 80 ? (int) (v / 40) : 2;
                    sb.append(a).append('.').append(v - 40L * a);
                    first = false;
                } else {
                    sb.append('.').append(v);
                }
                v = 0;
            }
        }
        return sb.toString();
    }

    private static String shortName(String oid) {
        return switch (oid) {
            case "2.5.4.3" -> "CN";
            case "2.5.4.6" -> "C";
            case "2.5.4.7" -> "L";
            case "2.5.4.8" -> "ST";
            case "2.5.4.10" -> "O";
            case "2.5.4.11" -> "OU";
            case "0.9.2342.19200300.100.1.25" -> "DC";
            case "1.2.840.113549.1.9.1" -> "Email";
            case "2.5.4.4" -> "surname";
            case "2.5.4.5" -> "serialNumber";
            case "2.5.4.9" -> "street";
            case "2.5.4.12" -> "title";
            case "2.5.4.15" -> "businessCategory";
            case "2.5.4.17" -> "postalCode";
            case "2.5.4.42" -> "givenName";
            case "0.9.2342.19200300.100.1.1" -> "UID";
            default -> oid;
        };
    }
}
