package dev.vigil.intel.misp;

import java.util.List;
import java.util.StringJoiner;

/**
 * STIX 2.1 pattern text: string literals quoted and escaped per the pattern grammar (inside {@code '...'}
 * only {@code \} and {@code '} are escaped), numbers printed bare, and comparisons of one observation AND-ed
 * inside one pair of brackets. Hostile MISP values (quotes, backslashes, brackets, newlines) must never change
 * the pattern's structure, so every value goes through {@link #quote}.
 */
public final class PatternText {
    private PatternText() {}

    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\'') b.append('\\');
            b.append(c);
        }
        return b.append('\'').toString();
    }

    static String literal(Object v) {
        if (v instanceof String s) return quote(s);
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw new IllegalArgumentException("not a finite number: " + d);
            String t = Double.toString(d);
            return t.contains("E") ? new java.math.BigDecimal(d).toPlainString() : t;
        }
        return v.toString();
    }

    /** One observation expression: {@code [c1 AND c2 ...]}. All comparisons must share one root SCO type. */
    public static String observation(List<Comparison> comparisons) {
        if (comparisons.isEmpty()) throw new IllegalArgumentException("no comparisons");
        String root = comparisons.getFirst().rootType();
        StringJoiner j = new StringJoiner(" AND ", "[", "]");
        for (Comparison c : comparisons) {
            if (!c.rootType().equals(root)) throw new IllegalArgumentException("mixed root types in one observation: " + root + ", " + c.rootType());
            j.add(c.render());
        }
        return j.toString();
    }

    /** A property name as a path step: bare when it is a plain identifier, else quoted ({@code hashes.'SHA-256'}). */
    public static String step(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : quote(name);
    }
}
