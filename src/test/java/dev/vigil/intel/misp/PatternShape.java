package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * A small, independent reader of the pattern shape this package emits: {@code [path op literal (AND path op literal)*]},
 * string literals with only backslash-escaped {@code \\} and {@code '}. It is no STIX pattern parser (that lives in
 * intel.stix); it checks that escaping kept every value inside its literal.
 */
public final class PatternShape {
    private PatternShape() {}

    public static void assertWellFormed(String p) {
        assertThat(p).startsWith("[").endsWith("]");
        List<String> lits = literals(p);
        assertThat(lits).as(p).isNotNull();
    }

    /** The string literals in order; fails when the text is not the expected shape. */
    public static List<String> literals(String p) {
        List<String> out = new ArrayList<>();
        int i = 1, end = p.length() - 1;
        if (p.charAt(0) != '[' || p.charAt(end) != ']') throw new AssertionError("not bracketed: " + p);
        while (true) {
            int sp = p.indexOf(' ', i);
            if (sp < 0) throw new AssertionError("no operator: " + p);
            String path = p.substring(i, sp);
            if (!path.matches("[a-z0-9-]+:[A-Za-z0-9_.'\\[\\]*/-]+")) throw new AssertionError("bad path '" + path + "' in " + p);
            int sp2 = p.indexOf(' ', sp + 1);
            String op = p.substring(sp + 1, sp2);
            if (!op.equals("=") && !op.equals("ISSUBSET")) throw new AssertionError("bad operator " + op);
            i = sp2 + 1;
            if (p.charAt(i) == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= end) throw new AssertionError("unterminated literal: " + p);
                    char c = p.charAt(i);
                    if (c == '\\') {
                        char n = p.charAt(i + 1);
                        if (n != '\\' && n != '\'') throw new AssertionError("bad escape \\" + n + " in " + p);
                        b.append(n);
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        b.append(c);
                        i++;
                    }
                }
                out.add(b.toString());
            } else {
                int s = i;
                while (i < end && p.charAt(i) != ' ') i++;
                if (!p.substring(s, i).matches("-?\\d+(\\.\\d+)?")) throw new AssertionError("bad number literal in " + p);
            }
            if (i == end) return out;
            if (!p.startsWith(" AND ", i)) throw new AssertionError("expected AND at " + i + " in " + p);
            i += 5;
        }
    }
}
