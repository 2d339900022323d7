package dev.vigil.detect.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The two rule languages Vigil reads: Suricata's, and Snort 3's (content modifiers after a comma,
 * {@code content:"x",depth 4,nocase;}; {@code http_uri;} and the like as sticky buffers; {@code service:};
 * headers without addresses, {@code alert http (...)}). Told apart per file.
 */
public enum Dialect {
    SURICATA, SNORT3;

    private static final Pattern SNORT3_MARK = Pattern.compile(
            "content\\s*:\\s*!?\"(?:[^\"\\\\]|\\\\.)*\"\\s*,|[;(]\\s*service\\s*:|[;(]\\s*rem\\s*:|^\\s*(alert|drop|block|pass|reject)\\s+[a-z0-9_-]+\\s*\\(");

    /** Snort 3 when a fifth of the file's rules (at least one) show a Snort 3 form, else Suricata. */
    public static Dialect of(List<String> lines) {
        int rules = 0, snort = 0;
        for (String l : lines) {
            String t = l.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            rules++;
            if (SNORT3_MARK.matcher(t).find()) snort++;
        }
        return snort > 0 && snort * 5 >= rules ? SNORT3 : SURICATA;
    }
}
