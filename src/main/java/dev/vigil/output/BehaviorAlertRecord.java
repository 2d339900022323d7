package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.detect.behavior.BehaviorSignature;
import dev.vigil.detect.behavior.Finding;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * A behavioural finding as an EVE {@code alert}: Suricata's alert layout without the per-packet parts
 * (a finding spans many flows: no {@code flow_id}, {@code direction} or {@code flow}), the technique ids
 * in {@code alert.mitre} and, as ET rules carry them, ids and names in {@code alert.metadata}; the name
 * the finding is about where Suricata puts it ({@code tls.sni}, {@code http.hostname}, {@code
 * dns.query[].rrname}); and Vigil's {@code behavior} object: detector score, evidence span and evidence.
 */
public final class BehaviorAlertRecord {
    private BehaviorAlertRecord() {}

    public static void write(EveWriter w, Finding f) throws IOException {
        if (!w.types().enabled("alert")) return;
        BehaviorSignature s = f.signature();
        JsonGenerator g = w.begin(f.tsNanos(), "alert");
        g.writeStringField("event_type", "alert");
        g.writeStringField("src_ip", f.src());
        if (f.srcPort() > 0) g.writeNumberField("src_port", f.srcPort());
        g.writeStringField("dest_ip", f.dst());
        if (f.dstPort() > 0) g.writeNumberField("dest_port", f.dstPort());
        g.writeNumberField("ip_v", f.src().indexOf(':') >= 0 ? 6 : 4);
        g.writeStringField("proto", f.proto() == null ? "IP" : f.proto().toUpperCase(java.util.Locale.ROOT));
        AlertObject.write(g, s.sid, s.message, s.category, s.severity, s.techniques, "behavior", java.util.Map.of());
        if (f.name() != null && f.nameField() != null) {
            switch (f.nameField()) {
                case "tls.sni" -> {
                    g.writeObjectFieldStart("tls");
                    g.writeStringField("sni", f.name());
                    g.writeEndObject();
                }
                case "http.hostname" -> {
                    g.writeObjectFieldStart("http");
                    g.writeStringField("hostname", f.name());
                    g.writeEndObject();
                }
                default -> {
                    g.writeObjectFieldStart("dns");
                    g.writeArrayFieldStart("queries");
                    g.writeStartObject();
                    g.writeStringField("rrname", f.name());
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                }
            }
        }
        g.writeObjectFieldStart("behavior");
        g.writeNumberField("score", Math.round(f.score() * 1000) / 1000.0);
        g.writeFieldName("first_seen");
        w.writeTime(f.firstNanos());
        g.writeFieldName("last_seen");
        w.writeTime(f.lastNanos());
        g.writeFieldName("evidence");
        value(g, f.evidence());
        g.writeEndObject();
        w.end();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) value(g, o);
                g.writeEndArray();
            }
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : 0);
            case Float fl -> g.writeNumber(Math.round(fl * 1000) / 1000.0);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }
}
