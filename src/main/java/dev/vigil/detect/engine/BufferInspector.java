package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Runs a rule's matches for one buffer over that buffer's bytes, with Suricata's semantics: offset
 * and depth from the start of the buffer, distance and within from the end of the previous match,
 * startswith/endswith, nocase, negation, relative pcre, and the keywords that test or move the cursor
 * ({@link CursorKeyword}: isdataat, bsize, byte_test, byte_jump, byte_extract, byte_math, whose variables
 * contents may use for their positions); when a relative match fails after an earlier content matched,
 * the earlier content is tried at its next occurrence. Work is bounded:
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

    /** Values of the byte_extract and byte_math variables on the current path of the match walk. */
    private final long[] vars = new long[MatchCompiler.MAX_VARIABLES];
    private final NumberReader reader = new NumberReader();

    /**
     * True when {@code matches} (a rule's matches for one buffer, in rule order, as {@link MatchCompiler}
     * compiled them) all hold on {@code buf[0, len)}.
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
        if (m instanceof Content c) return content(ms, i, c, null, buf, len, prevEnd);
        if (m instanceof CursorKeyword k) {
            // a keyword that fails sends the walk back to the content or pcre before it, which retries
            // at its next occurrence when this keyword is relative to it
            int next = k.apply(buf, len, prevEnd, vars, reader);
            return next >= 0 && at(ms, i + 1, buf, len, next);
        }
        if (m instanceof Pcre p) return pcre(ms, i, p, buf, len, prevEnd);
        if (m instanceof VarContent v) return content(ms, i, v.content(), v, buf, len, prevEnd);
        throw new IllegalArgumentException("not a compiled buffer match (see MatchCompiler): " + m);
    }

    private boolean content(List<Object> ms, int i, Content c, VarContent v, byte[] buf, int len, int prevEnd) {
        int plen = c.pattern.length;
        long start, end;
        if (c.startsWith) {
            start = 0;
            end = plen;
        } else if (c.distance != null || c.within != null || c.distanceVar != null || c.withinVar != null) {
            // a distance from a variable is its low 32 bits read as signed, as Suricata casts it
            long distance = c.distanceVar != null ? (int) vars[v.distanceSlot()] : c.distance == null ? 0 : c.distance;
            start = (long) prevEnd + distance;
            long within = c.withinVar != null ? bounded(vars[v.withinSlot()]) : c.within == null ? -1 : c.within;
            end = within < 0 ? len : (long) prevEnd + distance + within;
        } else {
            start = c.offsetVar != null ? bounded(vars[v.offsetSlot()]) : c.offset == null ? 0 : c.offset;
            long depth = c.depthVar != null ? bounded(vars[v.depthSlot()]) : c.depth == null ? -1 : c.depth;
            end = depth < 0 ? len : start + depth;
        }
        start = Math.max(0, start);
        end = Math.min(len, end);
        boolean relativeNext = i + 1 < ms.size() && relative(ms.get(i + 1));
        // when the next match is a content searched from this one's end to the end of the buffer (a distance,
        // no within), a later occurrence of this one only narrows where it is searched: its failure from
        // this occurrence is its failure from every later one (as Suricata stops there too). Without this,
        // a frequent first content ("|0d 0a|") in a stream window retried a search of the window per occurrence.
        boolean retryHelps = relativeNext && !openEndedSearch(ms.get(i + 1));
        for (long at = start; at + plen <= end; at++) {
            at = c.search().find(buf, (int) at, (int) end);
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
            if (!retryHelps || ++recursion > RECURSION_LIMIT) {
                if (recursion > RECURSION_LIMIT) recursionLimitHits++;
                return false;
            }
        }
        // a negated content holds when nothing matched; it moves nothing
        return c.negated && at(ms, i + 1, buf, len, prevEnd);
    }

    /** A variable's unsigned value as a position: beyond any buffer when it does not fit an int. */
    private static long bounded(long value) {
        return value < 0 || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : value;
    }

    /** A positive content relative to the match before it, searched to the end of the buffer. */
    private static boolean openEndedSearch(Object m) {
        return m instanceof Content c && !c.negated && !c.endsWith && c.within == null && c.withinVar == null
                && c.distanceVar == null && c.offsetVar == null && c.depthVar == null && c.depth == null;
    }

    private static boolean relative(Object m) {
        if (m instanceof Content c) return c.distance != null || c.within != null || c.distanceVar != null || c.withinVar != null;
        if (m instanceof Pcre p) return p.relative;
        if (m instanceof CursorKeyword k) return k.relative();
        if (m instanceof VarContent v) return relative(v.content());
        return false;
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
}
