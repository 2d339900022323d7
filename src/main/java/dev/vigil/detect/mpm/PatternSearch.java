package dev.vigil.detect.mpm;

import java.util.Arrays;

/**
 * One pattern searched in a buffer, as a rule's contents are once the prefilter has chosen the rule:
 * Horspool's algorithm (the byte under the pattern's last position says how far the pattern can move),
 * case-blind when asked. A stream window of 18 KiB searched for a 20-byte content looks at about one byte
 * in fifteen instead of each; short patterns and short buffers take the plain loop.
 */
public final class PatternSearch {
    private static final byte[] LOWER = new byte[256];

    static {
        for (int v = 0; v < 256; v++) LOWER[v] = (byte) (v >= 'A' && v <= 'Z' ? v + 32 : v);
    }

    private final byte[] p;
    private final boolean fold;
    /** By byte value: how far the pattern may move when that byte is under its last position (at most 255). */
    private final byte[] shift;

    public PatternSearch(byte[] pattern, boolean nocase) {
        if (pattern.length == 0) throw new IllegalArgumentException("empty pattern");
        this.p = pattern.clone();
        this.fold = nocase && hasLetter(pattern);
        int n = p.length;
        byte[] sh = new byte[256];
        Arrays.fill(sh, (byte) Math.min(255, n));
        for (int j = 0; j < n - 1; j++) {
            byte s = (byte) Math.min(255, n - 1 - j);
            int b = p[j] & 0xFF;
            sh[b] = s;
            if (fold && b >= 'a' && b <= 'z') sh[b - 32] = s;
            if (fold && b >= 'A' && b <= 'Z') sh[b + 32] = s;
        }
        this.shift = sh;
    }

    /** The first start in {@code [from, end - length]} where the pattern occurs, or -1. */
    public int find(byte[] buf, int from, int end) {
        int n = p.length;
        if (n < 3 || end - from < 32) return plain(buf, from, end);
        int last = n - 1, stop = end - n;
        byte[] sh = shift;
        if (!fold) {
            byte pl = p[last];
            for (int i = from; i <= stop; ) {
                byte c = buf[i + last];
                if (c == pl && Arrays.equals(buf, i, i + last, p, 0, last)) return i;
                i += sh[c & 0xFF] & 0xFF;
            }
            return -1;
        }
        byte[] lo = LOWER;
        byte pl = lo[p[last] & 0xFF];
        for (int i = from; i <= stop; ) {
            int c = buf[i + last] & 0xFF;
            if (lo[c] == pl) {
                int j = 0;
                while (j < last && lo[buf[i + j] & 0xFF] == lo[p[j] & 0xFF]) j++;
                if (j == last) return i;
            }
            i += sh[c] & 0xFF;
        }
        return -1;
    }

    /** Every start in turn, the first and the last byte tested before the rest. */
    private int plain(byte[] buf, int from, int end) {
        int n = p.length, last = end - n;
        if (!fold) {
            byte first = p[0], final_ = p[n - 1];
            for (int i = from; i <= last; i++) {
                if (buf[i] != first || buf[i + n - 1] != final_) continue;
                int j = 1;
                while (j < n - 1 && buf[i + j] == p[j]) j++;
                if (j >= n - 1) return i;
            }
            return -1;
        }
        byte[] lo = LOWER;
        byte f = lo[p[0] & 0xFF], l = lo[p[n - 1] & 0xFF];
        for (int i = from; i <= last; i++) {
            if (lo[buf[i] & 0xFF] != f || lo[buf[i + n - 1] & 0xFF] != l) continue;
            int j = 1;
            while (j < n - 1 && lo[buf[i + j] & 0xFF] == lo[p[j] & 0xFF]) j++;
            if (j >= n - 1) return i;
        }
        return -1;
    }

    private static boolean hasLetter(byte[] p) {
        for (byte b : p) if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) return true;
        return false;
    }
}
