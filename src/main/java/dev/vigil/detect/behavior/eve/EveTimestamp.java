package dev.vigil.detect.behavior.eve;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * EVE timestamps to nanoseconds since the epoch: Suricata's {@code 2026-03-02T10:15:00.123456+0000} on
 * the fast path, any ISO-8601 time with an offset otherwise.
 */
public final class EveTimestamp {
    private EveTimestamp() {}

    /** @throws IllegalArgumentException for text that is not a time with an offset */
    public static long parseNanos(String s) {
        if (s.length() == 31 && s.charAt(4) == '-' && s.charAt(10) == 'T' && s.charAt(19) == '.' && (s.charAt(26) == '+' || s.charAt(26) == '-')) {
            try {
                long days = daysFromCivil(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10));
                long secs = days * 86400 + num(s, 11, 13) * 3600L + num(s, 14, 16) * 60L + num(s, 17, 19);
                long micros = num(s, 20, 26);
                long off = (num(s, 27, 29) * 3600L + num(s, 29, 31) * 60L) * (s.charAt(26) == '-' ? -1 : 1);
                return (secs - off) * 1_000_000_000L + micros * 1000L;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an EVE timestamp: " + s);
            }
        }
        try {
            String iso = s.length() > 5 && (s.charAt(s.length() - 5) == '+' || s.charAt(s.length() - 5) == '-') && s.charAt(s.length() - 3) != ':'
                    ? s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2) : s;
            OffsetDateTime t = OffsetDateTime.parse(iso);
            return t.toEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp with an offset: " + s);
        }
    }

    private static int num(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) throw new NumberFormatException();
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
