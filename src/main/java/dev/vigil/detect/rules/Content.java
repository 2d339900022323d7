package dev.vigil.detect.rules;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * A {@code content} match and the modifiers that follow it in the rule. Positions may name a
 * {@code byte_extract} variable instead of a number ({@code offsetVar}, ...).
 */
public final class Content {
    public final byte[] pattern;
    public final boolean negated;
    /** The buffer inspected: a sticky buffer in force when the content came, or a legacy modifier's. */
    public String buffer;
    public boolean nocase, startsWith, endsWith, rawbytes;
    /** Matched on the data a {@code base64_decode} of {@link #buffer} decoded ({@code base64_data}), not on the buffer. */
    public boolean base64Data;
    public Integer offset, depth, distance, within;
    public String offsetVar, depthVar, distanceVar, withinVar;
    /** Set by {@code fast_pattern}; {@code fastPatternOnly} and the chop ({@code fastPatternOffset/Length}) with it. */
    public boolean fastPattern, fastPatternOnly;
    public int fastPatternOffset = -1, fastPatternLength = -1;
    /** The search for this content, made on first use (a rule the prefilter never chooses never needs one). */
    private dev.vigil.detect.mpm.PatternSearch search;

    Content(byte[] pattern, boolean negated, String buffer) {
        this.pattern = pattern;
        this.negated = negated;
        this.buffer = buffer;
    }

    /** Parses the value of {@code content:} (quotes, escapes, |hex| blocks, a leading ! for negation). */
    static Content parse(String value, String buffer) throws RuleException {
        if (value == null) throw new RuleException("content", "content needs a value");
        String v = value.trim();
        boolean negated = v.startsWith("!");
        if (negated) v = v.substring(1).trim();
        if (!v.startsWith("\"") || !v.endsWith("\"") || v.length() < 2) throw new RuleException("content", "content must be quoted: " + value);
        byte[] p = bytes(RuleText.unquote("content", v));
        if (p.length == 0) throw new RuleException("content", "empty content");
        return new Content(p, negated, buffer);
    }

    /** Text with {@code |41 42|} hex blocks into bytes (characters above 0xFF are refused). */
    static byte[] bytes(String s) throws RuleException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        boolean hex = false;
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|') {
                if (hex) {
                    String digits = h.toString().replaceAll("\\s+", "");
                    if (digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]*")) {
                        throw new RuleException("content", "bad hex block |" + h + "|");
                    }
                    out.writeBytes(HexFormat.of().parseHex(digits));
                    h.setLength(0);
                }
                hex = !hex;
                continue;
            }
            if (hex) {
                h.append(c);
            } else {
                if (c > 0xFF) throw new RuleException("content", "character outside Latin-1 in content: " + c);
                out.write(c);
            }
        }
        if (hex) throw new RuleException("content", "unterminated hex block in content");
        return out.toByteArray();
    }

    /**
     * The compiled search for the pattern with its case rule. Made once the rule is loaded (modifiers set):
     * two threads that race make equal searches, either one is kept.
     */
    public dev.vigil.detect.mpm.PatternSearch search() {
        dev.vigil.detect.mpm.PatternSearch s = search;
        if (s == null) search = s = new dev.vigil.detect.mpm.PatternSearch(pattern, nocase);
        return s;
    }

    /** True once a relative position (distance, within) is set. */
    boolean relative() { return distance != null || within != null || distanceVar != null || withinVar != null; }

    /** True once an absolute position (offset, depth) is set. */
    boolean absolute() { return offset != null || depth != null || offsetVar != null || depthVar != null; }
}
