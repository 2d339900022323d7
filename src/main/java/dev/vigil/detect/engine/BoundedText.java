package dev.vigil.detect.engine;

/**
 * Bytes shown to Java's regex engine as Latin-1 characters, with a budget of character reads: a
 * backtracking expression that traffic drives into exponential work runs out of budget and stops
 * ({@link Exhausted}) instead of holding the worker. Every read of the engine goes through
 * {@link #charAt}, so the budget bounds the work of one match attempt whatever the expression.
 */
final class BoundedText implements CharSequence {
    /** Thrown when a match has used its budget: the match counts as failed. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regex step budget exhausted", null, false, false);
        }
    }

    private final byte[] buf;
    private final int off, len;
    private final long[] budget;

    /** {@code budget} is shared with sub-sequences, so that one match cannot escape it through them. */
    private BoundedText(byte[] buf, int off, int len, long[] budget) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.budget = budget;
    }

    static BoundedText of(byte[] buf, int off, int len, long steps) {
        return new BoundedText(buf, off, len, new long[] {steps});
    }

    @Override
    public int length() { return len; }

    @Override
    public char charAt(int i) {
        if (--budget[0] < 0) throw new Exhausted();
        if (i < 0 || i >= len) throw new IndexOutOfBoundsException(i);
        return (char) (buf[off + i] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > len || start > end) throw new IndexOutOfBoundsException(start);
        return new BoundedText(buf, off + start, end - start, budget);
    }

    @Override
    public String toString() {
        return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
