package dev.vigil.detect.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites the PCRE constructs rules use that Java's regex syntax spells differently or refuses:
 * {@code (?P<name>...)}, {@code (?P=name)}, {@code \g{N}}, group names with underscores, a literal
 * {@code {} that starts no quantifier, and {@code [}, {@code &&} or a leading {@code ]} inside a class.
 * What has no Java counterpart (recursion, relative back references) is left for Java to refuse.
 */
final class PcreSyntax {
    private PcreSyntax() {}

    static String toJava(String p) {
        StringBuilder out = new StringBuilder(p.length() + 8);
        Map<String, String> names = new HashMap<>();
        boolean inClass = false;
        int classStart = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (n == 'Q') {
                    // a quoted run passes through untouched up to \E
                    int end = p.indexOf("\\E", i + 2);
                    int stop = end < 0 ? p.length() : end + 2;
                    out.append(p, i, stop);
                    i = stop - 1;
                    continue;
                }
                if (!inClass && n == 'g') {
                    int j = i + 2;
                    boolean braced = j < p.length() && p.charAt(j) == '{';
                    if (braced) j++;
                    int k = j;
                    while (k < p.length() && Character.isDigit(p.charAt(k))) k++;
                    if (k > j && (!braced || k < p.length() && p.charAt(k) == '}')) {
                        out.append('\\').append(p, j, k);
                        i = braced ? k : k - 1;
                        continue;
                    }
                }
                // PCRE reads \0 without octal digits after it, and \x without hex digits, as a NUL byte
                if (n == '0' && (i + 2 >= p.length() || p.charAt(i + 2) < '0' || p.charAt(i + 2) > '7')) {
                    out.append("\\x00");
                    i++;
                    continue;
                }
                if (n == 'x' && (i + 2 >= p.length() || (p.charAt(i + 2) != '{' && Character.digit(p.charAt(i + 2), 16) < 0))) {
                    out.append("\\x00");
                    i++;
                    continue;
                }
                // and \x with one hex digit as that digit's byte (Java wants two)
                if (n == 'x' && i + 2 < p.length() && Character.digit(p.charAt(i + 2), 16) >= 0
                        && (i + 3 >= p.length() || Character.digit(p.charAt(i + 3), 16) < 0)) {
                    out.append("\\x0").append(p.charAt(i + 2));
                    i += 2;
                    continue;
                }
                out.append(c).append(n);
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']' && i > classStart) {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || c == ']' || (c == '&' && i + 1 < p.length() && p.charAt(i + 1) == '&')) {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                int j = i + 1;
                if (j < p.length() && p.charAt(j) == '^') {
                    out.append('^');
                    j++;
                }
                // a ] right after the opening bracket is a member, not the end
                classStart = j;
                i = j - 1;
                continue;
            }
            if (c == '{' && !quantifierAt(p, i)) {
                out.append("\\{");
                continue;
            }
            if (c == '(' && p.startsWith("(?P<", i)) {
                int end = p.indexOf('>', i + 4);
                if (end > 0) {
                    out.append("(?<").append(javaName(p.substring(i + 4, end), names)).append('>');
                    i = end;
                    continue;
                }
            }
            if (c == '(' && p.startsWith("(?<", i) && i + 3 < p.length() && p.charAt(i + 3) != '=' && p.charAt(i + 3) != '!') {
                int end = p.indexOf('>', i + 3);
                if (end > 0) {
                    out.append("(?<").append(javaName(p.substring(i + 3, end), names)).append('>');
                    i = end;
                    continue;
                }
            }
            if (c == '(' && p.startsWith("(?P=", i)) {
                int end = p.indexOf(')', i + 4);
                if (end > 0) {
                    out.append("\\k<").append(javaName(p.substring(i + 4, end), names)).append('>');
                    i = end;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {n}, {n,} or {n,m} starts at {@code i}. */
    private static boolean quantifierAt(String p, int i) {
        int j = i + 1, digits = 0;
        while (j < p.length() && Character.isDigit(p.charAt(j))) { j++; digits++; }
        if (digits == 0 || j >= p.length()) return false;
        if (p.charAt(j) == '}') return true;
        if (p.charAt(j) != ',') return false;
        j++;
        while (j < p.length() && Character.isDigit(p.charAt(j))) j++;
        return j < p.length() && p.charAt(j) == '}';
    }

    /** Java group names are letters and digits only: others are dropped, and a clash numbered. */
    private static String javaName(String name, Map<String, String> names) {
        return names.computeIfAbsent(name, n -> {
            String s = n.replaceAll("[^A-Za-z0-9]", "");
            if (s.isEmpty() || !Character.isLetter(s.charAt(0))) s = "g" + s;
            String base = s;
            int k = 2;
            while (names.containsValue(s)) s = base + k++;
            return s;
        });
    }
}
