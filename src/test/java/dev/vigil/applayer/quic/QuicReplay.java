package dev.vigil.applayer.quic;

import dev.vigil.testing.TsharkCache;
import dev.vigil.testing.EveJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.Probe;
import dev.vigil.flow.Flow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the UDP payloads of a capture to {@link QuicProtocol} the way the app-layer does: per flow (the
 * first packet's sender is the client), probe until a match, then one datagram per call. Payloads come
 * from tshark, so this needs no part of Vigil's pipeline.
 */
final class QuicReplay {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One emitted record with its flow and packet. */
    record Out(String flow, long frame, JsonNode json, boolean fromServer) {}

    /** One UDP flow: its client endpoint first. */
    static final class FlowState implements AppContext {
        final String key;
        final Flow flow = new Flow();
        final List<Out> out;
        final List<String> anomalies = new ArrayList<>();
        AppParser parser;
        boolean refused;
        long frame;

        FlowState(String key, List<Out> out) {
            this.key = key;
            this.out = out;
        }

        @Override public Flow flow() { return flow; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return frame; }
        @Override public void anomaly(String event) { anomalies.add(event); }

        @Override
        public void emit(AppRecord r) {
            out.add(new Out(key, frame, EveJson.fields(r), r.fromServer()));
        }
    }

    final Map<String, FlowState> flows = new LinkedHashMap<>();
    final List<Out> records = new ArrayList<>();

    static QuicReplay of(Path capture) {
        Tools.require("tshark");
        TsharkCache.Output r = TsharkCache.run(capture, List.of("tshark", "-r", capture.toString(), "-Y", "udp", "-T", "fields",
                "-E", "separator=|", "-e", "frame.number", "-e", "ip.src", "-e", "ipv6.src", "-e", "udp.srcport",
                "-e", "ip.dst", "-e", "ipv6.dst", "-e", "udp.dstport", "-e", "udp.payload",
                "-o", "udp.try_heuristic_first:FALSE"));
        QuicReplay q = new QuicReplay();
        QuicProtocol proto = new QuicProtocol();
        for (String line : r.lines()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 8 || f[7].isEmpty()) continue;
            // Tunnels (GRE, IP in IP) list several addresses: keep the innermost.
            String src = last(f[1].isEmpty() ? f[2] : f[1]) + ":" + last(f[3]);
            String dst = last(f[4].isEmpty() ? f[5] : f[4]) + ":" + last(f[6]);
            String fwd = src + " -> " + dst, rev = dst + " -> " + src;
            FlowState st = q.flows.get(rev);
            boolean toServer = false;
            if (st == null) {
                st = q.flows.computeIfAbsent(fwd, k -> new FlowState(k, q.records));
                toServer = true;
            }
            st.frame = Long.parseLong(f[0]);
            byte[] payload = HexFormat.of().parseHex(last(f[7]));
            if (st.refused) continue;
            if (st.parser == null) {
                Probe p = proto.probe(toServer, payload, 0, payload.length, 0, 0);
                if (p == Probe.NO) {
                    st.refused = true;
                    continue;
                }
                if (p == Probe.NEED_MORE) continue;
                st.parser = proto.newParser(st);
            }
            if (!st.parser.done()) st.parser.onData(toServer, payload, 0, payload.length);
        }
        for (FlowState st : q.flows.values()) if (st.parser != null) st.parser.onClose();
        return q;
    }

    private static String last(String commaList) {
        int i = commaList.lastIndexOf(',');
        return i < 0 ? commaList : commaList.substring(i + 1);
    }
}
