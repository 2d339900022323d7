package dev.vigil.detect.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Rules by the addresses one side of their header allows: given a packet address, the rules that address
 * may match, in time logarithmic in the number of addresses and independent of the number of rules (the
 * thousand IP-reputation rules of ET each list tens of addresses). IPv4 ranges are cut into elementary
 * intervals, each with the rules covering all of it, found by a binary search; IPv6 the same way on
 * 128-bit values. A superset: the caller still checks the whole header.
 */
final class AddressIndex {
    private final Intervals v4, v6;

    private AddressIndex(Intervals v4, Intervals v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /** Calls {@code found} for each rule whose ranges hold the address. */
    void lookup(int version, long hi, long lo, IntConsumer found) {
        if (version == 4) v4.lookup(0, lo, found);
        else if (version == 6) v6.lookup(hi, lo, found);
    }

    /**
     * One address family cut into elementary intervals: the boundaries of all ranges, sorted as unsigned
     * 128-bit values, each interval with the rules whose ranges cover all of it.
     */
    private static final class Intervals {
        /** First address of each interval, ascending; interval i ends where i + 1 starts. */
        final long[] startHi, startLo;
        /** Rules of interval i: {@code ids[offsets[i]]} to {@code ids[offsets[i + 1]]} (exclusive). */
        final int[] offsets, ids;

        Intervals(long[] startHi, long[] startLo, int[] offsets, int[] ids) {
            this.startHi = startHi;
            this.startLo = startLo;
            this.offsets = offsets;
            this.ids = ids;
        }

        /** The interval holding the address, or -1 before the first. */
        int find(long hi, long lo) {
            int a = 0, b = startHi.length - 1, at = -1;
            while (a <= b) {
                int m = (a + b) >>> 1;
                if (compare(startHi[m], startLo[m], hi, lo) <= 0) {
                    at = m;
                    a = m + 1;
                } else {
                    b = m - 1;
                }
            }
            return at;
        }

        void lookup(long hi, long lo, IntConsumer found) {
            int i = find(hi, lo);
            if (i < 0) return;
            for (int k = offsets[i], end = offsets[i + 1]; k < end; k++) found.accept(ids[k]);
        }

        /** Builds from ranges {fromHi, fromLo, toHi, toLo, rule}; a rule's ranges must come together. */
        static Intervals of(List<long[]> ranges) {
            List<long[]> bounds = new ArrayList<>();
            for (long[] r : ranges) {
                bounds.add(new long[] {r[0], r[1]});
                // the address after the range, unless the range runs to the very last address
                long lo = r[3] + 1, hi = lo == 0 ? r[2] + 1 : r[2];
                if (!(lo == 0 && hi == 0)) bounds.add(new long[] {hi, lo});
            }
            bounds.sort((x, y) -> compare(x[0], x[1], y[0], y[1]));
            int n = 0;
            long[] sh = new long[bounds.size()], sl = new long[bounds.size()];
            for (long[] b : bounds) {
                if (n > 0 && sh[n - 1] == b[0] && sl[n - 1] == b[1]) continue;
                sh[n] = b[0];
                sl[n++] = b[1];
            }
            Intervals shape = new Intervals(Arrays.copyOf(sh, n), Arrays.copyOf(sl, n), null, null);
            // two passes over the ranges: count the rules per interval, then place them
            int[] counts = new int[n + 1];
            int[] last = new int[n];
            int[] out = null, fill = null;
            for (int pass = 0; pass < 2; pass++) {
                Arrays.fill(last, -1);
                if (pass == 1) {
                    for (int i = 1; i <= n; i++) counts[i] += counts[i - 1];
                    fill = Arrays.copyOf(counts, n);
                    out = new int[counts[n]];
                }
                for (long[] r : ranges) {
                    int id = (int) r[4];
                    for (int i = shape.find(r[0], r[1]); i < n && compare(shape.startHi[i], shape.startLo[i], r[2], r[3]) <= 0; i++) {
                        // a rule whose ranges overlap goes once into each interval
                        if (last[i] == id) continue;
                        last[i] = id;
                        if (pass == 0) counts[i + 1]++;
                        else out[fill[i]++] = id;
                    }
                }
            }
            return new Intervals(shape.startHi, shape.startLo, counts, out);
        }
    }

    private static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compareUnsigned(hiA, hiB);
        return c != 0 ? c : Long.compareUnsigned(loA, loB);
    }

    /** Number of addresses a list of ranges covers, roughly (IPv6 in doubles): to pick the narrower side. */
    static double coverage(List<long[]> ranges) {
        double n = 0;
        for (long[] r : ranges) {
            n += (unsigned(r[3]) - unsigned(r[1])) * 0x1p64 + (unsigned(r[4]) - unsigned(r[2])) + 1;
        }
        return n;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    static Builder builder() { return new Builder(); }

    static final class Builder {
        private final List<long[]> v4 = new ArrayList<>();
        private final List<long[]> v6 = new ArrayList<>();

        /** Adds rule {@code id} for each range ({@code {version, fromHi, fromLo, toHi, toLo}}). */
        Builder add(List<long[]> ranges, int id) {
            for (long[] r : ranges) (r[0] == 4 ? v4 : v6).add(new long[] {r[1], r[2], r[3], r[4], id});
            return this;
        }

        AddressIndex build() {
            return new AddressIndex(Intervals.of(v4), Intervals.of(v6));
        }
    }
}
