package dev.vigil.detect.behavior;

import java.util.Arrays;

/**
 * How regular a {@link BeatTrain} is, scored 0..1 before any prevalence discount.
 *
 * <p>The baseline is RITA's: Bowley skewness and the median absolute deviation about the median (MADM)
 * of the intervals, a coverage term, and the same two statistics over bytes sent. Five departures:
 * <ul>
 *   <li>skewness counts only as far as the quartiles are apart: RITA's Bowley term punishes a clock with
 *       ±3% jitter for the random shape of its tiny spread;</li>
 *   <li>dispersion is judged relative to the period (MADM ÷ median interval), not against RITA's fixed
 *       30 s: a 5-minute beacon with 20% jitter has a MADM near 30 s and is still plainly a beacon, while
 *       Poisson traffic keeps a relative MADM near 0.7 at any rate;</li>
 *   <li>coverage counts beats against the beats the period implies, with a long gap folded into whole
 *       missed periods, so a few lost check-ins (a laptop lid, a dead C2 answering nothing) cost their
 *       share instead of breaking the rhythm;</li>
 *   <li>sizes scale the timing score down rather than being averaged with it, so regular sizes cannot
 *       lift irregular timing towards a beacon's score;</li>
 *   <li>bytes count only where the sensor measured them (flows); a name seen in a TLS hello carries none,
 *       and a constant zero would read as perfectly regular.</li>
 * </ul>
 *
 * @param periodMs the median interval
 * @param jitter MADM ÷ median interval
 * @param continuity beats on time ÷ beats the period implies over the span
 * @param missed beats the period implies that did not come
 * @param sizeScore NaN when the train carries no byte counts
 */
record BeaconRhythm(int beats, long spanMs, double periodMs, double meanMs, double madmMs, double jitter, double bowley,
                    double dispersionScore, double skewScore, double continuity, int missed, double timestampScore,
                    double bytesMedian, double bytesJitter, double sizeScore, double regularity) {

    /** Relative MADM at which the dispersion score halves: between 20% jitter (≈0.1) and Poisson (≈0.7). */
    static final double JITTER_HALF = 0.25;
    /** Interquartile range (relative to the median) from which skewness counts fully; ±10% jitter spans about this. */
    static final double SKEW_SPREAD = 0.1;
    static final double W_DISPERSION = 0.5, W_SKEW = 0.2, W_CONTINUITY = 0.3;
    /** How much irregular sizes can take off a timing score (sizes vary with tasking even for a real implant). */
    static final double W_SIZE = 0.25;

    static BeaconRhythm of(BeatTrain t, boolean withBytes) {
        int n = t.size();
        if (n < 3) throw new IllegalArgumentException("a rhythm needs three beats");
        double[] d = new double[n - 1];
        double sum = 0;
        for (int i = 1; i < n; i++) {
            d[i - 1] = t.timeMs(i) - t.timeMs(i - 1);
            sum += d[i - 1];
        }
        double mean = sum / d.length;
        Arrays.sort(d);
        double period = quantile(d, 0.5);
        double madm = madm(d, period);
        double jitter = period > 0 ? madm / period : Double.POSITIVE_INFINITY;
        double bowley = bowley(d);
        double dispersion = dispersionScore(jitter);
        double skew = skewScore(d, bowley);
        int onTime = 0, missed = 0;
        long expected = 0;
        if (period > 0) {
            for (double x : d) {
                long k = Math.round(x / period);
                if (k == 1) onTime++;
                if (k > 1) missed += (int) Math.min(Integer.MAX_VALUE - missed, k - 1);
                expected += Math.max(1, k);
            }
        }
        double continuity = expected == 0 ? 0 : (double) onTime / expected;
        double ts = W_DISPERSION * dispersion + W_SKEW * skew + W_CONTINUITY * continuity;

        double bytesMedian = Double.NaN, bytesJitter = Double.NaN, size = Double.NaN;
        if (withBytes) {
            double[] b = new double[n];
            for (int i = 0; i < n; i++) b[i] = t.bytes(i);
            Arrays.sort(b);
            bytesMedian = quantile(b, 0.5);
            double bm = madm(b, bytesMedian);
            bytesJitter = bytesMedian > 0 ? bm / bytesMedian : (bm == 0 ? 0 : Double.POSITIVE_INFINITY);
            size = 0.7 * dispersionScore(bytesJitter) + 0.3 * skewScore(b, bowley(b));
        }
        // sizes only lower a timing score: RITA's average would give random-timed, constant-size traffic
        // (a chatty API, unanswered SYNs to a busy host) half marks for its sizes alone
        double regularity = withBytes ? ts * (1 - W_SIZE * (1 - size)) : ts;
        return new BeaconRhythm(n, t.lastMs() - t.firstMs(), period, mean, madm, jitter, bowley, dispersion, skew,
                continuity, missed, ts, bytesMedian, bytesJitter, size, clamp(regularity));
    }

    static double dispersionScore(double relativeMadm) {
        if (!(relativeMadm < Double.POSITIVE_INFINITY)) return 0;
        double r = relativeMadm / JITTER_HALF;
        return 1 / (1 + r * r);
    }

    /**
     * 1 - |Bowley|, with the penalty weighed by how wide the quartiles are: a near-perfect clock's
     * quartiles sit a few percent apart, and the shape of that sliver is noise, not a sign of anything.
     */
    static double skewScore(double[] sorted, double bowley) {
        double median = quantile(sorted, 0.5);
        double spread = median > 0 ? (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / median : 1;
        return 1 - Math.min(1, Math.abs(bowley)) * Math.min(1, spread / SKEW_SPREAD);
    }

    /** Bowley's quartile skewness of sorted values; 0 when the quartiles coincide (no spread to be skewed). */
    static double bowley(double[] sorted) {
        double q1 = quantile(sorted, 0.25), q2 = quantile(sorted, 0.5), q3 = quantile(sorted, 0.75);
        double iqr = q3 - q1;
        return iqr <= 0 ? 0 : (q1 + q3 - 2 * q2) / iqr;
    }

    static double madm(double[] values, double median) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - median);
        Arrays.sort(dev);
        return quantile(dev, 0.5);
    }

    /** Linear interpolation between order statistics (Hyndman and Fan's type 7, as R and NumPy default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double clamp(double x) {
        return Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
    }
}
