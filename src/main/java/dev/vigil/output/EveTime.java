package dev.vigil.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Suricata's EVE timestamp form, {@code 2023-11-14T22:13:20.123456+0000}, always in UTC. */
public final class EveTime {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;
    private final StringBuilder sb = new StringBuilder(32);

    /** Formats epoch nanoseconds; caches the date part, since consecutive records share their second. */
    public String format(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long micros = Math.floorMod(nanos, 1_000_000_000L) / 1000;
        if (sec != cachedSecond) {
            cachedSecond = sec;
            cachedPrefix = SECONDS.format(Instant.ofEpochSecond(sec));
        }
        sb.setLength(0);
        sb.append(cachedPrefix).append('.');
        String m = Long.toString(micros);
        for (int i = m.length(); i < 6; i++) sb.append('0');
        return sb.append(m).append("+0000").toString();
    }
}
