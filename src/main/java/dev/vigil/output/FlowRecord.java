package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // field names and constant values pre-encoded once: the generator copies their bytes instead of
    // checking and encoding every character of every name on every record
    private static final SerializedString FLOW_ID = name("flow_id"), EVENT_TYPE = name("event_type"),
            FLOW = name("flow"), VLAN = name("vlan"),
            ICMP_TYPE = name("icmp_type"), ICMP_CODE = name("icmp_code"),
            RESPONSE_ICMP_TYPE = name("response_icmp_type"), RESPONSE_ICMP_CODE = name("response_icmp_code"),
            APP_PROTO = name("app_proto"), APP_PROTO_ORIG = name("app_proto_orig"),
            APP_PROTO_EXPECTED = name("app_proto_expected"), PKTS_TOSERVER = name("pkts_toserver"), PKTS_TOCLIENT = name("pkts_toclient"),
            BYTES_TOSERVER = name("bytes_toserver"), BYTES_TOCLIENT = name("bytes_toclient"), START = name("start"),
            END = name("end"), AGE = name("age"), STATE = name("state"), REASON = name("reason"),
            ALERTED = name("alerted"), TCP = name("tcp"), TCP_FLAGS = name("tcp_flags"),
            TCP_FLAGS_TS = name("tcp_flags_ts"), TCP_FLAGS_TC = name("tcp_flags_tc"), COMMUNITY_ID = name("community_id");
    /** fin, syn, rst, psh, ack, urg, ecn, cwr: bit i of the TCP flags. */
    private static final SerializedString[] FLAG_NAMES = {
            name("fin"), name("syn"), name("rst"), name("psh"), name("ack"), name("urg"), name("ecn"), name("cwr")};
    private static final String[] HEX2 = new String[256];
    static {
        for (int i = 0; i < 256; i++) HEX2[i] = (i < 16 ? "0" : "") + Integer.toHexString(i);
    }

    private static SerializedString name(String s) {
        return new SerializedString(s);
    }

    public static void write(EveWriter w, Flow f, EndReason reason, String communityId, long logNanos) throws IOException {
        if (!w.types().enabled("flow")) return;
        JsonGenerator g = w.begin(Math.max(logNanos, f.lastNanos), "flow");
        g.writeFieldName(FLOW_ID);
        g.writeNumber(f.flowId());
        if (f.parentId != 0) g.writeNumberField("parent_id", f.parentId);
        g.writeFieldName(EVENT_TYPE);
        g.writeString(FLOW);
        if (f.vlanCount > 0) {
            g.writeFieldName(VLAN);
            g.writeStartArray();
            for (int i = 0; i < f.vlanCount; i++) g.writeNumber(f.vlan[i]);
            g.writeEndArray();
        }
        // a reversed flow (the app layer found that B is the client) is told from B's side
        boolean rev = f.reversed;
        w.writeEndpoints(f, rev);
        if ((f.proto == 1 || f.proto == 58) && f.icmpType >= 0) {
            // Suricata: the first packet's type and code; the reply is the counterpart type, code 0
            g.writeFieldName(ICMP_TYPE);
            g.writeNumber(f.icmpType);
            g.writeFieldName(ICMP_CODE);
            g.writeNumber(f.icmpCode);
            if (f.pktsToClient > 0) {
                g.writeFieldName(RESPONSE_ICMP_TYPE);
                g.writeNumber(f.icmpReplyType);
                g.writeFieldName(RESPONSE_ICMP_CODE);
                g.writeNumber(0);
            }
        }
        if (f.appProto != null) {
            g.writeFieldName(APP_PROTO);
            g.writeString(f.appProto);
            // Suricata writes each only when it differs from app_proto
            if (f.appProtoOrig != null && !f.appProtoOrig.equals(f.appProto)) {
                g.writeFieldName(APP_PROTO_ORIG);
                g.writeString(f.appProtoOrig);
            }
            if (f.appProtoExpected != null && !f.appProtoExpected.equals(f.appProto)) {
                g.writeFieldName(APP_PROTO_EXPECTED);
                g.writeString(f.appProtoExpected);
            }
        }
        g.writeFieldName(FLOW);
        g.writeStartObject();
        g.writeFieldName(PKTS_TOSERVER);
        g.writeNumber(rev ? f.pktsToClient : f.pktsToServer);
        g.writeFieldName(PKTS_TOCLIENT);
        g.writeNumber(rev ? f.pktsToServer : f.pktsToClient);
        g.writeFieldName(BYTES_TOSERVER);
        g.writeNumber(rev ? f.bytesToClient : f.bytesToServer);
        g.writeFieldName(BYTES_TOCLIENT);
        g.writeNumber(rev ? f.bytesToServer : f.bytesToClient);
        g.writeFieldName(START);
        w.writeTime(f.startNanos);
        g.writeFieldName(END);
        w.writeTime(f.lastNanos);
        g.writeFieldName(AGE);
        g.writeNumber(f.ageSeconds());
        g.writeFieldName(STATE);
        g.writeString(f.state.label());
        g.writeFieldName(REASON);
        g.writeString(reason.label());
        g.writeFieldName(ALERTED);
        g.writeBoolean(f.alerted);
        g.writeEndObject();
        if (f.proto == 6) {
            // Suricata keeps flags and state in the TCP session: a flow without one reports "00" and no state
            g.writeFieldName(TCP);
            g.writeStartObject();
            int all = f.tcpSession ? f.tcpFlags() : 0;
            g.writeFieldName(TCP_FLAGS);
            g.writeString(hex2(all));
            g.writeFieldName(TCP_FLAGS_TS);
            g.writeString(hex2(f.tcpSession ? (rev ? f.tcpFlagsToClient : f.tcpFlagsToServer) : 0));
            g.writeFieldName(TCP_FLAGS_TC);
            g.writeString(hex2(f.tcpSession ? (rev ? f.tcpFlagsToServer : f.tcpFlagsToClient) : 0));
            writeFlags(g, all);
            if (f.tcpSession) {
                g.writeFieldName(STATE);
                g.writeString(f.tcpState.label());
            }
            g.writeEndObject();
        }
        if (communityId != null) {
            g.writeFieldName(COMMUNITY_ID);
            g.writeString(communityId);
        }
        w.end();
    }

    private static void writeFlags(JsonGenerator g, int flags) throws IOException {
        for (int bit = 0; bit < 8; bit++) {
            if ((flags & (1 << bit)) != 0) {
                g.writeFieldName(FLAG_NAMES[bit]);
                g.writeBoolean(true);
            }
        }
    }

    static String hex2(int v) {
        return HEX2[v & 0xFF];
    }
}
