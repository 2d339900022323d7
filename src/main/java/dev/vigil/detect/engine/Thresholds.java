package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Rule;
import dev.vigil.flow.Flow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code threshold} and {@code detection_filter}: which of a rule's matches become alerts, counted per
 * tracked source, destination, pair, flow or rule over windows of packet time (as Suricata does):
 * {@code limit} alerts on the first N matches of a window, {@code threshold} on every Nth, {@code both} once
 * a window after N, a detection filter on every match after the Nth, {@code backoff} (Suricata 8) on the
 * Nth match, then each time the count reaches the last alert's times the multiplier (no window). The table is bounded (least recently
 * used entries go first) and shared by the engine's workers, as Suricata's host table is: one rule tracked by
 * source alerts as often on one core as on sixteen. Workers reading one capture are a little apart in packet
 * time, so a match a little older than its window's start counts in that window; only a jump back by more
 * than a window (the next file of a run starts earlier) opens a new one.
 */
final class Thresholds {
    static final int MAX_ENTRIES = 65_536;

    /** One rule's setting. */
    record Spec(String type, String track, long count, long seconds, long multiplier) {
        static Spec parse(String keyword, String value) {
            String type = keyword.equals("detection_filter") ? "detection_filter" : "limit", track = "by_src";
            long count = 1, seconds = 60, multiplier = 1;
            for (String part : value.split(",")) {
                String[] kv = part.trim().split("\\s+");
                if (kv.length != 2) continue;
                switch (kv[0]) {
                    case "type" -> type = kv[1];
                    case "track" -> track = kv[1];
                    case "count" -> count = Long.parseLong(kv[1]);
                    case "seconds" -> seconds = Long.parseLong(kv[1]);
                    case "multiplier" -> multiplier = Long.parseLong(kv[1]);
                    default -> { }
                }
            }
            return new Spec(type, track, Math.max(1, count), Math.max(0, seconds), Math.max(1, multiplier));
        }
    }

    private record Key(long sid, int gid, long a, long b, long c, long d) {}

    /** Per key: window start (ns), matches in the window, alerted in this window. */
    private final Map<Key, long[]> table = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, long[]> e) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Whether this match of {@code r} alerts; {@code fromB} tells which side of {@code f} sent it. */
    synchronized boolean alerts(Rule r, Spec s, Flow f, boolean fromB, long now) {
        long sHi = fromB ? f.bHi : f.aHi, sLo = fromB ? f.bLo : f.aLo, dHi = fromB ? f.aHi : f.bHi, dLo = fromB ? f.aLo : f.bLo;
        Key k = switch (s.track) {
            case "by_dst" -> new Key(r.sid(), r.gid(), dHi, dLo, 0, 0);
            case "by_rule" -> new Key(r.sid(), r.gid(), 0, 0, 0, 0);
            case "by_both" -> new Key(r.sid(), r.gid(), sHi, sLo, dHi, dLo);
            case "by_flow" -> new Key(r.sid(), r.gid(), f.flowId(), 0, 0, 1);
            default -> new Key(r.sid(), r.gid(), sHi, sLo, 0, 0);
        };
        long window = s.seconds * 1_000_000_000L;
        long[] st = table.get(k);
        if (s.type.equals("backoff")) {
            // {matches, next alerting match}: the count never restarts
            if (st == null) table.put(k, st = new long[] {0, s.count, 0});
            long n = ++st[0];
            if (n != st[1]) return false;
            st[1] = n > Long.MAX_VALUE / s.multiplier ? Long.MAX_VALUE : Math.max(n + 1, n * s.multiplier);
            return true;
        }
        if (st == null || now - st[0] >= window || st[0] - now > window) {
            st = new long[] {now, 0, 0};
            table.put(k, st);
        }
        long n = ++st[1];
        return switch (s.type) {
            case "limit" -> n <= s.count;
            case "threshold" -> {
                if (n < s.count) yield false;
                // every Nth: the count starts again after an alert
                st[1] = 0;
                yield true;
            }
            case "both" -> {
                if (n < s.count || st[2] != 0) yield false;
                st[2] = 1;
                yield true;
            }
            default -> n > s.count;
        };
    }
}
