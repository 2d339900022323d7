package dev.vigil.applayer.smtp;

/** Quoted-printable (RFC 2045 6.7), one line at a time. */
final class QuotedPrintable {
    private QuotedPrintable() {}

    /**
     * Decodes one line (without its line break) into {@code out}; returns the decoded length, negated
     * minus one when the line ends with a soft break ("=") so that no line break follows it.
     * An '=' not followed by two hex digits is kept as it is (RFC 2045 suggests so); out must be len long.
     */
    static int decodeLine(byte[] b, int off, int len, byte[] out) {
        int end = off + len;
        while (end > off && (b[end - 1] == ' ' || b[end - 1] == '\t')) end--; // trailing white space is padding
        int o = 0;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c != '=') { out[o++] = c; continue; }
            if (i == end - 1) return -o - 1;
            int h = i + 2 < end ? hex(b[i + 1]) : -1, l = i + 2 < end ? hex(b[i + 2]) : -1;
            if (h >= 0 && l >= 0) { out[o++] = (byte) (h << 4 | l); i += 2; }
            else out[o++] = c;
        }
        return o;
    }

    static boolean invalidEscape(byte[] b, int off, int len) {
        for (int i = off; i < off + len - 1; i++) {
            if (b[i] == '=' && (i + 2 >= off + len || hex(b[i + 1]) < 0 || hex(b[i + 2]) < 0)) {
                // a soft break at the very end (after trailing blanks) is fine
                int j = i + 1;
                while (j < off + len && (b[j] == ' ' || b[j] == '\t')) j++;
                if (j < off + len) return true;
            }
        }
        return false;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
}
