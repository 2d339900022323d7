package dev.vigil.applayer.http;

import dev.vigil.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP streams of a capture reassembled by tshark ({@code -z follow,tcp,raw,N}), as the segments of each
 * direction in capture order: what a parser would receive from Vigil's reassembly.
 */
final class TsharkStreams {
    private TsharkStreams() {}

    /** One segment of a conversation: its direction and bytes. */
    record Segment(boolean fromNode0, byte[] data) {}

    /** A followed stream: node 0 is the side that sent the stream's first packet. */
    record Conversation(int stream, List<Segment> segments) {
        byte[] bytes(boolean node0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Segment s : segments) if (s.fromNode0() == node0) out.writeBytes(s.data());
            return out.toByteArray();
        }
    }

    static final int BATCH = 150;

    /** The streams, followed in batches of {@link #BATCH} per tshark run. */
    static Map<Integer, Conversation> follow(Path capture, List<Integer> streams) {
        Map<Integer, Conversation> out = new LinkedHashMap<>();
        for (int i = 0; i < streams.size(); i += BATCH) {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-q"));
            for (int s : streams.subList(i, Math.min(streams.size(), i + BATCH))) {
                cmd.add("-z");
                cmd.add("follow,tcp,raw," + s);
            }
            parse(Tools.run(600, cmd.toArray(String[]::new)).stdout(), out);
        }
        return out;
    }

    private static void parse(String text, Map<Integer, Conversation> out) {
        HexFormat hex = HexFormat.of();
        Conversation cur = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Filter: tcp.stream eq ")) {
                int s = Integer.parseInt(line.substring("Filter: tcp.stream eq ".length()).trim());
                cur = new Conversation(s, new ArrayList<>());
                out.put(s, cur);
            } else if (cur == null || line.startsWith("=") || line.startsWith("Follow:") || line.startsWith("Node ") || line.isBlank()) {
                continue;
            } else {
                boolean node1 = line.startsWith("\t");
                String h = line.strip();
                if (h.isEmpty() || (h.length() & 1) != 0 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) continue;
                cur.segments().add(new Segment(!node1, hex.parseHex(h)));
            }
        }
    }
}
