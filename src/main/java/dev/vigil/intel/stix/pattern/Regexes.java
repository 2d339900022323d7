package dev.vigil.intel.stix.pattern;

import java.util.regex.Pattern;

/**
 * MATCHES takes PCRE; java.util.regex reads nearly all of it. Python-style named groups, which STIX tooling
 * written in Python emits, are rewritten to Java's spelling. UNIX_LINES keeps '.' and '$' as PCRE defines them.
 */
final class Regexes {
    private Regexes() {}

    static Pattern compile(String regex) {
        return Pattern.compile(translate(regex), Pattern.UNIX_LINES);
    }

    static String translate(String regex) {
        if (!regex.contains("(?P")) return regex;
        StringBuilder b = new StringBuilder(regex.length());
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                b.append(c).append(regex.charAt(++i));
            } else if (regex.startsWith("(?P<", i)) {
                b.append("(?<");
                i += 3;
            } else if (regex.startsWith("(?P=", i)) {
                int end = regex.indexOf(')', i);
                if (end < 0) {
                    b.append(c);
                    continue;
                }
                b.append("\\k<").append(regex, i + 4, end).append('>');
                i = end;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** LIKE's % and _ over the whole value; % spans newlines as SQL's does. */
    static Pattern like(String like) {
        StringBuilder b = new StringBuilder("\\A");
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%' || c == '_') {
                if (!lit.isEmpty()) b.append(Pattern.quote(lit.toString()));
                lit.setLength(0);
                b.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) b.append(Pattern.quote(lit.toString()));
        return Pattern.compile(b.append("\\z").toString(), Pattern.DOTALL);
    }
}
