package dev.vigil.detect.engine;

/**
 * A buffer keyword other than content and pcre, compiled from the rule text once: it tests the buffer
 * at or around the cursor (the end of the previous match) and may move the cursor or set a variable.
 */
sealed interface CursorKeyword permits ByteTest, ByteJump, ByteExtract, ByteMath, IsDataAt, Bsize, Base64Decode {
    /**
     * Applies the keyword to {@code buf[0, len)} with the cursor at {@code cursor}; returns the cursor
     * for the next keyword, or -1 when the keyword does not hold. Never throws, whatever the buffer or
     * the values it holds.
     */
    int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader);

    /** True when the keyword reads from the cursor, so an earlier match at another place may satisfy it. */
    boolean relative();
}
