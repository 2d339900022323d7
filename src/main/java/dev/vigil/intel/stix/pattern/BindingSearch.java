package dev.vigil.intel.stix.pattern;

import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds whether observations can be bound to a pattern's observation expressions. A binding is a set of distinct
 * observations (an observed-data with number_observed n counts n times); everything the operators above a
 * sub-expression check (disjointness for AND, FOLLOWEDBY and REPEATS; the latest first_observed and earliest
 * last_observed for FOLLOWEDBY and WITHIN; each observation's interval for START/STOP) depends only on that set,
 * so each sub-expression yields a duplicate-free family of sets. Families are produced lazily, so a pattern that
 * matches stops at its first witness; every step and every kept binding counts against a budget, and a search that
 * exhausts it ends in a {@link PatternMatchException} instead of running away.
 */
final class BindingSearch {
    static final class Exhausted extends RuntimeException {
        Exhausted(String what) {
            super(what, null, false, false);
        }
    }

    private final long[] first;
    private final long[] last;
    private final int words;
    private final long maxSteps;
    private final long maxKept;
    private long steps;
    private long kept;

    BindingSearch(long[] first, long[] last, long maxSteps, long maxKept) {
        this.first = first;
        this.last = last;
        this.words = Math.max(1, (first.length + 63) >>> 6);
        this.maxSteps = maxSteps;
        this.maxKept = maxKept;
    }

    /** {@code candidates[i]} lists the observations whose observed-data satisfies the i-th bracketed observation. */
    boolean exists(ObservationExpression root, List<int[]> candidates) {
        int[] next = {0};
        return family(root, candidates, next).get(0) != null;
    }

    private void tick() {
        if (++steps > maxSteps) throw new Exhausted("pattern search exceeded " + maxSteps + " steps");
    }

    // ---------------------------------------------------------------- bindings

    private final class Binding {
        final long[] bits;
        final long maxFirst;
        final long minLast;
        private final int hash;

        Binding(long[] bits, long maxFirst, long minLast) {
            this.bits = bits;
            this.maxFirst = maxFirst;
            this.minLast = minLast;
            this.hash = Arrays.hashCode(bits);
        }

        boolean disjoint(Binding o) {
            for (int i = 0; i < words; i++) if ((bits[i] & o.bits[i]) != 0) return false;
            return true;
        }

        Binding union(Binding o) {
            long[] b = new long[words];
            for (int i = 0; i < words; i++) b[i] = bits[i] | o.bits[i];
            return new Binding(b, Math.max(maxFirst, o.maxFirst), Math.min(minLast, o.minLast));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binding b && b.hash == hash && Arrays.equals(b.bits, bits);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private Binding single(int obs) {
        long[] b = new long[words];
        b[obs >>> 6] |= 1L << (obs & 63);
        return new Binding(b, first[obs], last[obs]);
    }

    // ---------------------------------------------------------------- families

    /** A lazily produced, cached, duplicate-free list of bindings. */
    private abstract class Family {
        private final List<Binding> produced = new ArrayList<>();
        private final Set<Binding> seen = new HashSet<>();
        private boolean done;

        /** The i-th binding, or null when there are no more than i. */
        final Binding get(int i) {
            while (produced.size() <= i && !done) {
                Binding b = produce();
                if (b == null) done = true;
                else if (seen.add(b)) {
                    if (++kept > maxKept) throw new Exhausted("pattern search kept more than " + maxKept + " bindings");
                    produced.add(b);
                }
            }
            return i < produced.size() ? produced.get(i) : null;
        }

        /** The next binding (possibly a duplicate), or null when exhausted. */
        abstract Binding produce();
    }

    private Family family(ObservationExpression e, List<int[]> candidates, int[] next) {
        return switch (e) {
            case Observation o -> {
                int[] c = candidates.get(next[0]++);
                yield new Family() {
                    int i;

                    @Override
                    Binding produce() {
                        tick();
                        return i < c.length ? single(c[i++]) : null;
                    }
                };
            }
            case Combination c -> {
                Family acc = family(c.operands().getFirst(), candidates, next);
                for (int k = 1; k < c.operands().size(); k++) {
                    Family right = family(c.operands().get(k), candidates, next);
                    acc = switch (c.op()) {
                        case OR -> concat(acc, right);
                        case AND -> join(acc, right, false);
                        case FOLLOWEDBY -> join(acc, right, true);
                    };
                }
                yield acc;
            }
            case Qualified q -> {
                Family inner = family(q.expression(), candidates, next);
                yield switch (q.qualifier()) {
                    case Qualifier.Repeats r -> repeats(inner, r.times());
                    case Qualifier.Within w -> {
                        long window = micros(w.seconds());
                        yield filter(inner, b -> b.maxFirst - b.minLast <= window);
                    }
                    case Qualifier.StartStop s -> {
                        long start = ObservedData.toMicros(s.start().instant()), stop = ObservedData.toMicros(s.stop().instant());
                        yield filter(inner, b -> start < stop && eachIn(b, start, stop));
                    }
                };
            }
        };
    }

    private static long micros(BigDecimal seconds) {
        BigDecimal m = seconds.movePointRight(6);
        return m.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0 ? Long.MAX_VALUE / 4 : m.longValue();
    }

    /** Each observation's interval meets [start, stop): it may touch start but not only stop. */
    private boolean eachIn(Binding b, long start, long stop) {
        for (int w = 0; w < words; w++) {
            long bits = b.bits[w];
            while (bits != 0) {
                int obs = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                tick();
                if (!(first[obs] < stop && last[obs] >= start)) return false;
            }
        }
        return true;
    }

    private Family concat(Family a, Family b) {
        return new Family() {
            int i, j;

            @Override
            Binding produce() {
                tick();
                Binding x = a.get(i);
                if (x != null) {
                    i++;
                    return x;
                }
                x = b.get(j);
                if (x != null) j++;
                return x;
            }
        };
    }

    /** AND: disjoint pairs; FOLLOWEDBY also needs the left side able to precede the right (first <= last). */
    private Family join(Family a, Family b, boolean ordered) {
        return new Family() {
            int i, j;

            @Override
            Binding produce() {
                while (true) {
                    tick();
                    Binding x = a.get(i);
                    if (x == null) return null;
                    Binding y = b.get(j);
                    if (y == null) {
                        if (j == 0) return null; // right side empty: nothing can ever pair
                        i++;
                        j = 0;
                        continue;
                    }
                    j++;
                    if (x.disjoint(y) && (!ordered || x.maxFirst <= y.minLast)) return x.union(y);
                }
            }
        };
    }

    private interface Test {
        boolean ok(Binding b);
    }

    private Family filter(Family inner, Test test) {
        return new Family() {
            int i;

            @Override
            Binding produce() {
                while (true) {
                    tick();
                    Binding b = inner.get(i++);
                    if (b == null || test.ok(b)) return b;
                }
            }
        };
    }

    /** n pairwise disjoint bindings of the inner family, chosen in increasing index order (combinations, not permutations). */
    private Family repeats(Family inner, int n) {
        if (n == 1) return inner;
        if (n > first.length) return filter(inner, b -> false);
        return new Family() {
            final int[] idx = new int[n];
            final Binding[] acc = new Binding[n + 1];
            int level = 0;

            {
                idx[0] = -1;
                acc[0] = new Binding(new long[words], Long.MIN_VALUE, Long.MAX_VALUE);
            }

            @Override
            Binding produce() {
                while (level >= 0) {
                    tick();
                    Binding c = inner.get(++idx[level]);
                    if (c == null) {
                        level--;
                        continue;
                    }
                    if (!acc[level].disjoint(c)) continue;
                    acc[level + 1] = acc[level].union(c);
                    if (level == n - 1) return acc[n];
                    level++;
                    idx[level] = idx[level - 1];
                }
                return null;
            }
        };
    }
}
