package dev.vigil.applayer.smb;

import dev.vigil.testing.EveJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import dev.vigil.testing.TcpFollow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Feeds the TCP streams of a capture (reassembled by tshark) to {@link SmbParser}, records what it emits. */
final class SmbTestSupport {
    private SmbTestSupport() {}

    static final ObjectMapper JSON = new ObjectMapper();

    record Segment(boolean toServer, byte[] data) {}

    record Stream(int index, List<Segment> segments) {}

    /** Records as EVE-like JSON ({@code event_type} + the record's fields) and anomaly names. */
    static final class Recorder implements AppContext {
        final List<JsonNode> records = new ArrayList<>();
        final List<String> anomalies = new ArrayList<>();

        @Override public Flow flow() { return null; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return 0; }
        @Override public void anomaly(String event) { anomalies.add(event); }

        @Override
        public void emit(AppRecord record) {
            records.add(render(record));
        }

        List<JsonNode> ofType(String type) {
            return records.stream().filter(r -> r.path("event_type").asText().equals(type)).toList();
        }
    }

    static JsonNode render(AppRecord record) {
        return EveJson.fields(record);
    }

    /** The TCP streams of {@code pcap} that tshark sees SMB in, each direction's bytes in capture order. */
    static List<Stream> streams(Path pcap) {
        TcpFollow.Query q = TcpFollow.query(pcap, List.of(), List.of("-Y", "nbss || smb || smb2", "-T", "fields", "-e", "tcp.stream"));
        Set<Integer> idx = new LinkedHashSet<>();
        for (String l : q.lines()) {
            if (!l.isBlank()) idx.add(Integer.parseInt(l.trim()));
        }
        Map<Integer, TcpFollow.Stream> followed = q.streams(idx);
        // the order these tests have always seen: first appearance, reversed per 100 (tshark prints its
        // follow taps last-registered first, and the streams used to be followed 100 per run)
        List<Integer> all = new ArrayList<>(idx);
        List<Stream> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 100) {
            List<Integer> batch = new ArrayList<>(all.subList(from, Math.min(all.size(), from + 100)));
            java.util.Collections.reverse(batch);
            for (int i : batch) {
                TcpFollow.Stream st = followed.get(i);
                if (st != null) out.add(oriented(st));
            }
        }
        return out;
    }

    /** The client is the node not on port 445/139; with neither on one (SMB on port 80), node 0. */
    private static Stream oriented(TcpFollow.Stream s) {
        boolean node0Server = s.node0().endsWith(":445") || s.node0().endsWith(":139");
        List<Segment> segs = new ArrayList<>();
        for (TcpFollow.Segment seg : s.segments()) segs.add(new Segment(seg.fromNode0() != node0Server, seg.data()));
        return new Stream(s.index(), segs);
    }

    /** Runs one parser over one stream. */
    static Recorder parse(Stream s) {
        Recorder r = new Recorder();
        SmbParser p = new SmbParser(r);
        for (Segment seg : s.segments()) {
            if (p.done()) break;
            p.onData(seg.toServer(), seg.data(), 0, seg.data().length);
        }
        p.onClose();
        return r;
    }

    /** Every record of every SMB stream of a capture. */
    static Recorder parseAll(Path pcap) {
        Recorder all = new Recorder();
        for (Stream s : streams(pcap)) {
            Recorder r = parse(s);
            all.records.addAll(r.records);
            all.anomalies.addAll(r.anomalies);
        }
        return all;
    }
}
