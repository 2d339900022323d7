package dev.vigil.detect.behavior.zeek;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a log as text, each bounded: a longer line is skipped to its end without being held (counted),
 * so one hostile line cannot take the heap. Bytes that are not UTF-8 become U+FFFD; a CR before the LF is dropped.
 */
final class ZeekLineReader {
    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[1 << 16];
    private int pos, end;
    private byte[] line = new byte[256];
    private long tooLong;
    private boolean eof;

    ZeekLineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        while (true) {
            int len = 0;
            boolean over = false, any = false;
            while (true) {
                if (pos == end) {
                    if (eof || !fill()) {
                        if (!any) return null;
                        break;
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buf[pos] != '\n') pos++;
                int n = pos - start;
                if (!over) {
                    if (len + n > maxLine) {
                        over = true;
                    } else {
                        if (len + n > line.length) line = java.util.Arrays.copyOf(line, Math.min(maxLine, Math.max(len + n, line.length * 2)));
                        System.arraycopy(buf, start, line, len, n);
                        len += n;
                    }
                }
                if (pos < end) {
                    pos++;
                    break;
                }
            }
            if (over) {
                tooLong++;
                continue;
            }
            if (len > 0 && line[len - 1] == '\r') len--;
            return new String(line, 0, len, StandardCharsets.UTF_8);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    /** Lines skipped for being longer than the bound. */
    long tooLong() { return tooLong; }
}
