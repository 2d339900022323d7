package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One interaction with a decoy service as an EVE {@code decoy} record: who connected to which decoy, the
 * session it belongs to, what happened ({@code action}: connect, login, command, download, request, query,
 * banner, disconnect, limit) and the action's details (user name and password tried, the command typed,
 * the URL fetched, the name queried). The same endpoint fields as every EVE record, so a SIEM joins decoy
 * records with the sensor's flows by address and port.
 *
 * @param details action-specific fields in the {@code decoy} object; values are strings, numbers, booleans,
 *                lists of those, or maps of those (written as nested objects)
 */
public record DecoyRecord(String srcIp, int srcPort, String destIp, int destPort, String proto, String appProto, String decoy,
                          String service, String session, String action, Map<String, ?> details) {

    public static void write(EveWriter w, long tsNanos, DecoyRecord r) throws IOException {
        if (!w.types().enabled("decoy")) return;
        JsonGenerator g = w.begin(tsNanos, "decoy");
        g.writeStringField("event_type", "decoy");
        r.writeEndpoints(g);
        g.writeObjectFieldStart("decoy");
        r.writeDecoyFields(g);
        g.writeEndObject();
        w.end();
    }

    void writeEndpoints(JsonGenerator g) throws IOException {
        if (srcIp != null) g.writeStringField("src_ip", srcIp);
        if (srcPort > 0) g.writeNumberField("src_port", srcPort);
        if (destIp != null) g.writeStringField("dest_ip", destIp);
        if (destPort > 0) g.writeNumberField("dest_port", destPort);
        String ip = srcIp != null ? srcIp : destIp;
        if (ip != null) g.writeNumberField("ip_v", ip.indexOf(':') >= 0 ? 6 : 4);
        g.writeStringField("proto", proto == null ? "TCP" : proto);
        if (appProto != null) g.writeStringField("app_proto", appProto);
    }

    void writeDecoyFields(JsonGenerator g) throws IOException {
        g.writeStringField("name", decoy);
        g.writeStringField("service", service);
        if (session != null) g.writeStringField("session", session);
        g.writeStringField("action", action);
        if (details != null) for (Map.Entry<String, ?> e : details.entrySet()) {
            if (e.getValue() == null) continue;
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) if (o != null) writeValue(g, o);
                g.writeEndArray();
            }
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() == null) continue;
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> g.writeString(String.valueOf(v));
        }
    }
}
