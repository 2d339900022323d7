package dev.vigil.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 timestamps as the store keeps them: microseconds since the epoch. Microseconds are what
 * TAXII's {@code date_added} carries; STIX versions finer than that compare equal to their truncation.
 */
public final class StixTime {
    private StixTime() {}

    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_LENGTH = 64;

    /** Parses an RFC 3339 timestamp; {@link IllegalArgumentException} if it is not one. */
    public static long micros(String rfc3339) {
        if (rfc3339 == null || rfc3339.length() > MAX_LENGTH) throw new IllegalArgumentException("not an RFC 3339 timestamp: " + shorten(rfc3339));
        try {
            Instant t = OffsetDateTime.parse(rfc3339, PARSER).toInstant();
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: " + shorten(rfc3339));
        }
    }

    /** {@code 2016-11-01T03:04:05.123456Z}: always UTC, always six fraction digits. */
    public static String format(long micros) {
        return MICROS.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static String shorten(String s) {
        if (s == null) return "null";
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH) + "...";
    }
}
