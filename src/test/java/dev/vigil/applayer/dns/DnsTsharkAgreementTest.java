package dev.vigil.applayer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.applayer.Probe;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tshark is the oracle: over every corpus capture that has DNS (MANIFEST protocols column), each
 * question name, message id and QR flag tshark reports must be what the parser finds, for at least 99%
 * of tshark's values. UDP: each datagram tshark decodes as DNS is parsed on its own. TCP: each stream
 * with DNS is reassembled by tshark ({@code follow,tcp,raw}) and fed through {@link DnsParser} in the
 * chunks tshark gives, so the length-prefix framing is exercised on real segment boundaries.
 */
class DnsTsharkAgreementTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void questionNamesIdsAndFlagsAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(Corpus.pcapDir().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f.length > 8 && f[8].matches("(^|.*,)(dns|mdns|llmnr):.*")) files.add(Corpus.file(f[0]));
        }
        Tally t = new Tally();
        for (Path f : files) {
            udp(f, t);
            tcp(f, t);
        }
        System.out.println("DNS vs tshark over " + files.size() + " captures: " + t);
        t.mismatches.stream().limit(40).forEach(m -> System.out.println("  mismatch " + m));
        assertThat(t.udpMessages + t.tcpMessages).as("DNS messages compared").isGreaterThan(1000);
        assertThat(t.agree).as("tshark values the parser agrees with (" + t + ")").isGreaterThanOrEqualTo((long) Math.ceil(t.total * 0.99));
        assertThat(t.probeMatched).as("UDP DNS datagrams the content probe accepts").isGreaterThanOrEqualTo((long) Math.ceil(t.udpMessages * 0.98));
    }

    private void udp(Path f, Tally t) {
        List<String> lines = Tools.run(300, "tshark", "-r", f.toString(), "-Y", "dns && udp && !icmp && !icmpv6", "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=/s",
                "-e", "udp.payload", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "dns.id", "-e", "dns.flags.response",
                "-e", "dns.qry.name").lines();
        List<String> anomalies = new ArrayList<>();
        DnsMessageParser parser = new DnsMessageParser(anomalies::add);
        for (String line : lines) {
            String[] c = line.split("\t", -1);
            if (c.length < 6 || c[0].isEmpty() || c[0].contains(" ") || c[3].contains(" ")) continue; // nested UDP (tunnels) skipped
            byte[] payload = HEX.parseHex(c[0]);
            int sport = Integer.parseInt(c[1]), dport = Integer.parseInt(c[2]);
            boolean response = c[4].equals("1") || c[4].equalsIgnoreCase("True");
            t.udpMessages++;
            Probe p = new DnsProtocol().probe(!response, payload, 0, payload.length, response ? dport : sport, response ? sport : dport);
            if (p == Probe.MATCH) t.probeMatched++;
            else t.mismatches.add("probe " + p + " " + f.getFileName() + " " + c[3]);
            DnsMessage m = parser.parse(payload, 0, payload.length);
            List<String> names = new ArrayList<>();
            if (m != null) for (DnsMessage.Question q : m.questions) names.add(EveText.of(q.name()));
            compare(t, f, Integer.decode(c[3]), response, c[5], m == null ? -1 : m.id, m != null && m.response(), names);
        }
    }

    private void tcp(Path f, Tally t) {
        Map<Integer, List<String[]>> expected = new HashMap<>();
        for (String line : Tools.run(300, "tshark", "-r", f.toString(), "-Y", "dns && tcp", "-T", "fields", "-E", "separator=/t",
                "-E", "occurrence=a", "-E", "aggregator=/s", "-e", "tcp.stream", "-e", "dns.id", "-e", "dns.flags.response",
                "-e", "dns.qry.name").lines()) {
            String[] c = line.split("\t", -1);
            if (c.length < 4 || c[0].isEmpty()) continue;
            // one packet may complete several messages: ids and flags come as lists, names in order
            expected.computeIfAbsent(Integer.parseInt(c[0]), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Integer, List<String[]>> e : expected.entrySet()) {
            RecordingContext ctx = new RecordingContext(6);
            DnsParser parser = new DnsParser(ctx, 3);
            for (String line : Tools.run(300, "tshark", "-r", f.toString(), "-q", "-z", "follow,tcp,raw," + e.getKey()).lines()) {
                if (line.isEmpty() || line.startsWith("=") || line.contains(":")) continue;
                boolean fromServer = line.startsWith("\t");
                byte[] data = HEX.parseHex(line.strip());
                parser.onData(!fromServer, data, 0, data.length);
            }
            parser.onClose();
            List<ObjectNode> got = new ArrayList<>(ctx.records);
            for (String[] c : e.getValue()) {
                String[] ids = c[1].split(" "), flags = c[2].split(" ");
                List<String> names = new ArrayList<>(List.of(c[3].split(" ", -1)));
                for (int i = 0; i < ids.length; i++) {
                    t.tcpMessages++;
                    int id = Integer.decode(ids[i]);
                    boolean response = i < flags.length && (flags[i].equals("1") || flags[i].equalsIgnoreCase("True"));
                    JsonNode match = null;
                    for (ObjectNode r : got) {
                        if (r.path("dns").path("id").asInt() == id && r.path("dns").path("type").asText().equals(response ? "response" : "request")) {
                            match = r;
                            break;
                        }
                    }
                    String expectedName = names.isEmpty() ? "" : names.removeFirst();
                    if (match == null) {
                        compare(t, f, id, response, expectedName, -1, !response, List.of());
                        continue;
                    }
                    got.remove(match);
                    List<String> ours = new ArrayList<>();
                    for (JsonNode q : match.path("dns").path("queries")) ours.add(q.path("rrname").asText());
                    compare(t, f, id, response, expectedName, id, response, ours.isEmpty() ? ours : ours.subList(0, 1));
                }
            }
        }
    }

    private static void compare(Tally t, Path f, int id, boolean response, String tsharkNames, int ourId, boolean ourResponse, List<String> ours) {
        List<String> names = tsharkNames.isEmpty() ? List.of() : List.of(tsharkNames.split(" ", -1));
        t.total += 2 + names.size();
        if (id == ourId) t.agree++;
        else t.mismatches.add(f.getFileName() + " id " + id + " vs " + ourId);
        if (response == ourResponse) t.agree++;
        else t.mismatches.add(f.getFileName() + " qr " + response);
        for (int i = 0; i < names.size(); i++) {
            String want = names.get(i).equals("<Root>") ? "<root>" : names.get(i);
            String got = i < ours.size() ? ours.get(i) : null;
            if (want.equals(got)) t.agree++;
            else t.mismatches.add(f.getFileName() + " name [" + want + "] vs [" + got + "]");
        }
    }

    static final class Tally {
        long total, agree, udpMessages, tcpMessages, probeMatched;
        final List<String> mismatches = new ArrayList<>();

        @Override
        public String toString() {
            return String.format("%d/%d tshark values agree (%.3f%%), %d UDP + %d TCP messages, probe accepted %d/%d UDP DNS datagrams",
                    agree, total, total == 0 ? 0.0 : 100.0 * agree / total, udpMessages, tcpMessages, probeMatched, udpMessages);
        }
    }
}
