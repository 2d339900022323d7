package dev.vigil.scenario.grade;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of an EVE file, each at most {@code maxChars} long: a longer line is read past, not kept,
 * so a damaged file with no newlines for gigabytes cannot exhaust memory.
 */
final class EveLines {
    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private final StringBuilder line = new StringBuilder();
    private boolean overlong;

    EveLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line ending, "" for a line that was too long; null at the end. */
    String next() throws IOException {
        line.setLength(0);
        overlong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish() : null;
                }
            }
            any = true;
            int nl = pos;
            while (nl < limit && buf[nl] != '\n') nl++;
            append(pos, nl - pos);
            if (nl < limit) {
                pos = nl + 1;
                return finish();
            }
            pos = limit;
        }
    }

    /** Whether the line {@link #next} returned last was longer than the limit. */
    boolean overlong() {
        return overlong;
    }

    private void append(int from, int n) {
        if (overlong) return;
        if (line.length() + n > maxChars + 1) { // + 1: the CR of a CRLF ending is not the line's
            overlong = true;
            line.setLength(0);
            return;
        }
        line.append(buf, from, n);
    }

    private String finish() {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(--n);
        if (n > maxChars) {
            overlong = true;
            line.setLength(0);
        }
        return line.toString();
    }
}
