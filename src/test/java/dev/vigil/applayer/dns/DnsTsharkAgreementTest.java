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
    /** Separates the values of a multi-valued tshark field; names may hold spaces, not this control character. */
    static final String AGG = "\u001f";

    @Test
    void questionNamesIdsAndFlagsAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(Corpus.pcapDir().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f.length > 8 && f[0].startsWith(System.getProperty("dns.only", "")) && f[8].matches("(^|.*,)(dns|mdns|llmnr):.*")) files.add(Corpus.file(f[0]));
        }
        Tally t = new Tally();
        for (Path f : files) {
            long before = t.total - t.agree;
            file(f, t);
            if (t.total - t.agree > before) System.err.println("  " + f.getFileName() + ": " + (t.total - t.agree - before) + " disagreements");
        }
        System.out.println("DNS vs tshark over " + files.size() + " captures: " + t);
        t.mismatches.stream().filter(m -> !m.contains("iodine")).limit(60).forEach(m -> System.out.println("  mismatch " + (m.length() > 200 ? m.substring(0, 200) + "..." : m)));
        assertThat(t.udpMessages + t.tcpMessages).as("DNS messages compared").isGreaterThan(1000);
        assertThat(t.agree).as("tshark values the parser agrees with (" + t + ")").isGreaterThanOrEqualTo((long) Math.ceil(t.total * 0.99));
        // tshark also decodes broken and fuzzed datagrams on port 53 (ndpi-badpackets, ndpi-fuzz-*) and
        // non-DNS on DNS-like ports (SOME/IP); the probe refusing those is right, hence 95% and not more
        assertThat(t.probeMatched).as("UDP DNS datagrams the content probe accepts").isGreaterThanOrEqualTo((long) Math.ceil(t.udpMessages * 0.95));
    }

    private void file(Path f, Tally t) {
        // one pass for every DNS packet: UDP ones are compared at once, TCP ones grouped by stream
        List<String> lines = run("tshark", "-r", f.toString(), "-Y", "dns && !icmp && !icmpv6 && !quic", "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                "-e", "udp.payload", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "tcp.stream", "-e", "dns.id",
                "-e", "dns.flags.response", "-e", "dns.qry.name");
        List<String> anomalies = new ArrayList<>();
        DnsMessageParser parser = new DnsMessageParser(anomalies::add);
        Map<Integer, List<String[]>> tcp = new java.util.TreeMap<>();
        for (String line : lines) {
            String[] c = line.split("\t", -1);
            if (c.length < 7) continue;
            if (!c[3].isEmpty()) {
                if (!c[3].contains(AGG)) tcp.computeIfAbsent(Integer.parseInt(c[3]), k -> new ArrayList<>()).add(new String[] {c[3], c[4], c[5], c[6]});
                continue;
            }
            if (c[0].isEmpty() || c[0].contains(AGG) || c[4].contains(AGG)) continue; // nested UDP (tunnels) skipped
            byte[] payload = HEX.parseHex(c[0]);
            int sport = Integer.parseInt(c[1]), dport = Integer.parseInt(c[2]);
            boolean response = c[5].equals("1") || c[5].equalsIgnoreCase("True");
            t.udpMessages++;
            Probe p = new DnsProtocol().probe(!response, payload, 0, payload.length, response ? dport : sport, response ? sport : dport);
            if (p == Probe.MATCH) t.probeMatched++;
            else t.mismatches.add("probe " + p + " " + f.getFileName() + " " + c[4]);
            DnsMessage m = parser.parse(payload, 0, payload.length);
            List<String> names = new ArrayList<>();
            if (m != null) for (DnsMessage.Question q : m.questions) names.add(EveText.of(q.name()));
            compare(t, f, Integer.decode(c[4]), response, c[6], m == null ? -1 : m.id, m != null && m.response(), names);
        }
        if (!tcp.isEmpty()) tcp(f, tcp, t);
    }

    private void tcp(Path f, Map<Integer, List<String[]>> expected, Tally t) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", f.toString(), "-q"));
        for (int stream : expected.keySet()) {
            cmd.add("-z");
            cmd.add("follow,tcp,raw," + stream);
        }
        Map<Integer, RecordingContext> contexts = new HashMap<>();
        Map<Integer, DnsParser> parsers = new HashMap<>();
        int current = -1;
        for (String line : run(cmd.toArray(String[]::new))) {
            if (line.startsWith("Filter: tcp.stream eq ")) {
                current = Integer.parseInt(line.substring("Filter: tcp.stream eq ".length()).trim());
                RecordingContext ctx = new RecordingContext(6);
                contexts.put(current, ctx);
                parsers.put(current, new DnsParser(ctx, 3));
                continue;
            }
            if (current < 0 || line.isEmpty() || line.startsWith("=") || line.contains(":")) continue;
            boolean fromServer = line.startsWith("\t");
            byte[] data = HEX.parseHex(line.strip());
            parsers.get(current).onData(!fromServer, data, 0, data.length);
        }
        for (Map.Entry<Integer, List<String[]>> e : expected.entrySet()) {
            DnsParser parser = parsers.get(e.getKey());
            if (parser != null) parser.onClose();
            List<ObjectNode> got = parser == null ? new ArrayList<>() : new ArrayList<>(contexts.get(e.getKey()).records);
            for (String[] c : e.getValue()) {
                String[] ids = c[1].split(AGG), flags = c[2].split(AGG);
                List<String> names = new ArrayList<>(List.of(c[3].split(AGG, -1)));
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

    /** Runs tshark keeping its output bytes as they are (names can hold any byte): one char per byte. */
    static List<String> run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor();
            return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * tshark's name (its output bytes, one char per byte) in a form comparable with the logged one:
     * tshark prints each byte that is not UTF-8 as U+FFFD, the parser as {@code \xHH}, so both become '?'.
     */
    static String asEve(String tsharkName) {
        if (tsharkName.equals("<Root>")) return "<root>";
        String utf8 = new String(tsharkName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
        return utf8.replace('\uFFFD', '?');
    }

    /** The logged name turned back into its bytes ({@code \xHH} undone), then shown the way tshark shows bytes. */
    static String lossy(String logged) {
        if (logged == null) return null;
        if (!logged.contains("\\x")) return logged;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < logged.length(); i++) {
            char c = logged.charAt(i);
            if (c == '\\' && i + 3 < logged.length() && logged.charAt(i + 1) == 'x') {
                bytes.write(Integer.parseInt(logged.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8).replace('\uFFFD', '?');
    }

    private static void compare(Tally t, Path f, int id, boolean response, String tsharkNames, int ourId, boolean ourResponse, List<String> ours) {
        List<String> names = tsharkNames.isEmpty() ? List.of() : List.of(tsharkNames.split(AGG, -1));
        // tshark's placeholders for names it could not read ("<Name too long>", "<Name contains a pointer
        // that loops>") are no value to agree with; they are counted apart
        long placeholders = names.stream().filter(n -> n.startsWith("<") && n.endsWith(">") && !n.equals("<Root>")).count();
        t.placeholders += placeholders;
        if (placeholders > 0) names = names.stream().filter(n -> !(n.startsWith("<") && n.endsWith(">") && !n.equals("<Root>"))).toList();
        t.total += 2 + names.size();
        if (id == ourId) t.agree++;
        else t.mismatches.add(f.getFileName() + " id " + id + " vs " + ourId);
        if (response == ourResponse) t.agree++;
        else t.mismatches.add(f.getFileName() + " qr " + response);
        for (int i = 0; i < names.size(); i++) {
            String want = asEve(names.get(i));
            String got = i < ours.size() ? lossy(ours.get(i)) : null;
            if (want.equals(got)) t.agree++;
            else t.mismatches.add(f.getFileName() + " name [" + want + "] vs [" + got + "]");
        }
    }

    static final class Tally {
        long total, agree, placeholders, udpMessages, tcpMessages, probeMatched;
        final List<String> mismatches = new ArrayList<>();

        @Override
        public String toString() {
            return String.format("%d/%d tshark values agree (%.3f%%), %d UDP + %d TCP messages, probe accepted %d/%d UDP DNS datagrams, %d tshark name placeholders not compared",
                    agree, total, total == 0 ? 0.0 : 100.0 * agree / total, udpMessages, tcpMessages, probeMatched, udpMessages, placeholders);
        }
    }
}
