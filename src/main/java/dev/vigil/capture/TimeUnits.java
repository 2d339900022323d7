package dev.vigil.capture;

/**
 * The time unit of one pcapng interface ({@code if_tsresol}): 10^-n seconds, or 2^-n seconds when
 * the high bit of the option byte is set. Timestamps are 64-bit unsigned counts of that unit and are
 * converted to epoch nanoseconds with integer arithmetic only, because a double cannot hold a
 * nanosecond epoch exactly. Units finer than a nanosecond are truncated towards the earlier time.
 */
final class TimeUnits {
    /** The pcapng default when an interface has no if_tsresol option. */
    static final TimeUnits MICROSECONDS = fromOption(6);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Largest whole second whose nanosecond count still fits a signed long (year 2262). */
    private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
    private static final long[] POW10 = new long[20];

    static {
        POW10[0] = 1;
        // 10^19 overflows a signed long but is a valid unsigned one, which is how it is used
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    private final boolean binary;
    private final int exponent;

    private TimeUnits(boolean binary, int exponent) {
        this.binary = binary;
        this.exponent = exponent;
    }

    /** From the single byte of the if_tsresol option. */
    static TimeUnits fromOption(int tsresol) {
        int b = tsresol & 0xFF;
        return new TimeUnits((b & 0x80) != 0, b & 0x7F);
    }

    /** Human-readable unit, for problem reports. */
    @Override
    public String toString() {
        return (binary ? "2^-" : "10^-") + exponent + " s";
    }

    /**
     * Converts an unsigned count of units to nanoseconds since the epoch, or {@link Long#MAX_VALUE}
     * when the instant lies beyond what a signed 64-bit nanosecond count can hold (after 2262).
     */
    long toNanos(long units) {
        long seconds;
        long fractionNanos;
        if (binary) {
            if (exponent >= 64) {
                // fewer than one second in any 64-bit count: floor(units * 1e9 / 2^exponent)
                seconds = 0;
                long high = Math.unsignedMultiplyHigh(units, NANOS_PER_SECOND);
                fractionNanos = exponent - 64 >= 64 ? 0 : high >>> (exponent - 64);
            } else if (exponent == 0) {
                seconds = units;
                fractionNanos = 0;
            } else {
                seconds = units >>> exponent;
                long fraction = units & ((1L << exponent) - 1);
                // fraction * 1e9 needs up to exponent + 30 bits: shift the 128-bit product
                long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
                long low = fraction * NANOS_PER_SECOND;
                fractionNanos = (high << (64 - exponent)) | (low >>> exponent);
            }
        } else if (exponent < POW10.length) {
            long perSecond = POW10[exponent];
            seconds = Long.divideUnsigned(units, perSecond);
            long fraction = Long.remainderUnsigned(units, perSecond);
            fractionNanos = exponent <= 9 ? fraction * POW10[9 - exponent]
                    : Long.divideUnsigned(fraction, POW10[exponent - 9]);
        } else {
            // 10^exponent exceeds any 64-bit count: everything is a fraction of the first second
            seconds = 0;
            fractionNanos = exponent - 9 < POW10.length ? Long.divideUnsigned(units, POW10[exponent - 9]) : 0;
        }
        if (Long.compareUnsigned(seconds, MAX_SECONDS) > 0) return Long.MAX_VALUE;
        long nanos = seconds * NANOS_PER_SECOND + fractionNanos;
        return nanos < 0 ? Long.MAX_VALUE : nanos;
    }

    /** Adds the interface's if_tsoffset (signed seconds), saturating instead of wrapping. */
    static long withOffset(long nanos, long offsetSeconds) {
        if (offsetSeconds == 0 || nanos == Long.MAX_VALUE) return nanos;
        long offsetNanos;
        try {
            offsetNanos = Math.multiplyExact(offsetSeconds, NANOS_PER_SECOND);
            return Math.addExact(nanos, offsetNanos);
        } catch (ArithmeticException e) {
            return offsetSeconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }
}
