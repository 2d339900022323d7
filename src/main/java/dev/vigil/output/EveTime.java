package dev.vigil.output;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Suricata's EVE timestamp form, {@code 2023-11-14T22:13:20.123456+0000}, always in UTC. */
public final class EveTime {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final long DAY = 86_400L;

    // digits are written into one reused buffer: the date part is redone only when the day changes,
    // the time of day when the second changes (records are written in all orders of start time, so a
    // per-second cache alone misses often)
    private final byte[] buf = "0000-00-00T00:00:00.000000+0000".getBytes(StandardCharsets.ISO_8859_1);
    private long cachedDay = Long.MIN_VALUE;
    private long cachedSecond = Long.MIN_VALUE;

    /** Formats epoch nanoseconds. */
    public String format(long nanos) {
        return new String(ascii(nanos), StandardCharsets.ISO_8859_1);
    }

    /**
     * The same text as {@link #format} in ASCII bytes: the whole returned array, which is this
     * instance's buffer, valid until the next call (so writers copy it out without making a String).
     */
    byte[] ascii(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        int micros = (int) (Math.floorMod(nanos, 1_000_000_000L) / 1000);
        if (sec != cachedSecond) {
            long day = Math.floorDiv(sec, DAY);
            if (day != cachedDay) {
                LocalDate d = LocalDate.ofEpochDay(day);
                int y = d.getYear();
                if (y < 1 || y > 9999) { // era and sign rules of the formatter (not reachable from a long of nanos)
                    return slow(sec, micros).getBytes(StandardCharsets.ISO_8859_1);
                }
                digits4(y, 0);
                digits2(d.getMonthValue(), 5);
                digits2(d.getDayOfMonth(), 8);
                cachedDay = day;
            }
            int s = (int) (sec - day * DAY);
            digits2(s / 3600, 11);
            digits2(s / 60 % 60, 14);
            digits2(s % 60, 17);
            cachedSecond = sec;
        }
        for (int i = 25; i >= 20; i--) {
            buf[i] = (byte) ('0' + micros % 10);
            micros /= 10;
        }
        return buf;
    }

    private static String slow(long sec, int micros) {
        StringBuilder sb = new StringBuilder(40).append(SECONDS.format(Instant.ofEpochSecond(sec))).append('.');
        String m = Integer.toString(micros);
        for (int i = m.length(); i < 6; i++) sb.append('0');
        return sb.append(m).append("+0000").toString();
    }

    private void digits2(int v, int at) {
        buf[at] = (byte) ('0' + v / 10);
        buf[at + 1] = (byte) ('0' + v % 10);
    }

    private void digits4(int v, int at) {
        buf[at] = (byte) ('0' + v / 1000);
        buf[at + 1] = (byte) ('0' + v / 100 % 10);
        buf[at + 2] = (byte) ('0' + v / 10 % 10);
        buf[at + 3] = (byte) ('0' + v % 10);
    }
}
