package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written fast path agrees with java.time on every timestamp it takes, and leaves the rest to it. */
class StixTimeTest {
    private static long reference(String s) {
        Instant t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Test
    void fastParsingAndFormattingAgreeWithJavaTime() {
        SplittableRandom r = new SplittableRandom(11);
        DateTimeFormatter[] forms = {
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'"), DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.S'Z'"),
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'"), DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'"),
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")};
        for (int i = 0; i < 200_000; i++) {
            long micros = r.nextLong(-62_000_000_000_000_000L, 253_000_000_000_000_000L);
            Instant t = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            String s = forms[i % forms.length].withZone(ZoneOffset.UTC).format(t);
            assertThat(StixTime.micros(s)).as(s).isEqualTo(reference(s));
            assertThat(StixTime.instant(s)).as(s).isEqualTo(Instant.parse(s));
            assertThat(StixTime.format(micros)).isEqualTo(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC).format(t));
        }
        // offsets and other forms go to the general parser
        assertThat(StixTime.micros("2016-11-01T05:04:05.5+02:00")).isEqualTo(reference("2016-11-01T03:04:05.5Z"));
        assertThat(StixTime.micros("2016-11-01t03:04:05z")).isEqualTo(reference("2016-11-01T03:04:05Z"));
        // instant(): whatever Instant.parse makes of a text, a value or a refusal, it makes too
        for (String other : new String[] {"2016-11-01T05:04:05.5+02:00", "2016-11-01t03:04:05z", "2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z",
                "2016-11-01T03:04:05.123456789Z", "-0001-01-01T00:00:00Z", "2016-02-30T00:00:00Z", "2016-11-01T24:00:00Z", "2016-11-01T03:04:05",
                "", "2016-11-01T03:04:05.Z", "2016-11-01T03:04:5Z", "2016-11-01T03:04:05.1234567890Z"}) {
            Object expected, actual;
            try {
                expected = Instant.parse(other);
            } catch (java.time.format.DateTimeParseException e) {
                expected = e.getClass();
            }
            try {
                actual = StixTime.instant(other);
            } catch (java.time.format.DateTimeParseException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(other).isEqualTo(expected);
        }
        assertThatThrownBy(() -> StixTime.instant("2016-11-01T03:04:05")).isInstanceOf(java.time.format.DateTimeParseException.class);
        // what the fast path refuses is left to the general parser, as before it existed (which, resolving
        // smartly, takes Feb 30 as Feb 29 and 24:00:00 as the next midnight: not this test's business)
        for (String bad : new String[] {"2016-13-01T00:00:00Z", "2016-11-01 03:04:05Z", "x016-11-01T03:04:05Z", "2016-11-01T03:60:05Z"}) {
            assertThatThrownBy(() -> StixTime.micros(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
