package dev.vigil.applayer.smb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
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
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("event_type", record.eventType());
                record.writeFields(g);
                g.writeEndObject();
            }
            return JSON.readTree(w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TCP streams of {@code pcap} that tshark sees SMB in, each direction's bytes in capture order. */
    static List<Stream> streams(Path pcap) {
        Tools.require("tshark");
        Set<Integer> idx = new LinkedHashSet<>();
        for (String l : Tools.run(120, "tshark", "-r", pcap.toString(), "-Y", "nbss || smb || smb2",
                "-T", "fields", "-e", "tcp.stream").lines()) {
            if (!l.isBlank()) idx.add(Integer.parseInt(l.trim()));
        }
        List<Stream> out = new ArrayList<>();
        List<Integer> all = new ArrayList<>(idx);
        for (int from = 0; from < all.size(); from += 100) {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-q"));
            for (int i : all.subList(from, Math.min(all.size(), from + 100))) {
                cmd.add("-z");
                cmd.add("follow,tcp,raw," + i);
            }
            out.addAll(parseFollow(Tools.run(300, cmd.toArray(String[]::new)).lines()));
        }
        return out;
    }

    private static List<Stream> parseFollow(List<String> lines) {
        List<Stream> out = new ArrayList<>();
        List<Segment> cur = null;
        boolean node0Server = false;
        int index = -1;
        String node0 = null;
        for (String l : lines) {
            if (l.startsWith("Filter: tcp.stream eq ")) {
                index = Integer.parseInt(l.substring("Filter: tcp.stream eq ".length()).trim());
                cur = new ArrayList<>();
                out.add(new Stream(index, cur));
            } else if (l.startsWith("Node 0: ")) {
                node0 = l.substring(8).trim();
                node0Server = node0.endsWith(":445") || node0.endsWith(":139");
            } else if (l.startsWith("Node 1: ")) {
                String node1 = l.substring(8).trim();
                boolean node1Server = node1.endsWith(":445") || node1.endsWith(":139");
                // Neither on a well-known port (SMB on port 80): the first speaker is the client.
                if (!node0Server && !node1Server) node0Server = false;
            } else if (cur != null && !l.isBlank() && !l.startsWith("=")) {
                boolean fromNode1 = l.startsWith("\t");
                String hex = l.trim();
                if (!hex.matches("[0-9a-fA-F]+")) continue;
                boolean toServer = fromNode1 == node0Server;
                cur.add(new Segment(toServer, HexFormat.of().parseHex(hex)));
            }
        }
        return out;
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
