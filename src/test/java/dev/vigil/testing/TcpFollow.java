package dev.vigil.testing;

import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TCP streams of a capture as tshark reassembles them ({@code -z follow,tcp,raw,N}): each direction's bytes
 * in capture order, what a parser would get from Vigil's reassembly. The parser tests feed them to a parser
 * without the pipeline, and compare with tshark's own dissection of the same streams.
 *
 * <p>tshark's start-up dominates on the small captures most tests read, so a fields query asked through
 * {@link #query} carries follow taps for every stream the capture can have (its packet count bounds the
 * stream indexes) when it is small: one tshark run then answers both "which streams" and "what bytes". A
 * stream the query did not follow is followed afterwards, many per run. Everything goes through
 * {@link TsharkCache}.
 */
public final class TcpFollow {
    private TcpFollow() {}

    /** Captures up to this many packets have all their streams followed in the query's own tshark run. */
    static final int FOLLOW_ALL_MAX_PACKETS = 1000;
    /** Follow taps per tshark run: each one filters every packet, so a run costs packets x taps. */
    static final int BATCH = 200;

    /** Bytes sent by one node: tshark's node 0 is the sender of the first packet it saw. */
    public record Segment(boolean fromNode0, byte[] data) {}

    /** A followed stream; {@code node0}/{@code node1} as "address:port" (IPv6 without brackets). */
    public record Stream(int index, String node0, String node1, List<Segment> segments) {
        /** Everything one node sent, concatenated. */
        public byte[] bytes(boolean fromNode0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Segment s : segments) if (s.fromNode0() == fromNode0) out.writeBytes(s.data());
            return out.toByteArray();
        }

        /**
         * The stream seen from its client. tshark writes a hole in the stream as a text marker at the start
         * of the bytes that follow it; with {@code splitGaps} the marker becomes a {@link Chunk} with a gap.
         */
        public Conversation conversation(boolean node0IsClient, boolean splitGaps) {
            List<Chunk> chunks = new ArrayList<>();
            for (Segment s : segments) {
                boolean toServer = s.fromNode0() == node0IsClient;
                byte[] data = s.data();
                if (splitGaps) {
                    Matcher m = GAP.matcher(new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1));
                    if (m.find()) {
                        chunks.add(new Chunk(toServer, new byte[0], Long.parseLong(m.group(1))));
                        data = Arrays.copyOfRange(data, m.end(), data.length);
                        if (data.length == 0) continue;
                    }
                }
                chunks.add(new Chunk(toServer, data));
            }
            return new Conversation(index, node0IsClient ? node0 : node1, node0IsClient ? node1 : node0, chunks);
        }
    }

    private static final Pattern GAP = Pattern.compile("^\\[(\\d+) bytes missing in capture file\\]\u0000?");

    /** Bytes one way, or (gap > 0) bytes of that direction missing from the capture. */
    public record Chunk(boolean toServer, byte[] data, long gap) {
        public Chunk(boolean toServer, byte[] data) { this(toServer, data, 0); }
    }

    /** A stream oriented client to server; {@code client} and {@code server} as "address:port". */
    public record Conversation(int index, String client, String server, List<Chunk> chunks) {
        /** Feeds every chunk (gaps as gaps) in order until the parser is done, then closes it. */
        public void feed(AppParser parser) {
            for (Chunk c : chunks) {
                if (parser.done()) break;
                if (c.gap() > 0) parser.onGap(c.toServer(), c.gap());
                else parser.onData(c.toServer(), c.data(), 0, c.data().length);
            }
            parser.onClose();
        }

        public int clientPort() { return Integer.parseInt(client.substring(client.lastIndexOf(':') + 1)); }
        public int serverPort() { return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)); }

        /** True when the protocol's probe matches the first bytes of either direction, as the dispatcher asks it. */
        public boolean probes(AppProtocol proto) {
            boolean[] asked = new boolean[2];
            for (Chunk c : chunks) {
                int d = c.toServer() ? 0 : 1;
                if (asked[d]) continue;
                asked[d] = true;
                if (proto.probe(c.toServer(), c.data(), 0, c.data().length, clientPort(), serverPort()) == Probe.MATCH) return true;
            }
            return false;
        }
    }

    /** A fields query's output lines, and the streams of its capture, followed in the same run when small. */
    public static final class Query {
        private final Path capture;
        private final List<String> options;
        private final List<String> lines;
        private final int followedBelow;
        private final Map<Integer, Stream> followed;

        private Query(Path capture, List<String> options, List<String> lines, int followedBelow, Map<Integer, Stream> followed) {
            this.capture = capture;
            this.options = options;
            this.lines = lines;
            this.followedBelow = followedBelow;
            this.followed = followed;
        }

        /** The query's own output, as if it had run alone. */
        public List<String> lines() {
            return lines;
        }

        /** The streams asked for, by index (a stream tshark does not know comes back empty). */
        public Map<Integer, Stream> streams(Collection<Integer> indexes) {
            Map<Integer, Stream> out = new TreeMap<>();
            List<Integer> missing = new ArrayList<>();
            for (int i : new TreeSet<>(indexes)) {
                if (i < followedBelow) out.put(i, followed.getOrDefault(i, new Stream(i, ":0", ":0", List.of())));
                else missing.add(i);
            }
            if (!missing.isEmpty()) out.putAll(follow(capture, missing, options));
            return out;
        }
    }

    /**
     * Runs {@code tshark <options> -r capture <fields>} where {@code fields} is a {@code -T fields} query (its
     * display filter, fields and separators) and {@code options} what changes the dissection ({@code -n},
     * {@code -d ...}, {@code -o ...}), also used to follow streams later.
     */
    public static Query query(Path capture, List<String> options, List<String> fields) {
        Tools.require("tshark");
        if (!fields.contains("fields")) throw new IllegalArgumentException("not a -T fields query: " + fields);
        List<String> cmd = new ArrayList<>();
        cmd.add("tshark");
        cmd.addAll(options);
        cmd.addAll(List.of("-r", capture.toString()));
        cmd.addAll(fields);
        int all = streamBound(capture);
        for (int i = 0; i < all; i++) cmd.addAll(List.of("-z", "follow,tcp,raw," + i));
        List<String> lines = TsharkCache.run(capture, cmd).lines();
        if (all == 0) return new Query(capture, options, lines, 0, Map.of());
        // the taps print after the packets, each block opening with a blank line and a rule
        int split = lines.size();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("=====") && lines.get(i + 1).startsWith("Follow: tcp,")) {
                split = i;
                break;
            }
        }
        List<String> own = new ArrayList<>(lines.subList(0, split));
        if (split < lines.size() && !own.isEmpty() && own.getLast().isEmpty()) own.removeLast();
        return new Query(capture, options, own, all, parse(lines.subList(split, lines.size())));
    }

    /** The streams asked for, many per tshark run. */
    public static Map<Integer, Stream> follow(Path capture, Collection<Integer> indexes, List<String> options) {
        Tools.require("tshark");
        Map<Integer, Stream> out = new TreeMap<>();
        List<Integer> all = new ArrayList<>(new TreeSet<>(indexes));
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> cmd = new ArrayList<>();
            cmd.add("tshark");
            cmd.addAll(options);
            cmd.addAll(List.of("-r", capture.toString(), "-q"));
            for (int i : all.subList(from, Math.min(all.size(), from + BATCH))) cmd.addAll(List.of("-z", "follow,tcp,raw," + i));
            out.putAll(parse(TsharkCache.run(capture, cmd).lines()));
        }
        return out;
    }

    /**
     * The streams with a packet matching {@code filter}, seen from their clients ({@link #conversations}): one
     * tshark run for the indexes and (small captures) the bytes, one for the SYN senders.
     */
    public static Map<Integer, Conversation> matching(Path capture, String filter, List<String> options) {
        Query q = query(capture, options, List.of("-Y", filter, "-T", "fields", "-e", "tcp.stream"));
        TreeSet<Integer> idx = new TreeSet<>();
        for (String l : q.lines()) if (!l.isBlank()) idx.add(Integer.parseInt(l.trim()));
        return conversations(capture, q.streams(idx), options);
    }

    /** Streams oriented from the sender of their SYN, else from tshark's node 0; holes become gaps. */
    public static Map<Integer, Conversation> conversations(Path capture, Map<Integer, Stream> streams, List<String> options) {
        Map<Integer, String> syn = streams.isEmpty() ? Map.of() : synSenders(capture, options);
        Map<Integer, Conversation> out = new TreeMap<>();
        for (Stream s : streams.values()) {
            String client = syn.getOrDefault(s.index(), s.node0());
            boolean node0IsClient = client.equals(s.node0()) || !client.equals(s.node1());
            out.put(s.index(), s.conversation(node0IsClient, true));
        }
        return out;
    }

    /**
     * Who sent the SYN (without ACK) of each stream, "address:port" (the innermost address when tunnelled):
     * the client, whoever tshark saw first.
     */
    public static Map<Integer, String> synSenders(Path capture, List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add("tshark");
        cmd.addAll(options);
        cmd.addAll(List.of("-r", capture.toString(), "-Y", "tcp.flags.syn==1 && tcp.flags.ack==0", "-T", "fields",
                "-E", "separator=|", "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport"));
        Map<Integer, String> out = new HashMap<>();
        for (String l : TsharkCache.run(capture, cmd).lines()) {
            String[] f = l.split("\\|", -1);
            if (f.length < 4 || f[0].isBlank()) continue;
            String addr = last(f[1].isEmpty() ? f[2] : f[1]);
            out.putIfAbsent(Integer.parseInt(f[0].trim()), addr + ":" + f[3]);
        }
        return out;
    }

    /** The last of a comma-separated field (tunnels give the outer addresses first). */
    private static String last(String s) {
        int c = s.lastIndexOf(',');
        return c < 0 ? s : s.substring(c + 1);
    }

    /** The packets of a capture bound its stream indexes; 0 (follow nothing) when it is large or unreadable. */
    private static int streamBound(Path capture) {
        try (CaptureFile cf = CaptureFile.open(capture); PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            int n = 0;
            while (src.next(f)) if (++n > FOLLOW_ALL_MAX_PACKETS) return 0;
            return n;
        } catch (Exception e) {
            return 0;
        }
    }

    /** tshark's follow output: a block per stream, a rule, header lines, a rule, hex lines (node 1's indented), a rule. */
    static Map<Integer, Stream> parse(List<String> lines) {
        HexFormat hex = HexFormat.of();
        Map<Integer, Stream> out = new TreeMap<>();
        int index = -1;
        String node0 = null, node1 = null;
        List<Segment> segs = null;
        for (String l : lines) {
            if (l.startsWith("Filter: tcp.stream eq ")) {
                index = Integer.parseInt(l.substring("Filter: tcp.stream eq ".length()).trim());
                segs = new ArrayList<>();
                node0 = node1 = null;
            } else if (segs == null) {
                continue;
            } else if (l.startsWith("Node 0: ")) {
                node0 = node(l.substring(8));
            } else if (l.startsWith("Node 1: ")) {
                node1 = node(l.substring(8));
            } else if (l.startsWith("=====")) {
                if (node0 != null && node1 != null) {
                    out.put(index, new Stream(index, node0, node1, List.copyOf(segs)));
                    segs = null;
                }
            } else if (!l.isBlank() && !l.startsWith("Follow:")) {
                String h = l.strip();
                if ((h.length() & 1) != 0 || !isHex(h)) continue;
                segs.add(new Segment(!l.startsWith("\t"), hex.parseHex(h)));
            }
        }
        return out;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.digit(s.charAt(i), 16) < 0) return false;
        return true;
    }

    private static String node(String s) {
        return s.strip().replace("[", "").replace("]", "");
    }
}
