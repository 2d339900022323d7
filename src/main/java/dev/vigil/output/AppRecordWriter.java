package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
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
        envelope(g, f, type, pcapCnt, r.fromServer());
        r.writeFields(g);
        if (communityId != null) g.writeStringField("community_id", communityId);
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
        envelope(g, f, "anomaly", pcapCnt, false);
        if (appProto != null) g.writeStringField("app_proto", appProto);
        g.writeObjectFieldStart("anomaly");
        if (appProto != null && "applayer".equals(type)) g.writeStringField("app_proto", appProto);
        g.writeStringField("type", type);
        g.writeStringField("event", event);
        if ("applayer".equals(type)) g.writeStringField("layer", "proto_parser");
        g.writeEndObject();
        if (communityId != null) g.writeStringField("community_id", communityId);
        w.end();
    }

    private static void envelope(JsonGenerator g, Flow f, String type, long pcapCnt, boolean fromServer) throws IOException {
        g.writeNumberField("flow_id", f.flowId());
        if (f.parentId != 0) g.writeNumberField("parent_id", f.parentId);
        if (pcapCnt > 0) g.writeNumberField("pcap_cnt", pcapCnt);
        g.writeStringField("event_type", type);
        if (f.vlanCount > 0) {
            g.writeArrayFieldStart("vlan");
            for (int i = 0; i < f.vlanCount; i++) g.writeNumber(f.vlan[i]);
            g.writeEndArray();
        }
        boolean ports = f.proto == 6 || f.proto == 17 || f.proto == 132;
        // side B sent it: a server's record, unless the flow is reversed (B is then the client)
        fromServer = fromServer != f.reversed;
        long sHi = fromServer ? f.bHi : f.aHi, sLo = fromServer ? f.bLo : f.aLo;
        long dHi = fromServer ? f.aHi : f.bHi, dLo = fromServer ? f.aLo : f.bLo;
        g.writeStringField("src_ip", IpFormat.format(f.ipVersion, sHi, sLo));
        if (ports) g.writeNumberField("src_port", fromServer ? f.bPort : f.aPort);
        g.writeStringField("dest_ip", IpFormat.format(f.ipVersion, dHi, dLo));
        if (ports) g.writeNumberField("dest_port", fromServer ? f.aPort : f.bPort);
        g.writeNumberField("ip_v", f.ipVersion);
        g.writeStringField("proto", ProtoNames.of(f.proto));
    }
}
