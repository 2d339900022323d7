package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Map;

/**
 * A number a byte keyword takes from the rule: written there, or the value a {@code byte_extract} (or
 * {@code byte_math}) earlier in the same buffer left in a variable slot.
 */
record Operand(long constant, int slot) {
    static Operand of(long constant) { return new Operand(constant, -1); }

    /**
     * The operand written as {@code text}: a variable when it starts with a letter (as Suricata decides),
     * else a number (decimal, or hex with 0x) within [min, max].
     */
    static Operand parse(String keyword, String what, String text, Map<String, Integer> vars, long min, long max) throws RuleException {
        String t = text.trim();
        if (!t.isEmpty() && Character.isLetter(t.charAt(0))) {
            Integer slot = vars.get(t);
            if (slot == null) throw new RuleException(keyword, keyword + " variable " + t + " not extracted earlier in the buffer");
            return new Operand(0, slot);
        }
        return of(number(keyword, what, t, min, max));
    }

    /** A number as Suricata's rule parser reads them: decimal, 0x hex, or 0-prefixed octal. */
    static long number(String keyword, String what, String text, long min, long max) throws RuleException {
        String t = text.trim();
        boolean minus = t.startsWith("-");
        if (minus || t.startsWith("+")) t = t.substring(1);
        try {
            long v;
            if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) v = Long.parseUnsignedLong(t.substring(2), 16);
            else if (t.length() > 1 && t.startsWith("0")) v = Long.parseUnsignedLong(t.substring(1), 8);
            else v = Long.parseUnsignedLong(t);
            if (minus) v = -v;
            // max == -1 means the whole unsigned 64-bit range
            boolean ok = max == -1 ? !minus || v == 0 : v >= min && v <= max && (v >= 0 || minus);
            if (ok) return v;
        } catch (NumberFormatException e) {
            // fall through to the rule error
        }
        throw new RuleException(keyword, "bad " + what + " for " + keyword + ": " + text.trim());
    }

    boolean isVariable() { return slot >= 0; }

    long get(long[] vars) { return slot < 0 ? constant : vars[slot]; }
}
