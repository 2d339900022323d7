package dev.vigil.oracle.sv;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One suricata-verify test directory, run against Vigil the way the upstream runner runs it against
 * Suricata (see corpus/suricata-verify/MANIFEST.md): same arguments, the test's own suricata.yaml or
 * the default one, then every check judged on eve.json.
 *
 * <p>Vigil plays <b>Suricata 8.0.0</b> for version requirements ({@link #ENGINE_VERSION}): it writes the
 * current EVE format, so {@code min-version} up to 8 runs and {@code lt-version: 8} filters (older
 * formats) are skipped. Its build-info feature list ({@link #FEATURES}) has {@code HAVE_JA3}, since Vigil
 * computes JA3/JA3S; tests and filters that require any other feature are skipped.
 */
public final class SvTest {
    public static final int[] ENGINE_VERSION = {8, 0, 0};
    public static final Set<String> FEATURES = Set.of("HAVE_JA3");
    /**
     * EVE types of the suricata.yaml the runner uses for tests without their own (suricata.yaml.in at
     * OISF/suricata 398687d5), restricted to the names Vigil knows; community-id is off there.
     */
    static final List<String> DEFAULT_TYPES = List.of("alert", "anomaly", "http", "dns", "tls", "fileinfo", "smtp",
            "ftp", "smb", "dhcp", "quic", "ssh", "stats", "flow");

    public enum Status { PASS, FAIL, SKIP }

    public record CheckResult(int index, Status status, String message) {}

    public record Outcome(Status status, String message, List<CheckResult> checks, List<Object> events) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path testsRoot;
    private final Path dir;
    private final String name;
    private final Map<String, Object> config;

    @SuppressWarnings("unchecked")
    public SvTest(Path testsRoot, String name) throws IOException {
        this.testsRoot = testsRoot;
        this.dir = testsRoot.resolve(name);
        this.name = name;
        Object y = PyYaml.load(dir.resolve("test.yaml"));
        this.config = y instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public String name() { return name; }
    public Map<String, Object> config() { return config; }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> checks() {
        Object c = config.get("checks");
        if (!(c instanceof List<?> l)) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) out.add(o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        return out;
    }

    /** The filter configs whose match selects {@code event_type: type}. */
    @SuppressWarnings("unchecked")
    public List<Integer> filterIndexesOfType(String type) {
        List<Integer> out = new ArrayList<>();
        List<Map<String, Object>> cs = checks();
        for (int i = 0; i < cs.size(); i++) {
            Object f = cs.get(i).get("filter");
            if (f instanceof Map<?, ?> fm && fm.get("match") instanceof Map<?, ?> mm && type.equals(mm.get("event_type"))) out.add(i);
        }
        return out;
    }

    // ---- requirements ----

    /** Null when every requirement is met, else why the test (or check) is skipped. */
    @SuppressWarnings("unchecked")
    static String unmet(Object requires) {
        if (!(requires instanceof Map<?, ?> req)) return null;
        for (Map.Entry<?, ?> e : req.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (k) {
                case "min-version" -> { if (compare(ENGINE_VERSION, version(v)) < 0) return "requires at least version " + v; }
                case "lt-version" -> { if (compare(ENGINE_VERSION, version(v)) >= 0) return "requires a version below " + v; }
                case "gt-version" -> { if (compare(ENGINE_VERSION, version(v)) <= 0) return "requires a version above " + v; }
                case "version" -> { if (!versionEqual(v)) return "only for version " + v; }
                case "features" -> {
                    for (Object f : v instanceof List<?> l ? l : List.of(v)) {
                        if (!FEATURES.contains(String.valueOf(f))) return "requires feature " + f;
                    }
                }
                case "pcap" -> { }
                case "env" -> {
                    for (Object f : v instanceof List<?> l ? l : List.of(v)) if (System.getenv(String.valueOf(f)) == null) return "requires env " + f;
                }
                case "files" -> {
                    for (Object f : v instanceof List<?> l ? l : List.of(v)) if (!Files.exists(Path.of(String.valueOf(f)))) return "requires file " + f;
                }
                default -> { return "requirement not supported by this runner: " + k; }
            }
        }
        return null;
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.?(\\d+)?\\.?(\\d+)?.*");

    /** major[.minor[.patch]] as written (Python str() of the YAML value); null parts are missing. */
    static Integer[] versionParts(Object v) {
        String s = String.valueOf(v).trim(); // Python str(): 7.0 -> "7.0", 8 -> "8"
        Matcher m = VERSION.matcher(s);
        if (!m.find()) throw new IllegalArgumentException("not a version: " + v);
        Integer[] p = new Integer[3];
        for (int i = 0; i < 3; i++) p[i] = m.group(i + 1) == null ? null : Integer.parseInt(m.group(i + 1));
        return p;
    }

    static int[] version(Object v) {
        Integer[] p = versionParts(v);
        return new int[] {p[0], p[1] == null ? 0 : p[1], p[2] == null ? 0 : p[2]};
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }

    /** Exact {@code version:}: missing parts are wildcards, so 7 matches any 7.x.y. */
    static boolean versionEqual(Object v) {
        Integer[] p = versionParts(v);
        for (int i = 0; i < 3; i++) if (p[i] != null && p[i] != ENGINE_VERSION[i]) return false;
        return true;
    }

    @SuppressWarnings("unchecked")
    String skipReason() {
        String r = unmet(config.get("requires"));
        if (r != null) return r;
        if (config.get("skip") instanceof List<?> skips) {
            for (Object s : skips) {
                if (!(s instanceof Map<?, ?> sm)) continue;
                if (sm.containsKey("feature") && FEATURES.contains(String.valueOf(sm.get("feature")))) return String.valueOf(sm.get("msg"));
                if (sm.containsKey("uid") && PyValues.eq(sm.get("uid"), uid())) return String.valueOf(sm.get("msg"));
                // config: conditions are about Suricata settings Vigil does not have: never met
            }
        }
        return null;
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ---- inputs ----

    Path pcap() throws IOException {
        Object p = config.get("pcap");
        if (p != null) return dir.resolve(String.valueOf(p)).normalize();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).toList();
            if (found.size() != 1) throw new IOException(name + ": expected one pcap in the test directory, found " + found);
            return found.get(0);
        }
    }

    Path rules() throws IOException {
        Object r = config.get("rules");
        if (r != null) return dir.resolve(String.valueOf(r));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(f -> f.toString().endsWith(".rules")).toList();
            return found.size() == 1 ? found.get(0) : null;
        }
    }

    /** The test's suricata.yaml, or the default one written into {@code outDir}. */
    Path suricataYaml(Path outDir) throws IOException {
        Path own = dir.resolve("suricata.yaml");
        if (Files.exists(own)) return own;
        StringBuilder y = new StringBuilder("%YAML 1.1\n---\noutputs:\n  - eve-log:\n      enabled: yes\n"
                + "      filetype: regular\n      filename: eve.json\n      community-id: false\n      types:\n");
        for (String t : DEFAULT_TYPES) {
            y.append("        - ").append(t);
            // the shipped suricata.yaml turns on the extended http and tls fields
            if (t.equals("http") || t.equals("tls")) y.append(":\n            extended: yes");
            y.append('\n');
        }
        Path f = outDir.resolve("default-suricata.yaml");
        Files.writeString(f, y.toString());
        return f;
    }

    /** The Suricata command line of run.py, as Vigil arguments (Vigil's analyze takes Suricata's flags). */
    List<String> arguments(Path outDir) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze"));
        if (config.get("args") instanceof List<?> l) {
            for (Object a : l) args.addAll(Arrays.asList(String.valueOf(a).trim().split("\\s+")));
        }
        // as run.py: the Suricata source tree's classification.config (the corpus keeps a copy in etc/)
        Path classification = testsRoot.resolveSibling("etc").resolve("classification.config");
        if (Files.exists(classification)) args.addAll(List.of("--set", "classification-file=" + classification));
        args.addAll(List.of("--init-errors-fatal", "-l", outDir.toString()));
        args.addAll(List.of("-c", suricataYaml(outDir).toString()));
        args.addAll(List.of("-r", pcap().toString()));
        Path rules = rules();
        if (rules != null) args.addAll(List.of("-S", rules.toString()));
        else args.add("--disable-detection");
        // Vigil-only: keep state out of $HOME and the terminal quiet
        args.addAll(List.of("--no-progress", "--data-dir", outDir.resolve("data").toString()));
        return args;
    }

    // ---- running ----

    /** Runs Vigil on the test and judges {@code onlyChecks} (all checks when null). */
    public Outcome run(Path outDir, List<Integer> onlyChecks) throws IOException {
        String skip = skipReason();
        if (skip != null) return new Outcome(Status.SKIP, skip, List.of(), List.of());
        Files.createDirectories(outDir);
        List<String> args = arguments(outDir);
        int rc;
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        synchronized (SvTest.class) {
            try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
                System.setOut(ps);
                System.setErr(ps);
                rc = Main.run(args.toArray(String[]::new));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
        Object expectedRc = config.getOrDefault("exit-code", 0);
        List<Object> events = readEve(outDir.resolve("eve.json"));
        if (!PyValues.eq(rc, expectedRc)) {
            return new Outcome(Status.FAIL, "exit code " + rc + ", expected " + expectedRc + "; output:\n" + console, List.of(), events);
        }
        List<CheckResult> results = new ArrayList<>();
        List<Map<String, Object>> checks = checks();
        for (int i = 0; i < checks.size(); i++) {
            if (onlyChecks != null && !onlyChecks.contains(i)) continue;
            results.add(judge(i, checks.get(i), events));
        }
        boolean failed = results.stream().anyMatch(r -> r.status == Status.FAIL);
        boolean passed = results.stream().anyMatch(r -> r.status == Status.PASS);
        Status s = failed ? Status.FAIL : passed ? Status.PASS : Status.SKIP;
        String msg = results.stream().filter(r -> r.status != Status.PASS)
                .map(r -> "check " + r.index + " " + r.status + ": " + r.message).reduce((a, b) -> a + "\n" + b).orElse("");
        return new Outcome(s, msg, results, events);
    }

    @SuppressWarnings("unchecked")
    static CheckResult judge(int index, Map<String, Object> check, List<Object> events) {
        if (check.get("filter") instanceof Map<?, ?> fm) {
            Map<String, Object> f = (Map<String, Object>) fm;
            String unmet = unmet(f.get("requires"));
            if (unmet != null) return new CheckResult(index, Status.SKIP, unmet);
            if (f.containsKey("filename")) return new CheckResult(index, Status.FAIL, "filter on another file than eve.json: not supported");
            String v = new FilterCheck(f).verdict(events);
            return new CheckResult(index, v == null ? Status.PASS : Status.FAIL, v == null ? "" : v);
        }
        return new CheckResult(index, Status.FAIL, "check kind not supported by this runner: " + check.keySet());
    }

    static List<Object> readEve(Path eve) throws IOException {
        List<Object> out = new ArrayList<>();
        if (!Files.exists(eve)) return out;
        for (String line : Files.readAllLines(eve, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) out.add(JSON.readValue(line, Object.class));
        }
        return out;
    }
}
