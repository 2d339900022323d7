package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeUnitsTest {
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** floor(units * 1e9 / base^exponent), saturated at Long.MAX_VALUE: the definition, in big integers. */
    private static long reference(long units, int option) {
        boolean binary = (option & 0x80) != 0;
        int exponent = option & 0x7F;
        BigInteger perSecond = BigInteger.valueOf(binary ? 2 : 10).pow(exponent);
        BigInteger nanos = new BigInteger(Long.toUnsignedString(units)).multiply(BILLION).divide(perSecond);
        return nanos.compareTo(LONG_MAX) >= 0 ? Long.MAX_VALUE : nanos.longValueExact();
    }

    @Test
    void everyResolutionAgreesWithExactArithmetic() {
        SplittableRandom rnd = new SplittableRandom(20_240_601);
        long[] edges = {0, 1, 999, 1_000_000, 999_999_999, 1_000_000_000, Long.MAX_VALUE, Long.MIN_VALUE, -1,
                9_223_372_036_854_775_000L, 1L << 32, (1L << 32) - 1};
        for (int option = 0; option < 256; option++) {
            TimeUnits u = TimeUnits.fromOption(option);
            for (long units : edges) {
                assertThat(u.toNanos(units)).as("option 0x%x units %s", option, Long.toUnsignedString(units))
                        .isEqualTo(reference(units, option));
            }
            for (int i = 0; i < 400; i++) {
                // spread over all magnitudes, not just huge numbers
                long units = rnd.nextLong() >>> rnd.nextInt(64);
                assertThat(u.toNanos(units)).as("option 0x%x units %s", option, Long.toUnsignedString(units))
                        .isEqualTo(reference(units, option));
            }
        }
    }

    @Test
    void commonUnits() {
        assertThat(TimeUnits.MICROSECONDS.toNanos(1_700_000_000_000_001L)).isEqualTo(1_700_000_000_000_001_000L);
        assertThat(TimeUnits.fromOption(9).toNanos(1_700_000_000_000_000_001L)).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(TimeUnits.fromOption(0x80 | 20).toNanos(3L << 20)).isEqualTo(3_000_000_000L);
        assertThat(TimeUnits.fromOption(6).toString()).isEqualTo("10^-6 s");
    }

    @Test
    void offsetsSaturate() {
        assertThat(TimeUnits.withOffset(5, 2)).isEqualTo(2_000_000_005L);
        assertThat(TimeUnits.withOffset(5_000_000_000L, -3)).isEqualTo(2_000_000_000L);
        assertThat(TimeUnits.withOffset(Long.MAX_VALUE - 10, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeUnits.withOffset(0, Long.MIN_VALUE / 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimeUnits.withOffset(Long.MAX_VALUE, -1)).isEqualTo(Long.MAX_VALUE);
    }
}
