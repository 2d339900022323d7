package dev.vigil.intel.stix;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STIX timestamps: RFC 3339 in UTC with a literal {@code Z}, optional fraction. Kept as epoch microseconds
 * because STIX versions are ordered by {@code modified} and producers use up to microsecond precision;
 * the original string is kept by the caller when exact round-tripping matters.
 */
public final class StixTimestamps {
    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?Z");
    /** Marks an unparseable timestamp; far below any real epoch value. */
    public static final long INVALID = Long.MIN_VALUE;

    private StixTimestamps() {}

    /** Epoch microseconds, or {@link #INVALID} when the text is not a STIX timestamp. */
    public static long micros(String text) {
        if (text == null || text.length() > 40) return INVALID;
        Matcher m = FORM.matcher(text);
        if (!m.matches()) return INVALID;
        int hour = Integer.parseInt(m.group(4)), minute = Integer.parseInt(m.group(5)), second = Integer.parseInt(m.group(6));
        // RFC 3339 allows a leap second; it is folded onto the next second so ordering stays monotonic.
        if (hour > 23 || minute > 59 || second > 60) return INVALID;
        long days;
        try {
            days = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).toEpochDay();
        } catch (DateTimeException e) {
            return INVALID;
        }
        long micros = 0;
        String frac = m.group(7);
        if (frac != null) {
            String six = (frac + "000000").substring(0, 6);
            micros = Long.parseLong(six);
        }
        return ((days * 86_400L) + hour * 3600L + minute * 60L + second) * 1_000_000L + micros;
    }

    public static boolean isValid(String text) {
        return micros(text) != INVALID;
    }

    /** Digits after the decimal point, 0 when none. */
    public static int fractionDigits(String text) {
        int dot = text.lastIndexOf('.');
        return dot < 0 ? 0 : text.length() - dot - 2;
    }
}
