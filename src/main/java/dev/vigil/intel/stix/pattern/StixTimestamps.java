package dev.vigil.intel.stix.pattern;

import java.time.Instant;
import java.time.LocalDate;

/**
 * STIX timestamps {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, upper-case T and Z. Field ranges are checked as the
 * reference grammar does (day 01-31 whatever the month, second up to 60); an impossible date such as Feb 30 rolls
 * over into the next month rather than being rejected, so the validator's accepted vectors stay accepted.
 */
final class StixTimestamps {
    private StixTimestamps() {}

    /** The instant, or null when the text is not a STIX timestamp. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 40) return null;
        int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return null;
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        if (s.charAt(n - 1) != 'Z') return null;
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) return null;
            for (int i = 20; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') return null;
                if (i < 29) nanos = nanos * 10 + (c - '0');
            }
            for (int i = Math.min(n - 1, 29); i < 29; i++) nanos *= 10;
        }
        long days = LocalDate.of(y, mo, 1).toEpochDay() + (d - 1);
        return Instant.ofEpochSecond(days * 86400L + h * 3600L + mi * 60L + se, nanos);
    }

    private static int digits(String s, int at, int len) {
        int v = 0;
        for (int i = at; i < at + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
