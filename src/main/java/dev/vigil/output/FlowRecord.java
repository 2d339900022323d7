package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.flow.EndReason;
import dev.vigil.flow.Flow;
import java.io.IOException;

/**
 * The {@code flow} EVE record, in Suricata's layout. As in Suricata, its {@code timestamp} is the
 * (capture) time the flow was logged, i.e. when it timed out, was evicted or the input ended; its start
 * and end are {@code flow.start} and {@code flow.end}.
 */
public final class FlowRecord {
    private FlowRecord() {}

    public static void write(EveWriter w, Flow f, EndReason reason, String communityId, long logNanos) throws IOException {
        if (!w.types().enabled("flow")) return;
        EveTime t = w.time();
        JsonGenerator g = w.begin(Math.max(logNanos, f.lastNanos), "flow");
        g.writeNumberField("flow_id", f.flowId());
        g.writeStringField("event_type", "flow");
        if (f.vlanCount > 0) {
            g.writeArrayFieldStart("vlan");
            for (int i = 0; i < f.vlanCount; i++) g.writeNumber(f.vlan[i]);
            g.writeEndArray();
        }
        g.writeStringField("src_ip", IpFormat.format(f.ipVersion, f.aHi, f.aLo));
        boolean ports = f.proto == 6 || f.proto == 17 || f.proto == 132;
        if (ports) g.writeNumberField("src_port", f.aPort);
        g.writeStringField("dest_ip", IpFormat.format(f.ipVersion, f.bHi, f.bLo));
        if (ports) g.writeNumberField("dest_port", f.bPort);
        g.writeNumberField("ip_v", f.ipVersion);
        g.writeStringField("proto", ProtoNames.of(f.proto));
        if ((f.proto == 1 || f.proto == 58) && f.icmpType >= 0) {
            // Suricata: the first packet's type and code; the reply is the counterpart type, code 0
            g.writeNumberField("icmp_type", f.icmpType);
            g.writeNumberField("icmp_code", f.icmpCode);
            if (f.pktsToClient > 0) {
                g.writeNumberField("response_icmp_type", f.icmpReplyType);
                g.writeNumberField("response_icmp_code", 0);
            }
        }
        if (f.appProto != null) g.writeStringField("app_proto", f.appProto);
        g.writeObjectFieldStart("flow");
        g.writeNumberField("pkts_toserver", f.pktsToServer);
        g.writeNumberField("pkts_toclient", f.pktsToClient);
        g.writeNumberField("bytes_toserver", f.bytesToServer);
        g.writeNumberField("bytes_toclient", f.bytesToClient);
        g.writeStringField("start", t.format(f.startNanos));
        g.writeStringField("end", t.format(f.lastNanos));
        g.writeNumberField("age", f.ageSeconds());
        g.writeStringField("state", f.state.label());
        g.writeStringField("reason", reason.label());
        g.writeBooleanField("alerted", f.alerted);
        g.writeEndObject();
        if (f.proto == 6) {
            // Suricata keeps flags and state in the TCP session: a flow without one reports "00" and no state
            g.writeObjectFieldStart("tcp");
            int all = f.tcpSession ? f.tcpFlags() : 0;
            g.writeStringField("tcp_flags", hex2(all));
            g.writeStringField("tcp_flags_ts", hex2(f.tcpSession ? f.tcpFlagsToServer : 0));
            g.writeStringField("tcp_flags_tc", hex2(f.tcpSession ? f.tcpFlagsToClient : 0));
            writeFlags(g, all);
            if (f.tcpSession) g.writeStringField("state", f.tcpState.label());
            g.writeEndObject();
        }
        if (communityId != null) g.writeStringField("community_id", communityId);
        w.end();
    }

    private static void writeFlags(JsonGenerator g, int flags) throws IOException {
        if ((flags & 0x01) != 0) g.writeBooleanField("fin", true);
        if ((flags & 0x02) != 0) g.writeBooleanField("syn", true);
        if ((flags & 0x04) != 0) g.writeBooleanField("rst", true);
        if ((flags & 0x08) != 0) g.writeBooleanField("psh", true);
        if ((flags & 0x10) != 0) g.writeBooleanField("ack", true);
        if ((flags & 0x20) != 0) g.writeBooleanField("urg", true);
        if ((flags & 0x40) != 0) g.writeBooleanField("ecn", true);
        if ((flags & 0x80) != 0) g.writeBooleanField("cwr", true);
    }

    static String hex2(int v) {
        String h = Integer.toHexString(v & 0xFF);
        return h.length() == 1 ? "0" + h : h;
    }
}
