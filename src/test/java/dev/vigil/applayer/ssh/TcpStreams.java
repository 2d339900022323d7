package dev.vigil.applayer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.AppParser;
import dev.vigil.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembled TCP streams of a capture, per direction and in the order the bytes went, as tshark's
 * {@code -z follow,tcp,raw,N} gives them: the parser tests feed them to a parser without the pipeline.
 * The client is the sender of the SYN, else tshark's first node. Shared by the SSH, SMTP and FTP tests.
 */
public final class TcpStreams {
    private TcpStreams() {}

    /** Bytes one way, or (gap > 0) bytes of that direction missing from the capture. */
    public record Chunk(boolean toServer, byte[] data, long gap) {
        public Chunk(boolean toServer, byte[] data) { this(toServer, data, 0); }
    }

    private static final java.util.regex.Pattern GAP = java.util.regex.Pattern.compile("^\\[(\\d+) bytes missing in capture file\\]\u0000?");

    /** {@code client} and {@code server} as "address:port". */
    public record Stream(int index, String client, String server, List<Chunk> chunks) {
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
    }

    /** True when the protocol's probe matches the first bytes of either direction, as the dispatcher asks it. */
    public static boolean probes(dev.vigil.applayer.AppProtocol proto, Stream s) {
        boolean[] asked = new boolean[2];
        for (Chunk c : s.chunks()) {
            int d = c.toServer() ? 0 : 1;
            if (asked[d]) continue;
            asked[d] = true;
            if (proto.probe(c.toServer(), c.data(), 0, c.data().length, s.clientPort(), s.serverPort()) == dev.vigil.applayer.Probe.MATCH) return true;
        }
        return false;
    }

    /** Indexes of the TCP streams with a packet matching the display filter. */
    public static List<Integer> streams(Path pcap, String filter, String... tsharkArgs) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString()));
        cmd.addAll(List.of(tsharkArgs));
        cmd.addAll(List.of("-Y", filter, "-T", "fields", "-e", "tcp.stream"));
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String l : Tools.run(300, cmd.toArray(String[]::new)).lines()) if (!l.isBlank()) out.add(Integer.parseInt(l.trim()));
        return new ArrayList<>(out);
    }

    public static Map<Integer, Stream> follow(Path pcap, Collection<Integer> indexes, String... tsharkArgs) {
        Tools.require("tshark");
        Map<Integer, String> synSender = new HashMap<>();
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString()));
        cmd.addAll(List.of(tsharkArgs));
        cmd.addAll(List.of("-Y", "tcp.flags.syn==1 && tcp.flags.ack==0", "-T", "fields", "-E", "separator=|",
                "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport"));
        for (String l : Tools.run(300, cmd.toArray(String[]::new)).lines()) {
            String[] f = l.split("\\|", -1);
            if (f.length < 4 || f[0].isBlank()) continue;
            String addr = last(f[1].isEmpty() ? f[2] : f[1]);
            synSender.putIfAbsent(Integer.parseInt(f[0].trim()), addr + ":" + f[3]);
        }
        Map<Integer, Stream> out = new TreeMap<>();
        List<Integer> all = new ArrayList<>(indexes);
        for (int from = 0; from < all.size(); from += 50) {
            cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-q"));
            cmd.addAll(List.of(tsharkArgs));
            for (int i : all.subList(from, Math.min(all.size(), from + 50))) cmd.addAll(List.of("-z", "follow,tcp,raw," + i));
            parse(Tools.run(600, cmd.toArray(String[]::new)).lines(), synSender, out);
        }
        return out;
    }

    /** The last of a comma-separated field (tunnels give the outer addresses first). */
    private static String last(String s) {
        int c = s.lastIndexOf(',');
        return c < 0 ? s : s.substring(c + 1);
    }

    private static void parse(List<String> lines, Map<Integer, String> synSender, Map<Integer, Stream> out) {
        HexFormat hex = HexFormat.of();
        int index = -1;
        String node0 = null, node1 = null;
        List<String[]> raw = null;
        for (String l : lines) {
            if (l.startsWith("Filter: tcp.stream eq ")) {
                index = Integer.parseInt(l.substring("Filter: tcp.stream eq ".length()).trim());
                raw = new ArrayList<>();
            } else if (l.startsWith("Node 0: ")) {
                node0 = node(l.substring(8));
            } else if (l.startsWith("Node 1: ")) {
                node1 = node(l.substring(8));
            } else if (l.startsWith("=====")) {
                if (raw != null && index >= 0) {
                    String client = synSender.getOrDefault(index, node0);
                    boolean node0IsClient = client.equals(node0) || !client.equals(node1);
                    List<Chunk> chunks = new ArrayList<>();
                    for (String[] r : raw) {
                        boolean fromNode0 = r[0].isEmpty();
                        byte[] data = hex.parseHex(r[1]);
                        boolean toServer = fromNode0 == node0IsClient;
                        // tshark writes a hole in the stream as a text marker in the data
                        var m = GAP.matcher(new String(data, 0, Math.min(data.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1));
                        if (m.find()) {
                            chunks.add(new Chunk(toServer, new byte[0], Long.parseLong(m.group(1))));
                            data = java.util.Arrays.copyOfRange(data, m.end(), data.length);
                            if (data.length == 0) continue;
                        }
                        chunks.add(new Chunk(toServer, data));
                    }
                    out.put(index, new Stream(index, node0IsClient ? node0 : node1, node0IsClient ? node1 : node0, chunks));
                    raw = null;
                    index = -1;
                }
            } else if (raw != null && !l.isBlank() && !l.startsWith("Follow:")) {
                boolean tab = l.startsWith("\t");
                raw.add(new String[] {tab ? "1" : "", l.trim()});
            }
        }
        assertThat(out).as("tshark follow output").isNotNull();
    }

    private static String node(String s) {
        s = s.trim();
        int c = s.lastIndexOf(':');
        String addr = s.substring(0, c).replace("[", "").replace("]", "");
        return addr + s.substring(c);
    }
}
