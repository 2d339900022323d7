package dev.vigil.detect.rules;

import java.util.List;
import java.util.Map;

/**
 * One loaded rule: its header, meta data, and what it inspects, in the order the rule gives it.
 * {@code matches} holds {@link Content} and {@link Pcre} (each naming its buffer) and
 * {@link BufferTest}s; {@code conditions} the packet, flow and state tests ({@link Compare}, {@link Setting}).
 */
public record Rule(RuleHeader header, int gid, long sid, int rev, String msg, String classtype, int priority,
                   List<String> references, Map<String, List<String>> metadata, String target,
                   List<Object> matches, List<Object> conditions, String text, String file, int line) {

    /** A test on a buffer other than a content or pcre: {@code isdataat}, {@code byte_test}, {@code bsize}, ... */
    public record BufferTest(String buffer, String keyword, String value) {}

    /** A validated keyword the engine reads at match time ({@code flow}, {@code flowbits}, {@code threshold}, ...). */
    public record Setting(String keyword, String value) {}

    /** The content the prefilter looks for: the one marked {@code fast_pattern}, else none chosen yet. */
    public Content fastPattern() {
        for (Object m : matches) if (m instanceof Content c && c.fastPattern) return c;
        return null;
    }
}
