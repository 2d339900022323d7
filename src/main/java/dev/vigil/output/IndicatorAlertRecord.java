package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detect.ioc.IndicatorInfo;
import dev.vigil.detect.ioc.IndicatorMatch;
import dev.vigil.detect.ioc.IndicatorSignature;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An indicator match as an EVE {@code alert}: the envelope of the record that matched (its time, flow_id,
 * endpoints, app_proto, community_id) and its protocol object, as Suricata puts a transaction beside a
 * rule's alert; the signature of the field that matched; and Vigil's {@code indicator} object naming the
 * STIX indicator (id, name, valid_until, confidence, labels) and the value seen.
 */
public final class IndicatorAlertRecord {
    private IndicatorAlertRecord() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENVELOPE = {"flow_id", "parent_id", "pcap_cnt", "vlan", "src_ip", "src_port", "dest_ip", "dest_port", "ip_v", "proto", "app_proto", "tx_id", "community_id"};
    private static final String[] APP = {"http", "tls", "dns", "ssh", "smb", "smtp", "ftp", "quic", "dhcp"};

    public static void write(EveWriter w, long tsNanos, JsonNode record, IndicatorMatch m) throws IOException {
        if (!w.types().enabled("alert")) return;
        IndicatorSignature s = IndicatorSignature.of(m.field());
        IndicatorInfo i = m.indicator();
        Set<String> techniques = new LinkedHashSet<>(s.techniques());
        techniques.addAll(i.techniques());
        JsonGenerator g = w.begin(tsNanos, "alert");
        g.writeStringField("event_type", "alert");
        for (String f : ENVELOPE) {
            JsonNode v = record.get(f);
            if (v == null || v.isNull()) continue;
            g.writeFieldName(f);
            JSON.writeTree(g, v);
        }
        if (!record.has("proto")) g.writeStringField("proto", "IP");
        AlertObject.write(g, s.sid(), s.message(), "Known bad indicator", i.confidence() >= 75 ? 1 : i.confidence() >= 50 || i.confidence() < 0 ? 2 : 3,
                techniques, "intel", java.util.Map.of("indicator_id", java.util.List.of(i.id())));
        for (String f : APP) {
            JsonNode v = record.get(f);
            if (v != null && v.isObject()) {
                g.writeFieldName(f);
                JSON.writeTree(g, v);
            }
        }
        g.writeObjectFieldStart("indicator");
        g.writeStringField("id", i.id());
        if (i.name() != null) g.writeStringField("name", i.name());
        if (i.validUntil() != null) g.writeStringField("valid_until", i.validUntil());
        if (i.confidence() >= 0) g.writeNumberField("confidence", i.confidence());
        g.writeArrayFieldStart("labels");
        for (String l : i.labels()) g.writeString(l);
        g.writeEndArray();
        g.writeStringField("field", m.field().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("value", m.value());
        JsonNode type = record.get("event_type");
        if (type != null) g.writeStringField("record", type.asText());
        g.writeEndObject();
        w.end();
    }
}
