package dev.vigil.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written formatters give exactly what the JDK's formatters give. */
class EveFormatTest {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private static String reference(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long micros = Math.floorMod(nanos, 1_000_000_000L) / 1000;
        StringBuilder sb = new StringBuilder(SECONDS.format(Instant.ofEpochSecond(sec))).append('.');
        String m = Long.toString(micros);
        for (int i = m.length(); i < 6; i++) sb.append('0');
        return sb.append(m).append("+0000").toString();
    }

    @Test
    void eveTimeMatchesTheFormatter() {
        EveTime t = new EveTime();
        long[] edges = {0, 1, 999, 1000, 999_999_999, 1_000_000_000, -1, -1000, -1_000_000_001,
                1_700_000_000_000_000_000L, 1_700_000_000_123_456_789L, 1_709_164_800_000_000_000L /* 2024-02-29 */,
                951_782_400_000_000_000L /* 2000-02-29 */, 4_102_444_799_999_999_999L /* 2099-12-31T23:59:59 */,
                Long.MAX_VALUE /* 2262 */, Long.MIN_VALUE /* 1677 */};
        for (long n : edges) assertThat(t.format(n)).as("nanos %d", n).isEqualTo(reference(n));
        SplittableRandom r = new SplittableRandom(1);
        long base = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 200_000; i++) {
            // mostly near each other (the cache paths), sometimes anywhere
            long n = i % 10 == 0 ? r.nextLong()
                    : base + r.nextLong(-86_400_000_000_000L * 3, 86_400_000_000_000L * 3);
            assertThat(t.format(n)).as("nanos %d", n).isEqualTo(reference(n));
        }
    }

    @Test
    void ipv4MatchesDottedQuad() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            long lo = i < 256 ? i * 0x01010101L : r.nextLong() & 0xFFFF_FFFFL;
            String expected = ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
            assertThat(IpFormat.format(4, 0, lo)).isEqualTo(expected);
        }
    }

    @Test
    void hex2IsTwoLowerCaseDigits() {
        for (int v = 0; v < 512; v++) {
            String h = Integer.toHexString(v & 0xFF);
            assertThat(FlowRecord.hex2(v)).isEqualTo(h.length() == 1 ? "0" + h : h);
        }
    }
}
