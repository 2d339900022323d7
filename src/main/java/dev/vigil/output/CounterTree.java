package dev.vigil.output;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns dotted counter names into the nested maps EVE stats use. */
public final class CounterTree {
    private CounterTree() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Map<String, Long> counters) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object child = node.get(parts[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(parts[i], child);
                }
                node = (Map<String, Object>) child;
            }
            node.merge(parts[parts.length - 1], e.getValue(), (a, b) -> (Long) a + (Long) b);
        }
        return root;
    }
}
