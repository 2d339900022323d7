package dev.vigil.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
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
import org.junit.jupiter.api.Tag;
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
// issue 3's acceptance bar, not met yet: out of the default run (see pom.xml, vigil.excluded.groups)
@Tag("acceptance-open")
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

    record FileResult(String file, Map<String, Set<String>> tshark, Map<String, Set<String>> vigil, String problem) {}

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
        long found = 0, total = 0;
        for (FileResult r : results) {
            for (Map.Entry<String, Set<String>> e : r.tshark.entrySet()) {
                Set<String> mine = r.vigil.getOrDefault(e.getKey(), Set.of());
                for (String v : e.getValue()) {
                    boolean ok = mine.contains(v);
                    total++;
                    if (ok) found++;
                    tally(perField, e.getKey(), ok);
                    tally(perFolder, r.file.contains("/") ? r.file.substring(0, r.file.indexOf('/')) : r.file, ok);
                    if (!ok) missing.add(String.format(Locale.ROOT, "  %-14s %-60s %s", e.getKey(), r.file, clip(v)));
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
        System.out.print(sb);
        assertThat(total).as("tshark found application fields in the corpus").isGreaterThan(1000);
        assertThat((double) found / total).as("share of tshark's values Vigil found").isGreaterThanOrEqualTo(PASS_BAR);
    }

    private static void tally(Map<String, long[]> m, String k, boolean ok) {
        long[] c = m.computeIfAbsent(k, x -> new long[2]);
        if (ok) c[0]++;
        c[1]++;
    }

    private static String clip(String v) {
        return v.length() > 100 ? v.substring(0, 100) + "..." : v;
    }

    static FileResult compare(Path root, Path file) throws Exception {
        String rel = root.relativize(file).toString();
        Map<String, Set<String>> t = tshark(file);
        if (t.isEmpty()) return new FileResult(rel, t, Map.of(), null);
        VigilRun.Result run = VigilRun.run(file, VigilRun.appLayerConfig());
        if (run.unreadable() != null) return new FileResult(rel, t, Map.of(), "vigil could not read it: " + run.unreadable());
        return new FileResult(rel, t, vigil(run.records()), null);
    }

    /** Distinct non-empty values per field name, from one tshark run (and a second for SMB2 CREATE names). */
    static Map<String, Set<String>> tshark(Path file) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                "-Y", "dns || http || tls || ssh || smb2"));
        for (String f : TSHARK.keySet()) { cmd.add("-e"); cmd.add(f); }
        cmd.add("-e"); cmd.add("smb2.cmd");
        Map<String, Set<String>> out = new TreeMap<>();
        List<String> names = new ArrayList<>(TSHARK.values());
        boolean smb = false;
        for (String line : Tools.run(300, cmd.toArray(String[]::new)).lines()) {
            String[] cols = line.split("\t", -1);
            for (int i = 0; i < names.size() && i < cols.length; i++) {
                for (String v : cols[i].split(String.valueOf(AGG))) add(out, names.get(i), normalise(names.get(i), v));
            }
            if (cols.length > names.size() && !cols[names.size()].isEmpty()) smb = true;
        }
        if (smb) {
            for (String line : Tools.run(300, "tshark", "-r", file.toString(), "-n", "-T", "fields",
                    "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                    "-Y", "smb2.cmd == 5 && smb2.flags.response == 0", "-e", SMB_FILES).lines()) {
                for (String v : line.split(String.valueOf(AGG))) add(out, "smb2.filename", v);
            }
        }
        return out;
    }

    static String normalise(String field, String v) {
        return switch (field) {
            case "dns.query" -> v.equals("<Root>") ? "" : v;
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

    private static void add(Map<String, Set<String>> m, String k, String v) {
        if (v == null || v.isEmpty()) return;
        m.computeIfAbsent(k, x -> new TreeSet<>()).add(v);
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
                    if (h.has("hostname")) add(out, "http.host", host(h.path("hostname").asText()));
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
                case "smb" -> put.accept("smb2.filename", r.path("smb").path("filename"));
                case "fileinfo" -> {
                    if ("smb".equals(r.path("app_proto").asText())) put.accept("smb2.filename", r.path("fileinfo").path("filename"));
                }
                default -> { }
            }
        }
        return out;
    }
}
