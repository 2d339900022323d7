package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.decode.IpProto;
import dev.vigil.flow.EndReason;
import dev.vigil.flow.Flow;
import java.io.IOException;

/** The {@code flow} EVE record, in Suricata's layout. Its timestamp is the flow's start. */
public final class FlowRecord {
    private FlowRecord() {}

    public static void write(EveWriter w, Flow f, EndReason reason, String communityId) throws IOException {
        if (!w.types().enabled("flow")) return;
        EveTime t = w.time();
        JsonGenerator g = w.begin(f.startNanos, "flow");
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
        g.writeStringField("proto", IpProto.name(f.proto));
        if (f.icmpType >= 0) {
            g.writeNumberField("icmp_type", f.icmpType);
            g.writeNumberField("icmp_code", f.icmpCode);
        }
        if (f.respIcmpType >= 0) {
            g.writeNumberField("response_icmp_type", f.respIcmpType);
            g.writeNumberField("response_icmp_code", f.respIcmpCode);
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
            g.writeObjectFieldStart("tcp");
            g.writeStringField("tcp_flags", hex2(f.tcpFlags()));
            g.writeStringField("tcp_flags_ts", hex2(f.tcpFlagsToServer));
            g.writeStringField("tcp_flags_tc", hex2(f.tcpFlagsToClient));
            writeFlags(g, f.tcpFlags());
            if (f.tcpState != dev.vigil.flow.TcpState.NONE) g.writeStringField("state", f.tcpState.label());
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

    private static final String[] HEX2 = new String[256];
    static {
        for (int i = 0; i < 256; i++) HEX2[i] = (i < 16 ? "0" : "") + Integer.toHexString(i);
    }

    static String hex2(int v) {
        return HEX2[v & 0xFF];
    }
}
