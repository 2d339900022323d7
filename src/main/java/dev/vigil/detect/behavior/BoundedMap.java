package dev.vigil.detect.behavior;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detector's per-key state with a hard cap: at the cap, the key touched longest ago goes (counted),
 * so a flood of new keys (a scan of a /8, spoofed sources) costs at most {@code max} entries.
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private final int max;
    private long evicted;

    public BoundedMap(int max) {
        super(Math.min(max, 1 << 12), 0.75f, true);
        if (max < 1) throw new IllegalArgumentException("cap must be positive");
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > max) {
            evicted++;
            return true;
        }
        return false;
    }

    public long evicted() { return evicted; }

    public int max() { return max; }
}
