package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Runs a rule's matches for one buffer over that buffer's bytes, with Suricata's semantics: offset
 * and depth from the start of the buffer, distance and within from the end of the previous match,
 * startswith/endswith, nocase, negation, relative pcre and isdataat, bsize; when a relative match fails
 * after an earlier content matched, the earlier content is tried at its next occurrence. Work is bounded:
 * a budget of backtracking steps per inspection (as Suricata's recursion limit) and of regex steps per
 * pcre ({@link BoundedText}).
 */
public final class BufferInspector {
    /** Retries of earlier matches per inspection before it gives up (Suricata: inspection-recursion-limit 3000). */
    static final int RECURSION_LIMIT = 3000;
    /** Characters a pcre may read per match attempt before it is stopped. */
    static final long REGEX_STEPS = 200_000;

    /** Counts of work that hit its bound; read by the engine's stats. */
    public long recursionLimitHits, regexBudgetHits;

    private int recursion;
    /**
     * After a successful {@link #inspect}: where the last positional match ended (0 when none moved it), so a
     * caller that re-inspects a sliding window can tell a match it already saw from one in the new bytes.
     */
    public int matchEnd;
    /** After a successful {@link #inspect}: where the first positional match began (-1 when none). */
    public int matchStart;

    /**
     * True when {@code matches} (a rule's {@link Content}, {@link Pcre} and {@link Rule.BufferTest}
     * entries for one buffer, in rule order) all hold on {@code buf[0, len)}.
     */
    public boolean inspect(List<Object> matches, byte[] buf, int len) {
        recursion = 0;
        matchStart = -1;
        return at(matches, 0, buf, len, 0);
    }

    private boolean at(List<Object> ms, int i, byte[] buf, int len, int prevEnd) {
        if (i == ms.size()) {
            matchEnd = prevEnd;
            return true;
        }
        Object m = ms.get(i);
        if (m instanceof Content c) return content(ms, i, c, buf, len, prevEnd);
        if (m instanceof Pcre p) return pcre(ms, i, p, buf, len, prevEnd);
        if (m instanceof Rule.BufferTest t) {
            return switch (t.keyword()) {
                case "isdataat" -> isDataAt(t.value(), len, prevEnd) && at(ms, i + 1, buf, len, prevEnd);
                case "bsize" -> bsize(t.value(), len) && at(ms, i + 1, buf, len, prevEnd);
                default -> throw new UnsupportedOperationException(t.keyword() + " is not inspected yet");
            };
        }
        throw new IllegalArgumentException("not a buffer match: " + m);
    }

    private boolean content(List<Object> ms, int i, Content c, byte[] buf, int len, int prevEnd) {
        if (c.offsetVar != null || c.depthVar != null || c.distanceVar != null || c.withinVar != null) {
            throw new UnsupportedOperationException("byte_extract variables are not inspected yet");
        }
        int plen = c.pattern.length;
        long start, end;
        if (c.startsWith) {
            start = 0;
            end = plen;
        } else if (c.distance != null || c.within != null) {
            start = (long) prevEnd + (c.distance == null ? 0 : c.distance);
            end = c.within == null ? len : (long) prevEnd + (c.distance == null ? 0 : c.distance) + c.within;
        } else {
            start = c.offset == null ? 0 : c.offset;
            end = c.depth == null ? len : start + c.depth;
        }
        start = Math.max(0, start);
        end = Math.min(len, end);
        boolean relativeNext = i + 1 < ms.size() && relative(ms.get(i + 1));
        for (long at = start; at + plen <= end; at++) {
            at = find(buf, (int) at, (int) end, c.pattern, c.nocase);
            if (at < 0) break;
            int matchEnd = (int) at + plen;
            if (c.endsWith && matchEnd != len) continue;
            if (c.negated) return false;
            if (at(ms, i + 1, buf, len, matchEnd)) {
                // unwinding: the outermost positional match sets it last
                matchStart = (int) at;
                return true;
            }
            // only a relative match after this one can succeed from another occurrence of this one
            if (!relativeNext || ++recursion > RECURSION_LIMIT) {
                if (recursion > RECURSION_LIMIT) recursionLimitHits++;
                return false;
            }
        }
        // a negated content holds when nothing matched; it moves nothing
        return c.negated && at(ms, i + 1, buf, len, prevEnd);
    }

    private static boolean relative(Object m) {
        if (m instanceof Content c) return c.distance != null || c.within != null || c.distanceVar != null || c.withinVar != null;
        if (m instanceof Pcre p) return p.relative;
        if (m instanceof Rule.BufferTest t) return t.value().contains("relative");
        return false;
    }

    /** First start in [from, end - p.length] where p occurs, or -1. */
    static int find(byte[] buf, int from, int end, byte[] p, boolean nocase) {
        int last = end - p.length;
        byte first = p[0];
        if (!nocase) {
            for (int i = from; i <= last; i++) {
                if (buf[i] != first) continue;
                int j = 1;
                while (j < p.length && buf[i + j] == p[j]) j++;
                if (j == p.length) return i;
            }
            return -1;
        }
        int f = lower(first);
        for (int i = from; i <= last; i++) {
            if (lower(buf[i]) != f) continue;
            int j = 1;
            while (j < p.length && lower(buf[i + j]) == lower(p[j])) j++;
            if (j == p.length) return i;
        }
        return -1;
    }

    private static int lower(byte b) {
        int x = b & 0xFF;
        return x >= 'A' && x <= 'Z' ? x + 32 : x;
    }

    private boolean pcre(List<Object> ms, int i, Pcre p, byte[] buf, int len, int prevEnd) {
        int from = p.relative ? prevEnd : 0;
        if (from > len) return p.negated && at(ms, i + 1, buf, len, prevEnd);
        Matcher m = p.compiled.matcher(BoundedText.of(buf, 0, len, REGEX_STEPS));
        boolean relativeNext = i + 1 < ms.size() && relative(ms.get(i + 1));
        for (int start = from; start <= len; ) {
            m.region(start, len);
            boolean found;
            try {
                found = m.find();
            } catch (BoundedText.Exhausted e) {
                regexBudgetHits++;
                return false;
            }
            if (p.negated) return !found && at(ms, i + 1, buf, len, prevEnd);
            if (!found) return false;
            if (at(ms, i + 1, buf, len, m.end())) {
                matchStart = m.start();
                return true;
            }
            // as with a content: a later occurrence can only help a match that is relative to this one
            if (!relativeNext || ++recursion > RECURSION_LIMIT) {
                if (recursion > RECURSION_LIMIT) recursionLimitHits++;
                return false;
            }
            start = m.start() + 1;
        }
        return false;
    }

    private static boolean isDataAt(String value, int len, int prevEnd) {
        String v = value.trim();
        boolean negated = v.startsWith("!");
        if (negated) v = v.substring(1).trim();
        String[] parts = v.split(",");
        int n;
        try {
            n = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new UnsupportedOperationException("byte_extract variables are not inspected yet");
        }
        boolean relative = false;
        for (int k = 1; k < parts.length; k++) relative |= parts[k].trim().equals("relative");
        // as Suricata: absolute, byte n exists; relative, n more bytes follow the previous match
        boolean there = relative ? (long) prevEnd + n <= len : n < len;
        return negated != there;
    }

    private static boolean bsize(String value, int len) {
        try {
            return Compare.parse("bsize", value, Integer.MAX_VALUE).test(len);
        } catch (dev.vigil.detect.rules.RuleException e) {
            throw new IllegalStateException("bsize was checked at load: " + value, e);
        }
    }
}
