package dev.vigil.scenario.background;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/** Event times: a Poisson process whose rate follows the time of day (by thinning), and clocks with jitter. */
final class Arrivals {
    private Arrivals() {}

    /** Times in [from, to) of a process with {@code perHour × intensity(t)} events per hour. */
    static List<Long> poisson(SplittableRandom r, long from, long to, double perHour, LongToDoubleFunction intensity) {
        List<Long> out = new ArrayList<>();
        if (perHour <= 0) return out;
        double meanGap = Workday.HOUR / perHour;
        long t = from;
        while (true) {
            t += (long) (-Math.log(1 - r.nextDouble()) * meanGap);
            if (t >= to) return out;
            if (r.nextDouble() < intensity.applyAsDouble(t)) out.add(t);
        }
    }

    /**
     * Times of a periodic task every {@code period} ± {@code jitter} (uniform), starting at a random
     * phase: what an agent on a timer does.
     */
    static List<Long> periodic(SplittableRandom r, long from, long to, long period, double jitter) {
        List<Long> out = new ArrayList<>();
        long t = from + r.nextLong(Math.max(1, period));
        while (t < to) {
            out.add(t);
            t += (long) (period * (1 + jitter * (2 * r.nextDouble() - 1)));
        }
        return out;
    }
}
