package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code stats} EVE record: counters given as dotted names ({@code decoder.ipv4},
 * {@code flow.tcp}) are written nested, as Suricata lays them out under {@code stats}.
 */
public final class StatsRecord {
    private StatsRecord() {}

    public static void write(EveWriter w, long tsNanos, long uptimeSeconds, Map<String, Long> counters) throws IOException {
        if (!w.types().enabled("stats")) return;
        JsonGenerator g = w.begin(tsNanos, "stats");
        g.writeStringField("event_type", "stats");
        g.writeObjectFieldStart("stats");
        g.writeNumberField("uptime", uptimeSeconds);
        writeNested(g, CounterTree.of(counters));
        g.writeEndObject();
        w.end();
    }

    @SuppressWarnings("unchecked")
    private static void writeNested(JsonGenerator g, Map<String, Object> tree) throws IOException {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                g.writeObjectFieldStart(e.getKey());
                writeNested(g, (Map<String, Object>) m);
                g.writeEndObject();
            } else {
                g.writeNumberField(e.getKey(), (Long) e.getValue());
            }
        }
    }
}
