package dev.vigil.deception.decoy.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address: {@code rate} a second, bursts of twice that. Sources are forgotten oldest
 * first beyond a fixed number, so a flood from spoofed addresses cannot grow the table.
 */
final class SourceRateLimit {
    private static final int SOURCES = 65_536;

    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > SOURCES;
        }
    };

    SourceRateLimit(int perSecond) {
        this.rate = perSecond;
        this.burst = perSecond * 2.0;
    }

    /** Whether one more response to {@code source} at {@code nanos} (a monotonic clock) is within its rate. */
    synchronized boolean allow(String source, long nanos) {
        Bucket b = buckets.get(source);
        if (b == null) buckets.put(source, b = new Bucket(burst, nanos));
        double tokens = Math.min(burst, b.tokens + Math.max(0, nanos - b.last) / 1e9 * rate);
        b.last = nanos;
        b.tokens = tokens < 1 ? tokens : tokens - 1;
        return tokens >= 1;
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
