package dev.vigil.deception.decoy.tcp;

import java.nio.charset.StandardCharsets;

/** Bytes gathered into lines (LF-terminated, a CR before it dropped), never more than the cap held. */
final class LineBuffer {
    private final byte[] buf;
    private int size;
    private boolean overflow;

    LineBuffer(int maxLine) {
        this.buf = new byte[Math.max(16, maxLine)];
    }

    /** Adds one byte; returns the line it completes, or null. After an overflow nothing more is taken. */
    String add(byte b) {
        if (overflow) return null;
        if (b == '\n') {
            int end = size > 0 && buf[size - 1] == '\r' ? size - 1 : size;
            String line = new String(buf, 0, end, StandardCharsets.UTF_8);
            size = 0;
            return line;
        }
        if (size == buf.length) {
            overflow = true;
            return null;
        }
        buf[size++] = b;
        return null;
    }

    /** Whether a line ran past the cap. */
    boolean overflow() { return overflow; }
}
