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
        long fast = utcMicros(rfc3339);
        if (fast != Long.MIN_VALUE) return fast;
        try {
            Instant t = OffsetDateTime.parse(rfc3339, PARSER).toInstant();
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: " + shorten(rfc3339));
        }
    }

    /**
     * An RFC 3339 timestamp as {@link Instant#parse} reads it (and failing where it fails), the common UTC form
     * with at most microseconds read without the general parser: a million indicators' validity is checked at
     * a sensor's start.
     */
    public static Instant instant(String rfc3339) {
        long us = rfc3339.length() <= 27 ? utcMicros(rfc3339) : Long.MIN_VALUE;
        if (us == Long.MIN_VALUE) return Instant.parse(rfc3339);
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
    }

    /**
     * The common form, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a valid date, read without the general
     * parser (three per row of every page a TAXII client reads); anything else: {@code Long.MIN_VALUE}, and
     * the general parser decides.
     */
    static long utcMicros(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't') || s.charAt(13) != ':'
                || s.charAt(16) != ':' || (s.charAt(n - 1) != 'Z' && s.charAt(n - 1) != 'z')) return Long.MIN_VALUE;
        int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10), hour = digits(s, 11, 13), min = digits(s, 14, 16), sec = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) return Long.MIN_VALUE;
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) return Long.MIN_VALUE;
        long frac = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21 || n > 30) return Long.MIN_VALUE;
            for (int i = 20; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') return Long.MIN_VALUE;
                if (i < 26) frac = frac * 10 + (c - '0');
            }
            for (int i = Math.min(n - 1, 26); i < 26; i++) frac *= 10;
        } else if (n != 20) {
            return Long.MIN_VALUE;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + min) * 60_000_000L + sec * 1_000_000L + frac;
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** {@code 2016-11-01T03:04:05.123456Z}: always UTC, always six fraction digits. */
    public static String format(long micros) {
        long secs = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
        if (d.getYear() < 0 || d.getYear() > 9999) return MICROS.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        char[] c = new char[27];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, sod / 3600, 2);
        c[13] = ':';
        put(c, 14, sod / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, sod % 60, 2);
        c[19] = '.';
        put(c, 20, frac, 6);
        c[26] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--, v /= 10) c[i] = (char) ('0' + v % 10);
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
