package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code alert} EVE record, in Suricata's layout: the packet's endpoints (source is the packet's
 * sender), {@code direction}, the {@code alert} object (action, gid, signature_id, rev, signature,
 * category and severity from {@code classification.config} or the rule's {@code priority}, metadata, and
 * Vigil's {@code mitre}: the ATT&CK technique ids the rule's metadata names),
 * {@code app_proto} when known, and the flow's counters so far.
 */
public final class AlertRecord {
    private AlertRecord() {}

    public static void write(EveWriter w, Flow f, boolean fromB, boolean toServer, Rule r, Map<String, RuleLoader.Classification> classes,
                             long tsNanos, long pcapCnt, String communityId) throws IOException {
        write(w, f, fromB, toServer, r, classes, tsNanos, pcapCnt, communityId, null, null, AlertPayload.Options.NONE);
    }

    /**
     * With {@code tx}, the transaction the rule matched in: its {@code tx_id} and app-layer object
     * ({@code http}, {@code tls}, {@code dns}, ...) as its own record has them, as Suricata's alert metadata;
     * and what {@code data} says of the matched data ({@code pkt_src} always, the payload and packet fields
     * as {@code options} ask). {@code tx} and {@code data} may be null.
     */
    public static void write(EveWriter w, Flow f, boolean fromB, boolean toServer, Rule r, Map<String, RuleLoader.Classification> classes,
                             long tsNanos, long pcapCnt, String communityId, AppRecord tx, AlertPayload data, AlertPayload.Options options)
            throws IOException {
        if (!w.types().enabled("alert")) return;
        JsonGenerator g = w.begin(tsNanos, "alert");
        g.writeNumberField("flow_id", f.flowId());
        if (f.parentId != 0) g.writeNumberField("parent_id", f.parentId);
        if (pcapCnt > 0) g.writeNumberField("pcap_cnt", pcapCnt);
        g.writeStringField("event_type", "alert");
        if (f.vlanCount > 0) {
            g.writeArrayFieldStart("vlan");
            for (int i = 0; i < f.vlanCount; i++) g.writeNumber(f.vlan[i]);
            g.writeEndArray();
        }
        // the sender of what matched is the source
        w.writeEndpoints(f, fromB);
        g.writeStringField("direction", toServer ? "to_server" : "to_client");
        RuleLoader.Classification c = r.classtype() == null ? null : classes.get(r.classtype());
        int severity = r.priority() > 0 ? r.priority() : c != null ? c.priority() : 3;
        g.writeObjectFieldStart("alert");
        g.writeStringField("action", "allowed");
        g.writeNumberField("gid", r.gid());
        g.writeNumberField("signature_id", r.sid());
        g.writeNumberField("rev", r.rev());
        g.writeStringField("signature", r.msg() == null ? "" : r.msg());
        g.writeStringField("category", c != null ? c.description() : "");
        g.writeNumberField("severity", severity);
        // Vigil's addition: the ATT&CK techniques the rule's metadata names (ET writes mitre_technique_id)
        List<String> techniques = r.metadata().getOrDefault("mitre_technique_id", List.of());
        if (!techniques.isEmpty()) {
            g.writeArrayFieldStart("mitre");
            for (String t : new java.util.LinkedHashSet<>(techniques)) g.writeString(t);
            g.writeEndArray();
        }
        if (!r.metadata().isEmpty()) {
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, List<String>> e : r.metadata().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String v : e.getValue()) g.writeString(v);
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        if (f.appProto != null) g.writeStringField("app_proto", f.appProto);
        if (tx != null) tx.writeAlertFields(g);
        g.writeObjectFieldStart("flow");
        g.writeNumberField("pkts_toserver", f.pktsToServer);
        g.writeNumberField("pkts_toclient", f.pktsToClient);
        g.writeNumberField("bytes_toserver", f.bytesToServer);
        g.writeNumberField("bytes_toclient", f.bytesToClient);
        g.writeFieldName("start");
        w.writeTime(f.startNanos);
        g.writeEndObject();
        if (communityId != null) g.writeStringField("community_id", communityId);
        if (data != null) payload(g, data, options);
        w.end();
    }

    private static void payload(JsonGenerator g, AlertPayload d, AlertPayload.Options o) throws IOException {
        if (o.payload() || o.printable()) {
            int n = Math.min(d.payloadLen, o.bufferSize());
            if (d.payload != null && n > 0) {
                if (o.payload()) g.writeStringField("payload", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(d.payload, n)));
                if (o.printable()) g.writeStringField("payload_printable", AlertPayload.printable(d.payload, n));
            }
            g.writeNumberField("stream", d.stream ? 1 : 0);
        }
        if (o.packet() && d.hasPacket()) {
            g.writeStringField("packet", java.util.Base64.getEncoder().encodeToString(d.packetBytes()));
            g.writeObjectFieldStart("packet_info");
            g.writeNumberField("linktype", d.linkType);
            g.writeStringField("linktype_name", AlertPayload.linkTypeName(d.linkType));
            g.writeEndObject();
        }
        if (d.pktSrc != null) g.writeStringField("pkt_src", d.pktSrc);
    }
}
