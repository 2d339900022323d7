package dev.vigil.scenario;

import java.time.Instant;

/**
 * What to generate: the seed (same seed, same bytes), the number of workstations, the span in
 * hours and its start (by default Monday 2026-03-02 00:00 UTC, so a day's span holds a working day).
 */
public record ScenarioOptions(long seed, int hosts, double hours, Instant start) {
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");

    public ScenarioOptions {
        if (hosts < 1 || hosts > 60_000) throw new IllegalArgumentException("--hosts must be 1..60000");
        if (!(hours > 0) || hours > 24 * 90) throw new IllegalArgumentException("--hours must be in (0, 2160]");
    }

    public long startNanos() {
        return start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }

    public long endNanos() {
        return startNanos() + (long) (hours * 3_600_000_000_000L);
    }
}
