package dev.vigil.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Oracle: application-layer fields of Vigil's EVE records against tshark's dissection, over every
 * capture of the corpus. For each capture and each field, every distinct value tshark shows must be
 * among the values of that field in Vigil's records; the pass bar is 99% of tshark's values overall.
 *
 * <p>Normalisation, where Suricata's format (which Vigil follows) and tshark's differ by design only:
 * host names lowercased with the port dropped (Suricata's {@code http.hostname}), tshark's
 * {@code <Root>} is the empty name, the SSH banner is rebuilt from {@code proto_version} and
 * {@code software_version} and compared up to its first space (Suricata does not log the comment). SMB2 file names are those of CREATE requests (what Suricata logs), asked of
 * tshark in a second run for captures with SMB2. Empty values are not compared.
 *
 * <p>Vigil runs with {@code stream.midstream} on ({@link VigilRun#appLayerConfig}): many captures have
 * no TCP handshake, which tshark does not need.
 *
 * <p>{@code -Dvigil.oracle.files=PREFIX[,PREFIX]} restricts the run to manifest paths starting with a
 * prefix; {@code -Dvigil.oracle.list=N} lists N missing values (default 60).
 */
class FieldAgreementTest {
    static final double PASS_BAR = 0.99;
    static final char AGG = '\u001f';

    /** tshark field, and the name the report uses. */
    static final Map<String, String> TSHARK = new LinkedHashMap<>();
    static {
        TSHARK.put("dns.qry.name", "dns.query");
        TSHARK.put("http.host", "http.host");
        TSHARK.put("http.request.uri", "http.uri");
        TSHARK.put("http.user_agent", "http.user_agent");
        TSHARK.put("http.response.code", "http.status");
        TSHARK.put("tls.handshake.extensions_server_name", "tls.sni");
        TSHARK.put("tls.handshake.ja3", "ja3");
        TSHARK.put("tls.handshake.ja3s", "ja3s");
        TSHARK.put("ssh.protocol", "ssh.banner");
        TSHARK.put("ssh.kex.hassh", "hassh");
        TSHARK.put("ssh.kex.hasshserver", "hassh_server");
    }
    static final String SMB_FILES = "smb2.filename";

    /** Where tshark first showed a value: frame number and the innermost addresses and ports of that packet. */
    record Where(String frame, String src, String dst, String sport, String dport, String transport) {
        String key() { return src + " " + sport + " <-> " + dst + " " + dport; }
    }

    record FileResult(String file, Path path, Map<String, Set<String>> tshark, Map<String, Set<String>> vigil, String problem,
            Map<String, Where> where, Map<String, Set<Integer>> frames, List<JsonNode> records) {
        FileResult(String file, Map<String, Set<String>> tshark, Map<String, Set<String>> vigil, String problem) {
            this(file, null, tshark, vigil, problem, Map.of(), Map.of(), List.of());
        }
    }

    @Test
    void vigilFindsTsharksApplicationFields() throws Exception {
        Tools.require("tshark");
        Path root = Corpus.pcapDir();
        List<Path> files = new ArrayList<>();
        String only = System.getProperty("vigil.oracle.files", "");
        for (Path p : Corpus.allCaptures()) {
            String rel = root.relativize(p).toString();
            if (only.isBlank() || List.of(only.split(",")).stream().anyMatch(rel::startsWith)) files.add(p);
        }
        List<FileResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FileResult>> fs = new ArrayList<>();
            for (Path p : files) fs.add(pool.submit(() -> compare(root, p)));
            for (Future<FileResult> f : fs) results.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        Map<String, long[]> perField = new TreeMap<>();
        Map<String, long[]> perFolder = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<String> detail = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        Map<String, Integer> excludedBy = new TreeMap<>();
        long found = 0, total = 0;
        for (FileResult r : results) {
            PacketFacts facts = null;
            for (Map.Entry<String, Set<String>> e : r.tshark.entrySet()) {
                Set<String> mine = r.vigil.getOrDefault(e.getKey(), Set.of());
                Set<String> mineLossy = e.getKey().equals("dns.query") ? lossy(mine) : Set.of();
                for (String v : e.getValue()) {
                    boolean ok = mine.contains(v) || (!mineLossy.isEmpty() && mineLossy.contains(tsharkLossy(v)));
                    if (!ok) {
                        if (facts == null) facts = PacketFacts.of(r.path);
                        String why = facts.notForASensor(r.frames.getOrDefault(e.getKey() + '\0' + v, Set.of()));
                        if (why != null) {
                            excluded.add(String.format(Locale.ROOT, "  %-14s %-60s %s  [%s]", e.getKey(), r.file, clip(v), why));
                            excludedBy.merge(why.substring(0, why.indexOf(':')), 1, Integer::sum);
                            continue;
                        }
                    }
                    total++;
                    if (ok) found++;
                    tally(perField, e.getKey(), ok);
                    tally(perFolder, r.file.contains("/") ? r.file.substring(0, r.file.indexOf('/')) : r.file, ok);
                    if (!ok) {
                        missing.add(String.format(Locale.ROOT, "  %-14s %-60s %s", e.getKey(), r.file, clip(v)));
                        Where w = r.where.get(e.getKey() + '\0' + v);
                        detail.add(r.file + "\t" + e.getKey() + "\t" + clip(v) + "\t"
                                + (w == null ? "?" : "frame " + w.frame() + " " + w.transport() + " " + w.key()) + "\t"
                                + vigilForFlow(r.records, w) + "\t" + closest(mine, v));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nFIELD AGREEMENT with tshark (%d captures): %d/%d = %.3f%% of tshark's values found%n",
                results.size(), found, total, total == 0 ? 100.0 : 100.0 * found / total));
        sb.append("  per field:\n");
        perField.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "    %-16s %6d/%6d = %7.3f%%%n", k, v[0], v[1], 100.0 * v[0] / v[1])));
        sb.append("  per folder:\n");
        perFolder.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "    %-16s %6d/%6d = %7.3f%%%n", k, v[0], v[1], 100.0 * v[0] / v[1])));
        int list = Integer.getInteger("vigil.oracle.list", 60);
        sb.append(String.format(Locale.ROOT, "  first %d of %d missing values:%n", Math.min(list, missing.size()), missing.size()));
        missing.stream().limit(list).forEach(m -> sb.append(m).append('\n'));
        for (FileResult r : results) if (r.problem != null) sb.append("  problem: ").append(r.file).append(": ").append(r.problem).append('\n');
        sb.append(String.format(Locale.ROOT, "  %d values not counted, every frame tshark found them in being one a sensor drops %s:%n",
                excluded.size(), excludedBy));
        excluded.forEach(x -> sb.append(x).append('\n'));
        sb.append(String.format(Locale.ROOT, "  %d occurrences of tshark's DNS name diagnostics %s skipped: not names%n",
                diagnosticsSkipped.get(), TSHARK_DNS_DIAGNOSTICS));
        System.out.print(sb);
        Path report = Path.of("target", "field-agreement.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, sb + "\nEVERY MISS: file, field, tshark value, where tshark saw it, what Vigil logged for that flow,"
                + " Vigil's closest value of that field in the capture\n" + String.join("\n", detail) + "\n");
        assertThat(total).as("tshark found application fields in the corpus").isGreaterThan(1000);
        assertThat((double) found / total).as("share of tshark's values Vigil found").isGreaterThanOrEqualTo(PASS_BAR);
    }

    private static void tally(Map<String, long[]> m, String k, boolean ok) {
        long[] c = m.computeIfAbsent(k, x -> new long[2]);
        if (ok) c[0]++;
        c[1]++;
    }

    /**
     * DNS names that are not UTF-8 (the iodine tunnel's): Vigil writes each byte that is not printable
     * ASCII as Suricata does, {@code \\xHH}; tshark prints the name as UTF-8 with U+FFFD for each byte it
     * cannot decode. Both are renderings of the same bytes, so both are turned into the same lossy form: the
     * escapes undone, the bytes decoded as UTF-8, and each run of undecodable bytes written as one '?'
     * (decoders differ in how many U+FFFD a bad sequence becomes). As in {@code DnsTsharkAgreementTest}.
     */
    static Set<String> lossy(Set<String> logged) {
        Set<String> out = new TreeSet<>();
        for (String v : logged) {
            if (!v.contains("\\x")) continue;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 3 < v.length() && v.charAt(i + 1) == 'x') {
                    try {
                        bytes.write(Integer.parseInt(v.substring(i + 2, i + 4), 16));
                        i += 3;
                        continue;
                    } catch (NumberFormatException e) {
                        // not an escape: the backslash is a byte of the name
                    }
                }
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
            out.add(tsharkLossy(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A name with its runs of U+FFFD written as one '?'. */
    static String tsharkLossy(String v) {
        return v.replaceAll("\uFFFD+", "?");
    }

    /** Vigil's value of the field sharing the longest prefix with tshark's (hints at truncation or rendering). */
    private static String closest(Set<String> mine, String v) {
        String best = "-";
        int bestLen = 0;
        for (String m : mine) {
            int i = 0;
            while (i < m.length() && i < v.length() && m.charAt(i) == v.charAt(i)) i++;
            if (i > bestLen) { bestLen = i; best = m; }
        }
        return clip(best);
    }

    private static String clip(String v) {
        return v.length() > 100 ? v.substring(0, 100) + "..." : v;
    }

    static FileResult compare(Path root, Path file) throws Exception {
        String rel = root.relativize(file).toString();
        Map<String, Where> where = new TreeMap<>();
        Map<String, Set<Integer>> frames = new TreeMap<>();
        Map<String, Set<String>> t = tshark(file, where, frames);
        if (t.isEmpty()) return new FileResult(rel, t, Map.of(), null);
        var config = VigilRun.appLayerConfig();
        if (Boolean.getBoolean("vigil.oracle.nochecksum")) config.checksumValidation = false;
        VigilRun.Result run = VigilRun.run(file, config);
        if (run.unreadable() != null) return new FileResult(rel, t, Map.of(), "vigil could not read it: " + run.unreadable());
        return new FileResult(rel, file, t, vigil(run.records()), null, where, frames, run.records());
    }

    /** Columns after the fields: where the value was seen (the last occurrence is the innermost header). */
    static final List<String> WHERE = List.of("frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
            "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport");

    private static void whereArgs(List<String> cmd) {
        for (String f : WHERE) { cmd.add("-e"); cmd.add(f); }
    }

    private static Where where(String[] cols, int from) {
        String[] w = new String[WHERE.size()];
        for (int i = 0; i < w.length; i++) {
            String c = from + i < cols.length ? cols[from + i] : "";
            int last = c.lastIndexOf(AGG);
            w[i] = last < 0 ? c : c.substring(last + 1);
        }
        boolean v6 = !w[3].isEmpty();
        boolean tcp = !w[5].isEmpty();
        return new Where(w[0], v6 ? w[3] : w[1], v6 ? w[4] : w[2], tcp ? w[5] : w[7], tcp ? w[6] : w[8], tcp ? "TCP" : "UDP");
    }

    /**
     * Distinct non-empty values per field name, from one tshark run (and a second for SMB2 CREATE names);
     * {@code where} gets, per "field\0value", the first packet that showed it.
     */
    static Map<String, Set<String>> tshark(Path file, Map<String, Where> where, Map<String, Set<Integer>> frames) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                "-Y", "dns || http || tls || ssh || smb2"));
        for (String f : TSHARK.keySet()) { cmd.add("-e"); cmd.add(f); }
        cmd.add("-e"); cmd.add("smb2.cmd");
        whereArgs(cmd);
        Map<String, Set<String>> out = new TreeMap<>();
        List<String> names = new ArrayList<>(TSHARK.values());
        boolean smb = false;
        for (String line : Tools.run(300, cmd.toArray(String[]::new)).lines()) {
            String[] cols = line.split("\t", -1);
            Where w = where(cols, names.size() + 1);
            for (int i = 0; i < names.size() && i < cols.length; i++) {
                for (String v : cols[i].split(String.valueOf(AGG))) {
                    String n = normalise(names.get(i), v);
                    if (n == null || n.isEmpty()) continue;
                    add(out, names.get(i), n);
                    where.putIfAbsent(names.get(i) + '\0' + n, w);
                    frames.computeIfAbsent(names.get(i) + '\0' + n, x -> new TreeSet<>()).add(Integer.parseInt(w.frame()));
                }
            }
            if (cols.length > names.size() && !cols[names.size()].isEmpty()) smb = true;
        }
        if (smb) {
            List<String> c2 = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-T", "fields",
                    "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                    "-Y", "smb2.cmd == 5 && smb2.flags.response == 0", "-e", SMB_FILES));
            whereArgs(c2);
            for (String line : Tools.run(300, c2.toArray(String[]::new)).lines()) {
                String[] cols = line.split("\t", -1);
                Where w = where(cols, 1);
                for (String v : cols[0].split(String.valueOf(AGG))) {
                    if (v.isEmpty()) continue;
                    add(out, SMB_FILES, v);
                    where.putIfAbsent(SMB_FILES + '\0' + v, w);
                    frames.computeIfAbsent(SMB_FILES + '\0' + v, x -> new TreeSet<>()).add(Integer.parseInt(w.frame()));
                }
            }
        }
        return out;
    }

    /** What Vigil logged for the flow of {@code w}: event types, the flow's app_proto, anomaly events. */
    static String vigilForFlow(List<JsonNode> records, Where w) {
        if (w == null) return "?";
        Map<String, Integer> types = new TreeMap<>();
        Set<String> protos = new TreeSet<>(), anomalies = new TreeSet<>();
        for (JsonNode r : records) {
            String s = r.path("src_ip").asText(), d = r.path("dest_ip").asText();
            String sp = r.path("src_port").asText(), dp = r.path("dest_port").asText();
            boolean same = (s.equals(w.src()) && d.equals(w.dst()) && sp.equals(w.sport()) && dp.equals(w.dport()))
                    || (s.equals(w.dst()) && d.equals(w.src()) && sp.equals(w.dport()) && dp.equals(w.sport()));
            if (!same) continue;
            String et = r.path("event_type").asText();
            types.merge(et, 1, Integer::sum);
            if (et.equals("flow")) protos.add(r.path("app_proto").asText("-") + " pkts " + r.path("flow").path("pkts_toserver").asText()
                    + "/" + r.path("flow").path("pkts_toclient").asText() + (r.path("flow").has("exception_policy") ? " exc" : ""));
            if (et.equals("anomaly")) anomalies.add(r.path("anomaly").path("event").asText());
        }
        if (types.isEmpty()) return "no record for this flow";
        return types + " flow " + protos + (anomalies.isEmpty() ? "" : " anomalies " + anomalies);
    }

    /**
     * What tshark's DNS dissector shows in dns.qry.name when it could not read a name: diagnostics, not
     * names a sensor could log (the bytes hold no such name). They are not counted; how many were
     * skipped is printed with the report.
     */
    static final Set<String> TSHARK_DNS_DIAGNOSTICS = Set.of("<Name too long>", "<Name contains a pointer that loops>",
            "<Unknown extended label>");
    static final java.util.concurrent.atomic.AtomicInteger diagnosticsSkipped = new java.util.concurrent.atomic.AtomicInteger();

    static String normalise(String field, String v) {
        return switch (field) {
            case "dns.query" -> {
                if (TSHARK_DNS_DIAGNOSTICS.contains(v)) {
                    diagnosticsSkipped.incrementAndGet();
                    yield "";
                }
                yield v.equals("<Root>") ? "" : TsharkText.unescaped(v);
            }
            case "http.host" -> host(v);
            case "ssh.banner" -> banner(v);
            default -> v;
        };
    }

    /** Up to the first space: Suricata's software_version ends there (comments are not logged). */
    static String banner(String v) {
        int sp = v.indexOf(' ');
        return sp < 0 ? v : v.substring(0, sp);
    }

    /** Suricata's http.hostname: lowercased, without the port (an IPv6 literal keeps its brackets off). */
    static String host(String v) {
        String h = v.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon);
        return h;
    }

    private static boolean add(Map<String, Set<String>> m, String k, String v) {
        if (v == null || v.isEmpty()) return false;
        return m.computeIfAbsent(k, x -> new TreeSet<>()).add(v);
    }

    /** The same fields from Vigil's records. */
    static Map<String, Set<String>> vigil(List<JsonNode> records) {
        Map<String, Set<String>> out = new TreeMap<>();
        BiConsumer<String, JsonNode> put = (k, n) -> {
            if (n != null && !n.isMissingNode() && !n.isNull()) add(out, k, n.asText());
        };
        for (JsonNode r : records) {
            switch (r.path("event_type").asText()) {
                case "dns" -> {
                    JsonNode d = r.path("dns");
                    put.accept("dns.query", d.path("rrname"));
                    for (JsonNode q : d.path("queries")) put.accept("dns.query", q.path("rrname"));
                }
                case "http" -> {
                    JsonNode h = r.path("http");
                    if (h.has("hostname")) add(out, "http.host", host(TsharkText.toNul(h.path("hostname").asText())));
                    put.accept("http.uri", h.path("url"));
                    put.accept("http.user_agent", h.path("http_user_agent"));
                    put.accept("http.status", h.path("status"));
                }
                case "tls", "quic" -> {
                    JsonNode t = r.path(r.path("event_type").asText());
                    put.accept("tls.sni", t.path("sni"));
                    put.accept("ja3", t.path("ja3").path("hash"));
                    put.accept("ja3s", t.path("ja3s").path("hash"));
                }
                case "ssh" -> {
                    for (String side : List.of("client", "server")) {
                        JsonNode s = r.path("ssh").path(side);
                        if (s.has("proto_version")) {
                            String sw = s.path("software_version").asText("");
                            add(out, "ssh.banner", banner("SSH-" + s.path("proto_version").asText() + "-" + sw));
                        }
                        put.accept(side.equals("client") ? "hassh" : "hassh_server", s.path("hassh").path("hash"));
                    }
                }
                case "smb" -> {
                    // tshark's smb2.filename is every CREATE's name; Suricata logs the name of a CREATE
                    // that opens a directory as smb.directory instead of smb.filename (its smb logger:
                    // "directory" when the transaction is a directory open)
                    put.accept("smb2.filename", r.path("smb").path("filename"));
                    put.accept("smb2.filename", r.path("smb").path("directory"));
                }
                case "fileinfo" -> {
                    if ("smb".equals(r.path("app_proto").asText())) put.accept("smb2.filename", r.path("fileinfo").path("filename"));
                }
                default -> { }
            }
        }
        return out;
    }
}
