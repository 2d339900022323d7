package dev.vigil.applayer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.TsharkCache;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Identification strings and HASSH of every SSH connection in the corpus against tshark, and the
 * HASSH values the corpus's EXPECTED-VALUES.tsv records (from FoxIO's JA4+ snapshots, Arkime and
 * suricata-verify). The parser sees each connection's bytes as tshark reassembles them.
 */
class SshCorpusTest {
    /** Captures whose SSH runs on a port tshark does not decode as SSH by itself. */
    static final Map<String, String[]> DECODE_AS = Map.of(
            "ssh/zeek-ssh-on-port-80.pcap", new String[] {"-d", "tcp.port==80,ssh"},
            "ssh/zeek-ssh_kex_mlkem.pcap", new String[] {"-d", "tcp.port==2299,ssh"});

    record Seen(String clientBanner, String serverBanner, String hassh, String hasshServer, String hasshString, String hasshServerString) {}

    static List<String> captures() throws IOException {
        List<String> out = new ArrayList<>();
        Path root = Corpus.pcapDir();
        for (String line : Files.readAllLines(root.resolve("MANIFEST.tsv")).subList(1, Files.readAllLines(root.resolve("MANIFEST.tsv")).size())) {
            String[] f = line.split("\t");
            if (f.length > 8 && (f[0].startsWith("ssh/") || f[8].matches("(^|.*,)ssh:.*"))) out.add(f[0]);
        }
        return out;
    }

    /** Our view of every SSH connection of a capture, keyed by "client -> server". */
    static final Map<String, Map<String, Seen>> CACHE = new HashMap<>();

    static Map<String, Seen> ours(Path pcap, String[] args, JsonSchema schema, List<String> violations) {
        String key = pcap + String.join(" ", args);
        Map<String, Seen> cached = CACHE.get(key);
        if (cached != null) return cached;
        // the connections where either side's first bytes are "SSH-", and those tshark calls SSH
        Map<String, Seen> out = new LinkedHashMap<>();
        SshProtocol proto = new SshProtocol();
        for (TcpFollow.Conversation s : TcpFollow.matching(pcap, "ssh || tcp.payload[0:4] == 53:53:48:2d", List.of(args)).values()) {
            if (s.chunks().isEmpty()) continue;
            if (!s.probes(proto)) continue;
            RecordingContext ctx = new RecordingContext();
            SshParser p = (SshParser) proto.newParser(ctx);
            s.feed(p);
            assertThat(ctx.records).as(pcap + " stream " + s.index()).hasSize(1);
            SshRecord r = (SshRecord) ctx.records.getFirst();
            JsonNode line = EveJson.line(r);
            var errs = schema.validate(line);
            if (!errs.isEmpty()) violations.add(pcap.getFileName() + ": " + errs + " " + line);
            out.put(s.client() + " -> " + s.server(), new Seen(text(r.clientBanner()), text(r.serverBanner()),
                    r.clientHassh() == null ? null : r.clientHassh().hash(), r.serverHassh() == null ? null : r.serverHassh().hash(),
                    r.clientHassh() == null ? null : r.clientHassh().string(), r.serverHassh() == null ? null : r.serverHassh().string()));
        }
        CACHE.put(key, out);
        return out;
    }

    static String text(SshBanner b) {
        if (b == null) return null;
        return "SSH-" + b.protoVersion() + "-" + b.softwareVersion() + (b.comments() == null ? "" : " " + b.comments());
    }

    /** tshark's view, keyed like {@link #ours}; the client is the SYN's sender, as in {@link TcpFollow#conversations}. */
    static Map<String, Seen> tshark(Path pcap, String[] args, Map<String, Seen> ours) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-Y", "ssh.protocol || ssh.kex.hassh || ssh.kex.hasshserver", "-T", "fields", "-E", "separator=|", "-E", "occurrence=l",
                "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport",
                "-e", "ssh.protocol", "-e", "ssh.kex.hassh", "-e", "ssh.kex.hasshserver", "-e", "ssh.kex.hassh_algorithms", "-e", "ssh.kex.hasshserver_algorithms"));
        Map<String, String[]> acc = new LinkedHashMap<>();
        for (String l : TsharkCache.run(pcap, cmd).lines()) {
            String[] f = l.split("\\|", -1);
            if (f.length < 11) continue;
            String src = (f[0].isEmpty() ? f[1] : f[0]) + ":" + f[2], dst = (f[3].isEmpty() ? f[4] : f[3]) + ":" + f[5];
            String key = ours.containsKey(dst + " -> " + src) ? dst + " -> " + src : src + " -> " + dst;
            boolean fromClient = key.startsWith(src + " ->");
            String[] v = acc.computeIfAbsent(key, k -> new String[6]);
            if (!f[6].isEmpty()) { if (fromClient && v[0] == null) v[0] = f[6]; else if (!fromClient && v[1] == null) v[1] = f[6]; }
            if (!f[7].isEmpty() && v[2] == null) { v[2] = f[7]; v[4] = f[9]; }
            if (!f[8].isEmpty() && v[3] == null) { v[3] = f[8]; v[5] = f[10]; }
        }
        Map<String, Seen> out = new LinkedHashMap<>();
        acc.forEach((k, v) -> out.put(k, new Seen(v[0], v[1], v[2], v[3], v[4], v[5])));
        return out;
    }

    @Test
    void bannersAndHasshAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        JsonSchema schema = EveJson.schema("ssh");
        List<String> violations = new ArrayList<>(), disagreements = new ArrayList<>(), tsharkMissing = new ArrayList<>();
        int connections = 0, banners = 0, hasshes = 0, files = 0;
        for (String rel : captures()) {
            Path pcap = Corpus.file(rel);
            if (rel.contains("ssh-over-udp")) continue; // SSH over UDP is not SSH for a TCP parser
            String[] args = DECODE_AS.getOrDefault(rel, new String[0]);
            files++;
            Map<String, Seen> ours = ours(pcap, args, schema, violations);
            Map<String, Seen> theirs = tshark(pcap, args, ours);
            for (var e : theirs.entrySet()) {
                Seen t = e.getValue(), o = ours.get(e.getKey());
                if (o == null) { disagreements.add(rel + " " + e.getKey() + ": tshark " + t + ", we logged nothing"); continue; }
                connections++;
                String[][] pairs = {{"client banner", t.clientBanner(), o.clientBanner()}, {"server banner", t.serverBanner(), o.serverBanner()},
                        {"hassh", t.hassh(), o.hassh()}, {"hassh_server", t.hasshServer(), o.hasshServer()},
                        {"hassh string", t.hasshString(), o.hasshString()}, {"hassh_server string", t.hasshServerString(), o.hasshServerString()}};
                for (String[] p : pairs) {
                    if (p[1] == null && p[2] == null) continue;
                    if (p[1] == null) { tsharkMissing.add(rel + " " + e.getKey() + " " + p[0] + ": only we have " + p[2]); continue; }
                    if (!p[1].equals(p[2])) disagreements.add(rel + " " + e.getKey() + " " + p[0] + ": tshark " + p[1] + ", ours " + p[2]);
                    else if (p[0].contains("banner")) banners++;
                    else if (!p[0].contains("string")) hasshes++;
                }
            }
        }
        System.out.printf("SSH vs tshark: %d files, %d connections, %d banners and %d HASSH values agree; %d disagreements; %d values tshark lacks%n",
                files, connections, banners, hasshes, disagreements.size(), tsharkMissing.size());
        tsharkMissing.forEach(m -> System.out.println("  tshark lacks: " + m));
        assertThat(violations).as("schema violations").isEmpty();
        assertThat(disagreements).as("disagreements with tshark").isEmpty();
        assertThat(banners).isGreaterThan(50);
        assertThat(hasshes).isGreaterThan(40);
    }

    @Test
    void expectedValuesMatch() throws IOException {
        Tools.require("tshark");
        Path root = Corpus.pcapDir();
        JsonSchema schema = EveJson.schema("ssh");
        Map<String, Map<String, Seen>> byFile = new HashMap<>();
        int rows = 0, agree = 0;
        List<String> wrong = new ArrayList<>();
        try (Stream<String> lines = Files.lines(root.resolve("EXPECTED-VALUES.tsv"))) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                String[] f = line.split("\t");
                String field = f[3];
                if (!field.matches("hassh|hassh_server|ssh_protocol_client|ssh_protocol_server|ssh\\..*hassh.*")) continue;
                rows++;
                Map<String, Seen> ours = byFile.computeIfAbsent(f[0], rel -> ours(root.resolve(rel), new String[0], schema, new ArrayList<>()));
                Seen s = find(ours, f[2]);
                String got = s == null ? null : switch (field) {
                    case "hassh", "ssh.hassh", "ssh.client.hassh.hash" -> s.hassh();
                    case "hassh_server", "ssh.hasshServer", "ssh.server.hassh.hash" -> s.hasshServer();
                    case "ssh_protocol_client" -> s.clientBanner();
                    case "ssh_protocol_server" -> s.serverBanner();
                    default -> "unknown field " + field;
                };
                if (f[4].equals(got)) agree++;
                else wrong.add(f[0] + " " + f[2] + " " + field + ": expected " + f[4] + ", ours " + got);
            }
        }
        System.out.printf("SSH vs EXPECTED-VALUES.tsv: %d/%d rows agree%n", agree, rows);
        wrong.forEach(w -> System.out.println("  " + w));
        assertThat(rows).isEqualTo(47);
        assertThat(wrong).isEmpty();
    }

    /** The connection a row names ("tcp A:pa -> B:pb", or any when the row names none). */
    static Seen find(Map<String, Seen> ours, String flow) {
        if (flow == null || flow.isBlank() || !flow.startsWith("tcp ")) return ours.size() == 1 ? ours.values().iterator().next() : null;
        String key = flow.substring(4).trim();
        Seen s = ours.get(key);
        if (s != null) return s;
        // the row names the client and server as the JA4 tools print IPv6: compare without brackets
        for (var e : ours.entrySet()) if (e.getKey().replace("[", "").replace("]", "").equals(key)) return e.getValue();
        return null;
    }
}
