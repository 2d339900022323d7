package dev.vigil.detect.ioc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sensor saw of each indicator over a run — how often, first and last (packet time), and the
 * values and hosts that matched — from which the intel store makes one STIX {@code sighting} per
 * indicator. Shared by the workers; matches are rare, so one lock is enough. Bounded: at most
 * {@link #MAX_INDICATORS} indicators and {@link #MAX_VALUES} values each are remembered; counts stay exact.
 */
public final class IndicatorSightings {
    public static final int MAX_INDICATORS = 100_000;
    public static final int MAX_VALUES = 16;

    public record Sighting(IndicatorInfo indicator, long count, long firstNanos, long lastNanos, List<String> values, List<String> hosts) {}

    private static final class Tally {
        final IndicatorInfo indicator;
        long count, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        final Set<String> values = new LinkedHashSet<>(), hosts = new LinkedHashSet<>();

        Tally(IndicatorInfo indicator) {
            this.indicator = indicator;
        }
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private long dropped;

    public synchronized void record(IndicatorMatch m, long tsNanos, String host) {
        Tally t = tallies.get(m.indicator().id());
        if (t == null) {
            if (tallies.size() >= MAX_INDICATORS) {
                dropped++;
                return;
            }
            t = new Tally(m.indicator());
            tallies.put(m.indicator().id(), t);
        }
        t.count++;
        t.first = Math.min(t.first, tsNanos);
        t.last = Math.max(t.last, tsNanos);
        if (t.values.size() < MAX_VALUES) t.values.add(m.value());
        if (host != null && t.hosts.size() < MAX_VALUES) t.hosts.add(host);
    }

    public synchronized List<Sighting> sightings() {
        List<Sighting> out = new ArrayList<>(tallies.size());
        for (Tally t : tallies.values()) out.add(new Sighting(t.indicator, t.count, t.first, t.last, List.copyOf(t.values), List.copyOf(t.hosts)));
        return out;
    }

    /** Matches of indicators beyond {@link #MAX_INDICATORS}: alerted, but not tallied. */
    public synchronized long dropped() {
        return dropped;
    }
}
