package dev.vigil.detect.rules;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code pcre} match: the expression compiled for Java's engine (applied to bytes read as
 * Latin-1), its Suricata flags, and the buffer a buffer flag selects ({@code U}, {@code H}, ...).
 */
public final class Pcre {
    public final String expression;
    public final String flags;
    public final boolean negated;
    public final boolean relative;
    public final Pattern compiled;
    public String buffer;
    /** Matched on the data a {@code base64_decode} of {@link #buffer} decoded ({@code base64_data}). */
    public boolean base64Data;

    private Pcre(String expression, String flags, boolean negated, boolean relative, Pattern compiled, String buffer) {
        this.expression = expression;
        this.flags = flags;
        this.negated = negated;
        this.relative = relative;
        this.compiled = compiled;
        this.buffer = buffer;
    }

    /** Suricata's pcre flags and the buffer each buffer flag selects. */
    private static String bufferOf(char f) {
        return switch (f) {
            case 'U' -> "http.uri";
            case 'I' -> "http.uri.raw";
            case 'P' -> "http.request_body";
            case 'Q' -> "file.data";
            case 'H' -> "http.header";
            case 'D' -> "http.header.raw";
            case 'M' -> "http.method";
            case 'C' -> "http.cookie";
            case 'S' -> "http.stat_code";
            case 'Y' -> "http.stat_msg";
            case 'V' -> "http.user_agent";
            case 'W' -> "http.host";
            case 'Z' -> "http.host.raw";
            default -> null;
        };
    }

    static Pcre parse(String value, String buffer) throws RuleException {
        if (value == null) throw new RuleException("pcre", "pcre needs a value");
        String v = value.trim();
        boolean negated = v.startsWith("!");
        if (negated) v = v.substring(1).trim();
        // Suricata also takes the expression unquoted (pcre:/x/U;), as old rules write it
        if (v.startsWith("/")) v = "\"" + v + "\"";
        if (!v.startsWith("\"") || !v.endsWith("\"") || v.length() < 2) throw new RuleException("pcre", "pcre must be quoted: " + value);
        // the expression as written: PCRE reads its own escapes (\\ is a backslash to it, not to the rule parser)
        String body = v.substring(1, v.length() - 1);
        if (!body.startsWith("/")) throw new RuleException("pcre", "pcre must start with /: " + value);
        int end = body.lastIndexOf('/');
        if (end <= 0) throw new RuleException("pcre", "pcre has no closing /: " + value);
        String expr = body.substring(1, end), flags = body.substring(end + 1);
        int javaFlags = 0;
        boolean relative = false, anchored = false, dollarEndOnly = false;
        String buf = buffer;
        for (char f : flags.toCharArray()) {
            switch (f) {
                case 'i' -> javaFlags |= Pattern.CASE_INSENSITIVE;
                case 's' -> javaFlags |= Pattern.DOTALL;
                case 'm' -> javaFlags |= Pattern.MULTILINE;
                case 'x' -> javaFlags |= Pattern.COMMENTS;
                case 'A' -> anchored = true;
                case 'E' -> dollarEndOnly = true;
                case 'R' -> relative = true;
                case 'B', 'O' -> { } // rawbytes (no effect in Suricata), match-limit override (Vigil bounds every match)
                case 'G' -> throw new RuleException("pcre", "pcre flag G (ungreedy by default) is not supported");
                default -> {
                    String b = bufferOf(f);
                    if (b == null) throw new RuleException("pcre", "unknown pcre flag " + f);
                    buf = b;
                }
            }
        }
        String java = PcreSyntax.toJava(expr);
        // PCRE's default newline is LF alone: '.' and '$' must not treat \r or \x85 as line ends
        javaFlags |= Pattern.UNIX_LINES;
        if (dollarEndOnly && (javaFlags & Pattern.MULTILINE) == 0) java = java.replaceAll("(?<!\\\\)\\$$", "\\\\z");
        if (anchored) java = "\\G(?:" + java + ")";
        Pattern p;
        try {
            p = Pattern.compile(java, javaFlags);
        } catch (PatternSyntaxException | StackOverflowError e) {
            throw new RuleException("pcre", "pcre not supported by Vigil's regex engine: " + (e instanceof PatternSyntaxException x ? x.getDescription() : "too deeply nested") + " in /" + expr + "/");
        }
        return new Pcre(expr, flags, negated, relative, p, buf);
    }
}
