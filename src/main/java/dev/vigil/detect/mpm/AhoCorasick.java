package dev.vigil.detect.mpm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The multi-pattern prefilter: every pattern of a set found in one pass over a buffer, whatever the
 * number of patterns. A deterministic automaton over case-folded bytes (Aho-Corasick with its failure
 * links resolved into the table, so each input byte costs one table load); a case-sensitive pattern
 * found case-blind is then compared exactly, as Suricata's matcher does. Byte values that no pattern
 * uses share one column, which keeps the table small.
 */
public final class AhoCorasick {
    /** Called for each occurrence: the pattern's id and the offset just past its last byte. */
    @FunctionalInterface
    public interface Hit {
        void found(int id, int end);
    }

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
    private final byte[][] patterns;
    private final boolean[] nocase;
    /** Per distinct pattern (bytes and case): the ids added with it, as many rules share a fast pattern. */
    private final int[][] ids;

    private AhoCorasick(byte[] column, int columns, int[] table, int[][] outputs, byte[][] patterns, boolean[] nocase, int[][] ids) {
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
            nocase.add(caseless);
            ids.add(id);
            return this;
        }

        public int size() { return patterns.size(); }

        public AhoCorasick build() {
            // one entry per distinct pattern and case, with all its ids: an occurrence is verified once, however many rules share it
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            List<byte[]> uniq = new ArrayList<>();
            List<Boolean> uniqNocase = new ArrayList<>();
            List<java.util.LinkedHashSet<Integer>> uniqIds = new ArrayList<>();
            for (int k = 0; k < patterns.size(); k++) {
                String key = (nocase.get(k) ? "i" : "c") + new String(patterns.get(k), java.nio.charset.StandardCharsets.ISO_8859_1);
                Integer u = index.get(key);
                if (u == null) {
                    index.put(key, u = uniq.size());
                    uniq.add(patterns.get(k));
                    uniqNocase.add(nocase.get(k));
                    uniqIds.add(new java.util.LinkedHashSet<>());
                }
                uniqIds.get(u).add(ids.get(k));
            }
            List<byte[]> patterns = uniq;
            List<Boolean> nocase = uniqNocase;
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
            int[][] idsOf = new int[uniqIds.size()][];
            for (int u = 0; u < idsOf.length; u++) idsOf[u] = uniqIds.get(u).stream().mapToInt(Integer::intValue).toArray();
            return new AhoCorasick(column, columns, table, outputs, patterns.toArray(new byte[0][]), nc, idsOf);
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

    /** Distinct patterns (the size a {@link #scanOnce} {@code seen} array needs). */
    public int patternCount() { return patterns.length; }

    /** Reports every occurrence of every pattern in {@code buf[off, off + len)}. */
    public void scan(byte[] buf, int off, int len, Hit hit) {
        scan(buf, off, len, -1, null, 0, hit);
    }

    /**
     * Reports each pattern's ids once, at its first occurrence in {@code buf[off, off + len)} that ends more
     * than {@code minEnd} bytes after {@code off}: for callers that only mark candidates, a frequent pattern
     * shared by many rules then costs one report a scan, not one per occurrence. {@code seen} is the
     * caller's scratch of at least {@link #patternCount()} entries and {@code stamp} a value it holds for no
     * pattern yet (a new one per call).
     */
    public void scanOnce(byte[] buf, int off, int len, int minEnd, int[] seen, int stamp, Hit hit) {
        scan(buf, off, len, minEnd, seen, stamp, hit);
    }

    private void scan(byte[] buf, int off, int len, int minEnd, int[] seen, int stamp, Hit hit) {
        byte[] col = column;
        if (small != null) {
            char[] t = small;
            int sh = shift, s = 0;
            for (int i = off, end = off + len; i < end; i++) {
                int e = t[(s << sh) + (col[buf[i] & 0xFF] & 0xFF)];
                s = e & 0x7FFF;
                if (e >= 0x8000 && i + 1 - off > minEnd) report(s, buf, off, i + 1, seen, stamp, hit);
            }
            return;
        }
        int[] t = table;
        int s = 0;
        for (int i = off, end = off + len; i < end; i++) {
            s = t[(s & ~MATCH) + (col[buf[i] & 0xFF] & 0xFF)];
            if (s < 0 && i + 1 - off > minEnd) report((s & ~MATCH) / columns, buf, off, i + 1, seen, stamp, hit);
        }
    }

    private void report(int state, byte[] buf, int start, int end, int[] seen, int stamp, Hit hit) {
        for (int k : outputs[state]) {
            if (seen != null && seen[k] == stamp) continue;
            byte[] p = patterns[k];
            if (!nocase[k]) {
                int from = end - p.length;
                if (from < start || !Arrays.equals(buf, from, end, p, 0, p.length)) continue;
            }
            if (seen != null) seen[k] = stamp;
            for (int id : ids[k]) hit.found(id, end - start);
        }
    }

    /** States in the automaton (for sizing reports). */
    public int states() { return small != null ? small.length >> shift : table.length / columns; }

    /** Bytes the automaton's table takes. */
    public long tableBytes() { return small != null ? (long) small.length * 2 : (long) table.length * 4; }
}
