package dev.vigil.intel.taxii;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * TAXII timestamps. Written always in UTC with six fractional digits (medallion's form, RFC 3339), so
 * clients that demand fractions and clients that compare strings both work (connectors PR #3036);
 * read leniently: any RFC 3339 offset and 0–9 fractional digits.
 */
public final class TaxiiTime {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TaxiiTime() {}

    public static String format(Instant t) {
        return OUT.format(t);
    }

    /** Parses an RFC 3339 timestamp, or returns null when it is not one (callers turn that into a 400). */
    public static Instant parseOrNull(String text) {
        if (text == null || text.length() > 64) return null;
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The precision date_added is kept at: what {@link #format} can write back without loss. */
    public static Instant truncate(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
