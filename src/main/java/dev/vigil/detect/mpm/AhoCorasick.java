package dev.vigil.detect.mpm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-pattern prefilter: every pattern of a set found in one pass over a buffer, whatever the
 * number of patterns. A deterministic automaton over case-folded bytes (Aho-Corasick with its failure
 * links resolved into the table, so each input byte costs one table load); a case-sensitive pattern
 * found case-blind is then compared exactly, as Suricata's matcher does. Byte values that no pattern
 * uses share one column, which keeps the table small. Equal patterns (many rules share "|00 00|" or
 * "GET") are one entry with several ids, checked once per occurrence; {@link #scanDistinct} reports
 * each entry at most once per buffer, which is all a prefilter needs.
 */
public final class AhoCorasick {
    /** Called for each occurrence: the pattern's id and the offset just past its last byte. */
    @FunctionalInterface
    public interface Hit {
        void found(int id, int end);
    }

    /** Called once per id whose pattern is in the buffer. */
    @FunctionalInterface
    public interface IdHit {
        void found(int id);
    }

    /** A scanning thread's marks for {@link #scanDistinct}: which entries were reported in the current scan. */
    public static final class Scratch {
        private final int[] seen;
        /** States whose every pattern was reported in the current scan: visiting them again costs nothing. */
        private final int[] stateDone;
        private int stamp;

        /** This thread's sample of how often the pair filter stops: bytes it read, and stops. */
        private long filterBytes, filterStops;
        private int calls;
        /** A test's choice of walk ({@link #PLAIN}, {@link #LANES}, {@link #FILTERED}); 0: chosen as the bytes say. */
        int forced;

        private Scratch(int entries, int states) {
            seen = new int[entries];
            stateDone = new int[states];
        }
    }

    /** Scratch for one scanning thread (the automaton itself is shared and immutable). */
    public Scratch newScratch() { return new Scratch(patterns.length, outputs.length); }

    /** Bytes of automaton table a set may need at most: a memcap against a ruleset that would blow up. */
    public static final long MAX_TABLE_BYTES = 512L << 20;
    private static final int MATCH = 1 << 31;

    private final byte[] column;
    private final int columns;
    /** Row offsets of the next state, MATCH set when that state ends a pattern (automata of 32,768 states or more). */
    private final int[] table;
    /**
     * The same for smaller automata, in half the memory: the next state's number, bit 15 set when it
     * ends a pattern, rows padded to a power of two so that a row starts at {@code state << shift}.
     * Most payload bytes miss the caches on a large table, so its size is what the scan costs.
     */
    private final char[] small;
    private final int shift;
    /** Per state (by row offset / columns): the distinct patterns ending there. */
    private final int[][] outputs;
    /** Distinct patterns (bytes and case rule), and the ids that added each. */
    private final byte[][] patterns;
    private final boolean[] nocase;
    private final int[][] ids;
    /** The longest pattern's length: how far before its share of a buffer a lane must start. */
    private final int maxLen;
    /** The first two bytes of some pattern (either case where it is case-blind), a bit by byte 1 << 8 | byte 2. */
    private final long[] pairs = new long[1024];
    /** By byte: the byte is a whole pattern (null when no pattern is one byte long). */
    private final boolean[] single;
    /** Per state (by number): its depth in the trie, 2 for any deeper. */
    private final byte[] depth;

    private AhoCorasick(byte[] column, int columns, int[] table, int[][] outputs, byte[][] patterns, boolean[] nocase, int[][] ids,
                        byte[] depth) {
        this.column = column;
        this.columns = columns;
        int states = table.length / columns;
        if (states < 0x8000) {
            int sh = 32 - Integer.numberOfLeadingZeros(columns - 1);
            char[] c = new char[states << sh];
            for (int st = 0; st < states; st++) {
                for (int col = 0; col < columns; col++) {
                    int e = table[st * columns + col];
                    c[(st << sh) + col] = (char) ((e & ~MATCH) / columns | (e < 0 ? 0x8000 : 0));
                }
            }
            this.small = c;
            this.shift = sh;
            this.table = null;
        } else {
            this.small = null;
            this.shift = 0;
            this.table = table;
        }
        this.outputs = outputs;
        this.patterns = patterns;
        this.nocase = nocase;
        this.ids = ids;
        int m = 1;
        boolean[] oneCol = null;
        long[] colPairs = new long[1024];
        for (byte[] p : patterns) {
            m = Math.max(m, p.length);
            int c0 = column[p[0] & 0xFF] & 0xFF;
            if (p.length == 1) {
                if (oneCol == null) oneCol = new boolean[256];
                oneCol[c0] = true;
            } else {
                int x = c0 << 8 | column[p[1] & 0xFF] & 0xFF;
                colPairs[x >>> 6] |= 1L << x;
            }
        }
        // by the bytes themselves, so that the filter loads no column: every byte pair whose columns start a pattern
        boolean[] one = oneCol == null ? null : new boolean[256];
        for (int a = 0; a < 256; a++) {
            int ca = column[a] & 0xFF;
            if (one != null) one[a] = oneCol[ca];
            for (int b = 0; b < 256; b++) {
                int x = ca << 8 | column[b] & 0xFF;
                if ((colPairs[x >>> 6] & 1L << x) != 0) pairs[(a << 8 | b) >>> 6] |= 1L << b;
            }
        }
        this.maxLen = m;
        this.single = one;
        this.depth = depth;
    }

    public static Builder builder() { return new Builder(); }

    /** Patterns in, automaton out. */
    public static final class Builder {
        private final List<byte[]> patterns = new ArrayList<>();
        private final List<Boolean> nocase = new ArrayList<>();
        private final List<Integer> ids = new ArrayList<>();

        /** Adds a non-empty pattern; {@code id} is what a hit reports (several patterns may share one). */
        public Builder add(byte[] pattern, boolean caseless, int id) {
            if (pattern.length == 0) throw new IllegalArgumentException("empty pattern");
            patterns.add(pattern.clone());
            // without letters, case-blind and case-sensitive are the same: no exact comparison per occurrence
            // ("|00 00|" occurs at every run of zeros)
            nocase.add(caseless || !hasLetter(pattern));
            ids.add(id);
            return this;
        }

        public int size() { return patterns.size(); }

        /** Adds every pattern of {@code other} with its id (a union of two sets: a port's rules and any port's). */
        public Builder addAll(Builder other) {
            patterns.addAll(other.patterns);
            nocase.addAll(other.nocase);
            ids.addAll(other.ids);
            return this;
        }

        private static boolean hasLetter(byte[] p) {
            for (byte b : p) if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) return true;
            return false;
        }

        public AhoCorasick build() {
            // equal patterns become one entry listing their ids
            Map<String, Integer> entryOf = new HashMap<>();
            List<byte[]> uniq = new ArrayList<>();
            List<Boolean> uniqNocase = new ArrayList<>();
            List<List<Integer>> idsOf = new ArrayList<>();
            for (int k = 0; k < patterns.size(); k++) {
                boolean nc = nocase.get(k);
                byte[] p = patterns.get(k);
                String key = (nc ? 'i' : 's') + new String(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                Integer u = entryOf.get(key);
                if (u == null) {
                    entryOf.put(key, u = uniq.size());
                    uniq.add(p);
                    uniqNocase.add(nc);
                    idsOf.add(new ArrayList<>());
                }
                if (!idsOf.get(u).contains(ids.get(k))) idsOf.get(u).add(ids.get(k));
            }
            return build(uniq, uniqNocase, idsOf);
        }

        private static AhoCorasick build(List<byte[]> patterns, List<Boolean> nocase, List<List<Integer>> idsOf) {
            // columns: one per folded byte value some pattern uses, column 0 for all the others
            byte[] column = new byte[256];
            int columns = 1;
            int[] colOf = new int[256];
            for (byte[] p : patterns) {
                for (byte b : p) {
                    int f = fold(b & 0xFF);
                    if (colOf[f] == 0) colOf[f] = columns++;
                }
            }
            if (columns > 256) throw new IllegalStateException("more than 255 distinct byte values");
            for (int v = 0; v < 256; v++) column[v] = (byte) colOf[fold(v)];
            // the trie over folded bytes
            List<int[]> next = new ArrayList<>();
            List<List<Integer>> out = new ArrayList<>();
            next.add(newRow(columns));
            out.add(null);
            List<Byte> depthOf = new ArrayList<>();
            depthOf.add((byte) 0);
            for (int k = 0; k < patterns.size(); k++) {
                int s = 0;
                for (byte b : patterns.get(k)) {
                    int c = colOf[fold(b & 0xFF)];
                    int t = next.get(s)[c];
                    if (t <= 0) {
                        t = next.size();
                        if ((long) (t + 1) * columns * 4 > MAX_TABLE_BYTES) {
                            throw new IllegalStateException("pattern set needs more than " + (MAX_TABLE_BYTES >> 20) + " MiB of automaton");
                        }
                        next.add(newRow(columns));
                        out.add(null);
                        depthOf.add((byte) Math.min(2, depthOf.get(s) + 1));
                        next.get(s)[c] = t;
                    }
                    s = t;
                }
                if (out.get(s) == null) out.set(s, new ArrayList<>());
                out.get(s).add(k);
            }
            // breadth first: failure links folded into the rows, outputs inherited along them
            int n = next.size();
            int[] fail = new int[n];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            int[] root = next.get(0);
            for (int c = 0; c < columns; c++) {
                if (root[c] > 0) {
                    fail[root[c]] = 0;
                    queue.add(root[c]);
                } else {
                    root[c] = 0;
                }
            }
            while (!queue.isEmpty()) {
                int s = queue.poll();
                int[] row = next.get(s);
                List<Integer> inherited = out.get(fail[s]);
                if (inherited != null) {
                    if (out.get(s) == null) out.set(s, new ArrayList<>());
                    out.get(s).addAll(inherited);
                }
                int[] failRow = next.get(fail[s]);
                for (int c = 0; c < columns; c++) {
                    int t = row[c];
                    if (t > 0) {
                        fail[t] = failRow[c];
                        queue.add(t);
                    } else {
                        row[c] = failRow[c];
                    }
                }
            }
            int[] table = new int[n * columns];
            int[][] outputs = new int[n][];
            for (int s = 0; s < n; s++) {
                List<Integer> o = out.get(s);
                if (o != null) outputs[s] = o.stream().mapToInt(Integer::intValue).distinct().toArray();
            }
            for (int s = 0; s < n; s++) {
                int[] row = next.get(s);
                for (int c = 0; c < columns; c++) {
                    int t = row[c];
                    table[s * columns + c] = t * columns | (outputs[t] != null ? MATCH : 0);
                }
            }
            boolean[] nc = new boolean[patterns.size()];
            for (int k = 0; k < nc.length; k++) nc[k] = nocase.get(k);
            int[][] ids = new int[idsOf.size()][];
            for (int k = 0; k < ids.length; k++) ids[k] = idsOf.get(k).stream().mapToInt(Integer::intValue).toArray();
            byte[] depth = new byte[n];
            for (int k = 0; k < n; k++) depth[k] = depthOf.get(k);
            return new AhoCorasick(column, columns, table, outputs, patterns.toArray(new byte[0][]), nc, ids, depth);
        }

        private static int[] newRow(int columns) {
            int[] r = new int[columns];
            Arrays.fill(r, -1);
            return r;
        }
    }

    static int fold(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Reports every occurrence of every pattern in {@code buf[off, off + len)}. */
    public void scan(byte[] buf, int off, int len, Hit hit) {
        byte[] col = column;
        if (small != null) {
            char[] t = small;
            int sh = shift, s = 0;
            for (int i = off, end = off + len; i < end; i++) {
                int e = t[(s << sh) + (col[buf[i] & 0xFF] & 0xFF)];
                s = e & 0x7FFF;
                if (e >= 0x8000) report(s, buf, off, i + 1, hit);
            }
            return;
        }
        int[] t = table;
        int s = 0;
        for (int i = off, end = off + len; i < end; i++) {
            s = t[(s & ~MATCH) + (col[buf[i] & 0xFF] & 0xFF)];
            if (s < 0) report((s & ~MATCH) / columns, buf, off, i + 1, hit);
        }
    }

    private void report(int state, byte[] buf, int start, int end, Hit hit) {
        for (int k : outputs[state]) {
            if (!exact(k, buf, start, end)) continue;
            for (int id : ids[k]) hit.found(id, end - start);
        }
    }

    /** A case-sensitive pattern found case-blind: its bytes compared as they are. */
    private boolean exact(int k, byte[] buf, int start, int end) {
        if (nocase[k]) return true;
        byte[] p = patterns[k];
        int from = end - p.length;
        return from >= start && Arrays.equals(buf, from, end, p, 0, p.length);
    }

    /**
     * Reports each id whose pattern occurs in {@code buf[off, off + len)} once, however often it occurs
     * (a one-byte pattern shared by a hundred rules would otherwise report a hundred ids per occurrence).
     * A prefilter's answer: patterns are compared case-blind, so a case-sensitive one is reported when its
     * folded form occurs (a superset; the rule's inspection compares exactly). Comparing at each occurrence
     * instead cost a comparison at every letter of a text for a one-letter pattern such as ET's "s".
     */
    public void scanDistinct(byte[] buf, int off, int len, Scratch scratch, IdHit hit) {
        if (++scratch.stamp == 0) {
            Arrays.fill(scratch.seen, 0);
            Arrays.fill(scratch.stateDone, 0);
            scratch.stamp = 1;
        }
        int stamp = scratch.stamp;
        int[] seen = scratch.seen, done = scratch.stateDone;
        byte[] col = column;
        if (small != null) {
            int f = scratch.forced;
            if (f == FILTERED || f == 0 && filtering(scratch)) {
                scanFiltered(buf, off, len, scratch, hit);
                return;
            }
            if (f == LANES ? len >= 4 * maxLen : f == 0 && len >= LANES_FROM && len >= 8 * maxLen) {
                scanLanes(buf, off, len, seen, done, stamp, hit);
                return;
            }
            char[] t = small;
            int sh = shift, s = 0;
            for (int i = off, end = off + len; i < end; i++) {
                int e = t[(s << sh) + (col[buf[i] & 0xFF] & 0xFF)];
                s = e & 0x7FFF;
                if (e >= 0x8000 && done[s] != stamp) reportOnce(s, seen, done, stamp, hit);
            }
            return;
        }
        int[] t = table;
        int s = 0;
        for (int i = off, end = off + len; i < end; i++) {
            s = t[(s & ~MATCH) + (col[buf[i] & 0xFF] & 0xFF)];
            if (s < 0) {
                int st = (s & ~MATCH) / columns;
                if (done[st] != stamp) reportOnce(st, seen, done, stamp, hit);
            }
        }
    }

    /**
     * Whether this thread scans with the pair filter: when its sample says the filter stops at fewer than
     * one byte in {@link #FILTER_STOPS_MAX}. One call in {@link #FILTER_PROBE} filters anyway, to keep the
     * sample fresh when the traffic changes; the sample halves as it grows, so it follows the recent bytes.
     */
    private static boolean filtering(Scratch sc) {
        if (sc.filterBytes > 1 << 20) {
            sc.filterBytes >>>= 1;
            sc.filterStops >>>= 1;
        }
        if ((++sc.calls & (FILTER_PROBE - 1)) == 0 || sc.filterBytes < 4096) return true;
        return sc.filterStops * FILTER_STOPS_MAX < sc.filterBytes;
    }

    static final int FILTER_PROBE = 64, FILTER_STOPS_MAX = 24;
    static final int PLAIN = 1, LANES = 2, FILTERED = 3;

    /**
     * {@link #scanDistinct} skipping the bytes where no pattern can start: a pass over byte pairs against a
     * bit set of the patterns' first two bytes (8 KiB, in the first-level cache; each pair tested apart, so
     * the loads do not wait on one another as the automaton's do). At a pair that may start a pattern the
     * automaton runs from its root, until it is back at a state no deeper than one byte: then nothing that
     * began before the current byte is under way, and the pair test takes over again. A buffer of text a
     * large rule set knows many pairs of is faster in lanes ({@link #filtering} chooses).
     */
    private void scanFiltered(byte[] buf, int off, int len, Scratch sc, IdHit hit) {
        int[] seen = sc.seen, done = sc.stateDone;
        int stamp = sc.stamp;
        char[] t = small;
        byte[] col = column, dep = depth;
        long[] pr = pairs;
        boolean[] one = single;
        int sh = shift, end = off + len, last = end - 1, i = off;
        long stops = 0;
        while (i < end) {
            int p = i;
            int c = buf[p] & 0xFF;
            if (one == null) {
                while (p < last) {
                    int d = buf[p + 1] & 0xFF;
                    int x = c << 8 | d;
                    if ((pr[x >>> 6] & 1L << x) != 0) break;
                    c = d;
                    p++;
                }
                // the last byte alone starts no pattern of two bytes or more
                if (p >= last) break;
            } else {
                while (!one[c]) {
                    if (p >= last) break;
                    int d = buf[p + 1] & 0xFF;
                    int x = c << 8 | d;
                    if ((pr[x >>> 6] & 1L << x) != 0) break;
                    c = d;
                    p++;
                }
                if (p >= last && !one[c]) break;
            }
            stops++;
            int s = 0, j = p;
            while (j < end) {
                int e = t[(s << sh) + (col[buf[j] & 0xFF] & 0xFF)];
                s = e & 0x7FFF;
                if (e >= 0x8000 && done[s] != stamp) reportOnce(s, seen, done, stamp, hit);
                int dp = dep[s];
                if (dp == 0) {
                    j++;
                    break;
                }
                // a state of depth one: a pattern may start at this byte, which the pair test sees again
                if (dp == 1 && j > p) break;
                j++;
            }
            i = j;
        }
        sc.filterBytes += len;
        sc.filterStops += stops;
    }

    /** Buffers shorter than this are walked in one lane: the lanes' overlaps would cost more than they save. */
    static final int LANES_FROM = 128;

    /**
     * {@link #scanDistinct} in four lanes walked in step: one walk is a chain of dependent table loads (each
     * state is the index of the next load), so its speed is the cache's latency; four independent chains
     * keep four loads in flight. Lane k owns the k-th quarter of the buffer and starts {@code maxLen - 1}
     * bytes before it, so that every occurrence ending in its quarter is seen whole; all lanes walk the same
     * number of bytes (the first lane runs on into the second quarter, the last one starts earlier), and what
     * two lanes both see is reported once all the same.
     */
    private void scanLanes(byte[] buf, int off, int len, int[] seen, int[] done, int stamp, IdHit hit) {
        char[] t = small;
        byte[] col = column;
        int sh = shift;
        int q = (len + 3) >>> 2, walk = q + maxLen - 1;
        int p0 = off, p1 = off + q - (maxLen - 1), p2 = p1 + q, p3 = off + len - walk;
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < walk; i++) {
            int e0 = t[(s0 << sh) + (col[buf[p0 + i] & 0xFF] & 0xFF)];
            int e1 = t[(s1 << sh) + (col[buf[p1 + i] & 0xFF] & 0xFF)];
            int e2 = t[(s2 << sh) + (col[buf[p2 + i] & 0xFF] & 0xFF)];
            int e3 = t[(s3 << sh) + (col[buf[p3 + i] & 0xFF] & 0xFF)];
            s0 = e0 & 0x7FFF;
            s1 = e1 & 0x7FFF;
            s2 = e2 & 0x7FFF;
            s3 = e3 & 0x7FFF;
            if ((e0 | e1 | e2 | e3) >= 0x8000) {
                if (e0 >= 0x8000 && done[s0] != stamp) reportOnce(s0, seen, done, stamp, hit);
                if (e1 >= 0x8000 && done[s1] != stamp) reportOnce(s1, seen, done, stamp, hit);
                if (e2 >= 0x8000 && done[s2] != stamp) reportOnce(s2, seen, done, stamp, hit);
                if (e3 >= 0x8000 && done[s3] != stamp) reportOnce(s3, seen, done, stamp, hit);
            }
        }
    }

    private void reportOnce(int state, int[] seen, int[] done, int stamp, IdHit hit) {
        done[state] = stamp;
        for (int k : outputs[state]) {
            if (seen[k] == stamp) continue;
            seen[k] = stamp;
            for (int id : ids[k]) hit.found(id);
        }
    }

    /** The longest pattern's length. */
    public int maxLength() { return maxLen; }

    /** States in the automaton (for sizing reports). */
    public int states() { return small != null ? small.length >> shift : table.length / columns; }

    /** Bytes the automaton's table takes. */
    public long tableBytes() { return small != null ? (long) small.length * 2 : (long) table.length * 4; }
}
