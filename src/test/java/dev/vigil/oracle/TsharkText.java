package dev.vigil.oracle;

/**
 * How tshark prints text it took from a packet: a control character as a C escape ({@code \r}) or
 * three octal digits ({@code \000}), a backslash as two. Vigil logs the characters themselves (JSON
 * escapes them), so comparing the two needs tshark's text read back.
 */
final class TsharkText {
    private TsharkText() {}

    /** The text with tshark's escapes read back into the characters they stand for. */
    static String unescaped(String v) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 >= v.length()) {
                out.append(c);
                continue;
            }
            char n = v.charAt(i + 1);
            int octal = i + 3 < v.length() ? octal(v, i + 1) : -1;
            if (octal >= 0) {
                out.append((char) octal);
                i += 3;
                continue;
            }
            int esc = "abfnrtv\\".indexOf(n);
            if (esc < 0) {
                out.append(c);
                continue;
            }
            out.append("\u0007\b\f\n\r\t\u000b\\".charAt(esc));
            i++;
        }
        return out.toString();
    }

    private static int octal(String v, int at) {
        int value = 0;
        for (int k = at; k < at + 3; k++) {
            char d = v.charAt(k);
            if (d < '0' || d > '7') return -1;
            value = value * 8 + (d - '0');
        }
        return value <= 0xFF ? value : -1;
    }


    /**
     * The text up to its first NUL: tshark keeps a header value as a C string, so a NUL byte ends
     * what it shows (ndpi-fuzz-2006-09-29-28586 frame 20: "Host:%s\0002.20.3.5" is {@code %s}).
     */
    static String toNul(String v) {
        int nul = v.indexOf('\0');
        return nul < 0 ? v : v.substring(0, nul);
    }
}
