package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * What I-JSON (RFC 7493) refuses and plain JSON lets through: a string or property name holding half a UTF-16
 * surrogate pair, which a JSON escape such as {@code \ud800} can spell. Such content has no RFC 8785 canonical
 * form, so it cannot be hashed, signed or given a deterministic id; one such object accepted from a partner
 * would make every signed export that carries it fail. Readers of outside content refuse it object by object.
 */
public final class IJson {
    private IJson() {}

    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether any string or property name in the tree has a lone surrogate. */
    public static boolean hasLoneSurrogate(JsonNode n) {
        if (n == null) return false;
        if (n.isTextual()) return hasLoneSurrogate(n.textValue());
        if (n.isArray()) {
            for (JsonNode e : n) if (hasLoneSurrogate(e)) return true;
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hasLoneSurrogate(e.getKey()) || hasLoneSurrogate(e.getValue())) return true;
            }
        }
        return false;
    }

    /**
     * A property name fit to quote in a message that goes back to whoever sent it: at most 64 characters,
     * with surrogates and control characters as '?', so the message itself is I-JSON and one line.
     */
    public static String clip(String name) {
        return clip(name, 64);
    }

    /** {@link #clip(String)} to {@code max} characters. */
    public static String clip(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isSurrogate(c) || Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > max) b.append('…');
        return b.toString();
    }

    /** The message a refusal carries. */
    public static final String LONE_SURROGATE = "a string holds a lone UTF-16 surrogate (not I-JSON, no canonical form)";
}
