package dev.vigil.applayer.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Small readers for header values, working on bytes so nothing is built for headers that are not logged. */
final class HeaderValues {
    private HeaderValues() {}

    /** Case-insensitive ASCII comparison of {@code b[off, off+len)} with a lower-case name. */
    static boolean is(byte[] b, int off, int len, String lower) {
        if (len != lower.length()) return false;
        for (int i = 0; i < len; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }

    /** Whether the value contains {@code lower} as a token, ignoring case (e.g. "chunked" in "gzip, chunked"). */
    static boolean containsToken(String value, String lower) {
        return value.toLowerCase(Locale.ROOT).contains(lower);
    }

    /** Bytes as Latin-1 text: every byte survives as one char, as Suricata logs non-UTF-8 bytes escaped. */
    static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Bytes as logged text: as they are when they are valid UTF-8, else ASCII with every other byte
     * written as {@code \xNN}, the way Suricata logs raw protocol bytes.
     */
    static String logText(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) ascii = b[i] >= 0;
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder sb = new StringBuilder(len + 16);
            for (int i = off; i < off + len; i++) {
                int c = b[i] & 0xFF;
                if (c < 0x80) sb.append((char) c);
                else sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
            return sb.toString();
        }
    }

    /** A decimal Content-Length, or -1 when it is not one (or does not fit a long). */
    static long contentLength(byte[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) i++;
        while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) end--;
        if (i == end) return -1;
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            if (v > (Long.MAX_VALUE - d) / 10) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * The value of parameter {@code name} (lower case) in a header value such as
     * {@code attachment; filename="a b.txt"} or {@code multipart/form-data; boundary=xyz}; null when absent.
     */
    static String parameter(String value, String name) {
        int n = value.length();
        int i = value.indexOf(';');
        while (i >= 0 && i < n) {
            i++;
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) i++;
            int eq = value.indexOf('=', i);
            int semi = value.indexOf(';', i);
            if (eq < 0) return null;
            if (semi >= 0 && semi < eq) { i = semi; continue; }
            String key = value.substring(i, eq).trim();
            int v = eq + 1;
            while (v < n && (value.charAt(v) == ' ' || value.charAt(v) == '\t')) v++;
            String result;
            int next;
            if (v < n && value.charAt(v) == '"') {
                StringBuilder sb = new StringBuilder();
                int k = v + 1;
                while (k < n && value.charAt(k) != '"') {
                    char c = value.charAt(k);
                    if (c == '\\' && k + 1 < n) c = value.charAt(++k);
                    sb.append(c);
                    k++;
                }
                result = sb.toString();
                next = value.indexOf(';', Math.min(n, k + 1));
            } else {
                int e = semi < 0 ? n : semi;
                result = value.substring(v, e).trim();
                next = semi;
            }
            if (key.equalsIgnoreCase(name)) return result;
            if (next < 0) return null;
            i = next;
        }
        return null;
    }

    /** The media type of a Content-Type value, without parameters ("text/html; charset=x" gives "text/html"). */
    static String mediaType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim();
    }
}
