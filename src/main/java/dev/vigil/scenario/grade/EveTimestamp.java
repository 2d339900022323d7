package dev.vigil.scenario.grade;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads the timestamps findings and answer keys carry: Suricata's {@code 2026-03-02T10:15:00.123456+0000}
 * and ISO-8601 with {@code Z} or a {@code +01:00} offset, any number of fractional digits.
 */
final class EveTimestamp {
    private EveTimestamp() {}

    // Suricata writes the offset without a colon, ISO writers with one or as Z; one parser takes all three
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** @throws IllegalArgumentException when the text is not one of the accepted forms or has no offset */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.trim(), FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: " + text, e);
        }
    }
}
