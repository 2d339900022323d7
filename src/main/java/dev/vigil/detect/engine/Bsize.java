package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Compare;

/** {@code bsize}: the buffer's length compared with a number or range; the cursor does not move. */
record Bsize(Compare size) implements CursorKeyword {
    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        return size.test(len) ? cursor : -1;
    }

    @Override
    public boolean relative() { return false; }
}
