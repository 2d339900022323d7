package dev.vigil.detect.behavior;

import java.util.Arrays;

/**
 * The recent "beats" of one beaconing key: start times (milliseconds, ascending), the time of each
 * beat's last event, and the bytes sent in each. Events that follow one another within the merge gap are
 * one beat (a check-in that opens a few connections, a DNS request and its response, a task fetched as a
 * run of queries), so a beacon's rhythm is measured beat to beat, not connection to connection.
 *
 * <p>Times are int offsets from a per-train base and the arrays grow only as beats come (most keys see a
 * handful), so a saturated train costs 12 bytes a beat, not a boxed list. At the cap the oldest beat goes.
 */
final class BeatTrain {
    private static final int[] EMPTY = new int[0];

    private long baseMs;
    private int[] at = EMPTY;
    private int[] end = EMPTY;
    private int[] bytes = EMPTY;
    private int n;

    int size() { return n; }

    long timeMs(int i) { return baseMs + at[i]; }

    int bytes(int i) { return bytes[i]; }

    long firstMs() { return baseMs + at[0]; }

    long lastMs() { return baseMs + at[n - 1]; }

    /**
     * Adds one event; returns the change in stored beats (+1 a new beat, 0 merged or ignored, -1 never).
     * An event older than {@code windowMs} before the newest beat is ignored: it could not change a
     * judgement about the recent rhythm and would stretch the int offsets.
     */
    int add(long tMs, long size, long mergeMs, int cap, long windowMs) {
        int sz = (int) Math.min(Integer.MAX_VALUE, Math.max(0, size));
        if (n == 0) {
            baseMs = tMs;
            grow(1, cap);
            at[0] = 0;
            end[0] = 0;
            bytes[0] = sz;
            n = 1;
            return 1;
        }
        if (tMs < lastMs() - windowMs) return 0;
        int before = n;
        if (tMs > lastMs()) trimBefore(tMs - windowMs);
        if (n == 0) baseMs = tMs;
        else if (tMs < baseMs) shift(baseMs - tMs);
        else if (tMs - baseMs > Integer.MAX_VALUE) shift(-(long) at[0]);
        int off = (int) (tMs - baseMs);
        int p = n;
        while (p > 0 && at[p - 1] > off) p--;
        if (p > 0 && off - end[p - 1] <= mergeMs) {
            end[p - 1] = Math.max(end[p - 1], off);
            bytes[p - 1] = saturated(bytes[p - 1], sz);
            return n - before;
        }
        if (p < n && at[p] - off <= mergeMs) {
            at[p] = off;
            bytes[p] = saturated(bytes[p], sz);
            return n - before;
        }
        if (n >= cap) {
            if (p == 0) return n - before;
            System.arraycopy(at, 1, at, 0, n - 1);
            System.arraycopy(end, 1, end, 0, n - 1);
            System.arraycopy(bytes, 1, bytes, 0, n - 1);
            n--;
            p--;
        }
        grow(n + 1, cap);
        System.arraycopy(at, p, at, p + 1, n - p);
        System.arraycopy(end, p, end, p + 1, n - p);
        System.arraycopy(bytes, p, bytes, p + 1, n - p);
        at[p] = off;
        end[p] = off;
        bytes[p] = sz;
        n++;
        return n - before;
    }

    /** Drops beats before {@code cutoffMs}; returns how many went. */
    int trimBefore(long cutoffMs) {
        int k = 0;
        while (k < n && baseMs + at[k] < cutoffMs) k++;
        if (k == 0) return 0;
        System.arraycopy(at, k, at, 0, n - k);
        System.arraycopy(end, k, end, 0, n - k);
        System.arraycopy(bytes, k, bytes, 0, n - k);
        n -= k;
        if (n == 0) {
            at = end = bytes = EMPTY;
        } else if (at.length > 16 && n < at.length / 4) {
            at = Arrays.copyOf(at, n * 2);
            end = Arrays.copyOf(end, n * 2);
            bytes = Arrays.copyOf(bytes, n * 2);
        }
        return k;
    }

    private void shift(long byMs) {
        for (int i = 0; i < n; i++) {
            at[i] = (int) (at[i] + byMs);
            end[i] = (int) (end[i] + byMs);
        }
        baseMs -= byMs;
    }

    private void grow(int need, int cap) {
        if (at.length >= need) return;
        int len = Math.min(Math.max(cap, need), Math.max(4, Math.max(need, at.length + (at.length >> 1))));
        at = Arrays.copyOf(at, len);
        end = Arrays.copyOf(end, len);
        bytes = Arrays.copyOf(bytes, len);
    }

    private static int saturated(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }
}
