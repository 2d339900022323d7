package dev.vigil.intel.stix.pattern;

/**
 * java.util.regex backtracks, so a hostile MATCHES (or a hostile value under a careless one) can run for
 * ages. The engine reads its input only through charAt, so counting those reads bounds the work.
 */
final class BudgetedCharSequence implements CharSequence {
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression step budget exhausted", null, false, false);
        }
    }

    private final CharSequence s;
    private final int[] remaining;

    private BudgetedCharSequence(CharSequence s, int[] remaining) {
        this.s = s;
        this.remaining = remaining;
    }

    /** Allows about {@code perChar} reads per input character, at least {@code floor}. */
    static BudgetedCharSequence of(CharSequence s, int floor, int perChar) {
        long budget = Math.max(floor, (long) perChar * s.length());
        return new BudgetedCharSequence(s, new int[] {(int) Math.min(Integer.MAX_VALUE, budget)});
    }

    @Override
    public char charAt(int index) {
        if (--remaining[0] < 0) throw new Exhausted();
        return s.charAt(index);
    }

    @Override
    public int length() {
        return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedCharSequence(s.subSequence(start, end), remaining);
    }

    @Override
    public String toString() {
        return s.toString();
    }
}
