package dev.vigil.detect.rules;

import java.util.ArrayList;
import java.util.List;

/** The lexical layer of the rule language: options split at unescaped semicolons, quoted values, groups. */
final class RuleText {
    private RuleText() {}

    /** One {@code name[:value]} option, value as written (trimmed, quotes kept). */
    record Option(String name, String value) {}

    /** Splits {@code s} at {@code sep} outside brackets. */
    static List<String> splitTopLevel(String s, char sep) throws RuleException {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']' && --depth < 0) throw new RuleException(null, "unbalanced brackets: " + s);
            else if (c == sep && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) throw new RuleException(null, "unbalanced brackets: " + s);
        out.add(s.substring(start));
        return out;
    }

    /**
     * The options between a rule's parentheses. As in Suricata, a semicolon ends an option unless a
     * backslash escapes it, inside quotes or not; the last option must be ended by one too.
     */
    static List<Option> options(String body) throws RuleException {
        List<Option> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                cur.append(c).append(body.charAt(++i));
                continue;
            }
            if (c != ';') {
                cur.append(c);
                continue;
            }
            out.add(option(cur.toString()));
            cur.setLength(0);
        }
        if (!cur.toString().isBlank()) throw new RuleException(null, "last option not terminated by ';': " + cur.toString().trim());
        return out;
    }

    private static Option option(String text) throws RuleException {
        String t = text.trim();
        if (t.isEmpty()) throw new RuleException(null, "empty option");
        int colon = t.indexOf(':');
        if (colon < 0) return new Option(t, null);
        String name = t.substring(0, colon).trim();
        if (name.isEmpty()) throw new RuleException(null, "option without a name: " + t);
        return new Option(name, t.substring(colon + 1).trim());
    }

    /** The value without its surrounding quotes, escapes (\\", \\;, \\\\, \\:) resolved; an unquoted value as is. */
    static String unquote(String keyword, String v) throws RuleException {
        if (v == null) throw new RuleException(keyword, keyword + " needs a value");
        String s = v.trim();
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') s = s.substring(1, s.length() - 1);
        else if (s.startsWith("\"")) throw new RuleException(keyword, "unterminated quote in " + keyword);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == '"' || n == ';' || n == '\\' || n == ':') {
                    out.append(n);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
