package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.io.IOException;

/**
 * Writes app-layer records ({@code dns}, {@code http}, {@code tls}, {@code fileinfo}, ...) and
 * app-layer/stream anomalies: the envelope every EVE record of a flow has, in Suricata's order, then
 * the record's own fields.
 */
public final class AppRecordWriter {
    private AppRecordWriter() {}

    public static void write(EveWriter w, Flow f, AppRecord r, long tsNanos, long pcapCnt, String communityId) throws IOException {
        String type = r.eventType();
        if (!w.types().enabled(type)) return;
        JsonGenerator g = w.begin(tsNanos, type);
        envelope(w, g, f, type, pcapCnt, r.fromServer());
        r.writeFields(g);
        if (communityId != null) {
            g.writeFieldName(COMMUNITY_ID);
            g.writeString(communityId);
        }
        w.end();
    }

    /**
     * An {@code anomaly} record of type "applayer" (Suricata: {@code app_proto}, {@code event},
     * {@code layer}) or "stream" (the event is the stream event's name).
     */
    public static void anomaly(EveWriter w, Flow f, String type, String appProto, String event, long tsNanos,
                               long pcapCnt, String communityId) throws IOException {
        if (!w.types().enabled("anomaly")) return;
        JsonGenerator g = w.begin(tsNanos, "anomaly");
        envelope(w, g, f, "anomaly", pcapCnt, false);
        if (appProto != null) g.writeStringField("app_proto", appProto);
        g.writeObjectFieldStart("anomaly");
        if (appProto != null && "applayer".equals(type)) g.writeStringField("app_proto", appProto);
        g.writeStringField("type", type);
        g.writeStringField("event", event);
        if ("applayer".equals(type)) g.writeStringField("layer", "proto_parser");
        g.writeEndObject();
        if (communityId != null) {
            g.writeFieldName(COMMUNITY_ID);
            g.writeString(communityId);
        }
        w.end();
    }

    // the envelope's names pre-encoded once, as in FlowRecord: copied, not checked and encoded per record
    private static final SerializedString FLOW_ID = new SerializedString("flow_id"), PCAP_CNT = new SerializedString("pcap_cnt"),
            EVENT_TYPE = new SerializedString("event_type"), VLAN = new SerializedString("vlan"),
            COMMUNITY_ID = new SerializedString("community_id"),
            PARENT_ID = new SerializedString("parent_id");

    private static void envelope(EveWriter w, JsonGenerator g, Flow f, String type, long pcapCnt, boolean fromServer) throws IOException {
        g.writeFieldName(FLOW_ID);
        g.writeNumber(f.flowId());
        if (f.parentId != 0) {
            g.writeFieldName(PARENT_ID);
            g.writeNumber(f.parentId);
        }
        if (pcapCnt > 0) {
            g.writeFieldName(PCAP_CNT);
            g.writeNumber(pcapCnt);
        }
        g.writeFieldName(EVENT_TYPE);
        g.writeString(type);
        if (f.vlanCount > 0) {
            g.writeFieldName(VLAN);
            g.writeStartArray();
            for (int i = 0; i < f.vlanCount; i++) g.writeNumber(f.vlan[i]);
            g.writeEndArray();
        }
        // side B sent it: a server's record, unless the flow is reversed (B is then the client)
        w.writeEndpoints(f, fromServer != f.reversed);
    }
}
