package dev.vigil.detect.behavior;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.eve.EveFile;
import dev.vigil.detect.behavior.zeek.ZeekLogs;
import dev.vigil.scenario.VigilAnalysis;
import dev.vigil.testing.Ci;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The labelled behavioural corpus ({@code shared/corpus/behavior}, see its MANIFEST.md): every scenario's
 * Zeek logs (or, for scenarios that are only a capture, Vigil's own EVE of it) run through a {@link
 * BehaviorEngine} with the detectors under test, and the findings scored against {@code truth.tsv} by the
 * manifest's rules.
 */
public final class BehaviorCorpus {
    private BehaviorCorpus() {}

    /** Scenarios whose sensor guards a public address: that address is inside too. */
    public static final Map<String, String> PUBLIC_VICTIMS = Map.of("sdt-008-ctu-normal-40-day1", "147.32.81.167",
            "sdt-011-ctu-normal-43-day1", "147.32.83.165", "rita-missing-host", "64.225.56.201");

    /** Scenarios whose unlisted traffic is unlabelled: an alert on a source no truth row names is "unknown", not a false positive. */
    public static final Set<String> UNLABELLED_BACKGROUND = Set.of("rita-missing-host");

    /** The kinds every detector set is expected to find; other-malicious rows are a bonus. */
    public static final List<String> REQUIRED_KINDS = List.of("beacon", "scan", "bruteforce", "dns-tunnel", "exfil");

    private static final Path CACHE = Path.of("target", "behavior-corpus");

    /** The corpus directory; absent: skipped loudly on a developer machine, a failure under CI. */
    public static Path root() {
        Path dir = Corpus.root().resolve("behavior");
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("truth.tsv"))) {
            String msg = "BEHAVIOUR CORPUS MISSING: " + dir + " (with truth.tsv) is expected under the shared corpus";
            System.err.println("*** " + msg + " ***");
            if (Ci.active()) throw new AssertionError(msg);
            assumeTrue(false, msg);
        }
        return dir;
    }

    public record TruthRow(String scenario, String kind, String src, String dst, String note) {
        /** Our reading of unlabelled traffic, not the upstream source's: recall on these is reported apart. */
        public boolean derived() { return note.startsWith("DERIVED"); }

        /** A "* -> victim" row: excuses alerts on its sources, never counts toward recall. */
        public boolean catchAll() { return note.startsWith("catch-all"); }

        public boolean required() { return REQUIRED_KINDS.contains(kind); }

        public String label() { return scenario + " " + kind + " " + src + " -> " + dst; }
    }

    public static List<TruthRow> truth() {
        List<TruthRow> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(root().resolve("truth.tsv"));
            if (!lines.getFirst().equals("scenario\tkind\tsrc\tdst\tnote")) throw new IllegalStateException("truth.tsv header changed: " + lines.getFirst());
            for (String l : lines.subList(1, lines.size())) {
                if (l.isBlank()) continue;
                String[] f = l.split("\t", -1);
                if (f.length != 5) throw new IllegalStateException("truth.tsv row of " + f.length + " columns: " + l);
                rows.add(new TruthRow(f[0], f[1], f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Every scenario directory, in name order. */
    public static List<String> scenarios() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HomeNet homeNet(String scenario) {
        List<String> blocks = new ArrayList<>(HomeNet.PRIVATE);
        String victim = PUBLIC_VICTIMS.get(scenario);
        if (victim != null) blocks.add(victim);
        return new HomeNet(blocks);
    }

    /**
     * Each event with the time it was reported, as {@code vigil analyze --zeek/--eve} replays them: Zeek
     * rows by their own time, a capture's EVE by when its records were written.
     *
     * @return "zeek" or "pcap": where the events came from
     */
    public static String events(String scenario, dev.vigil.detect.behavior.eve.EveEvents.Sink out) throws Exception {
        Path dir = root().resolve(scenario);
        List<Path> logs = ZeekLogs.candidates(dir);
        if (!logs.isEmpty()) {
            ZeekLogs.Stats st = ZeekLogs.read(dir, e -> out.accept(e, e.orderNanos()));
            if (st.malformedRows() > 0 || st.unreadable() > 0) throw new IllegalStateException(scenario + ": " + st);
            return "zeek";
        }
        Path pcap;
        try (Stream<Path> s = Files.list(dir)) {
            pcap = s.filter(p -> p.getFileName().toString().endsWith(".pcap")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(scenario + ": neither Zeek logs nor a capture"));
        }
        Path work = CACHE.resolve(scenario).toAbsolutePath();
        Path eve = work.resolve("out").resolve("eve.json");
        synchronized (BehaviorCorpus.class) {
            // the sensor's analysis is kept under target/ so repeated runs replay it (mvn clean redoes it)
            if (!Files.exists(eve)) {
                Files.createDirectories(work);
                // ARP records too (off by default): a LAN sweep shows nowhere else
                Path yaml = work.resolve("suricata.yaml");
                Files.writeString(yaml, """
                        outputs:
                          - eve-log:
                              enabled: yes
                              types: [alert, anomaly, flow, stats, dns, {http: {extended: yes}}, {tls: {extended: yes}}, ssh, smb, ftp, smtp, fileinfo, arp]
                        """);
                VigilAnalysis.eve(pcap, work, "--no-behavior", "-c", yaml.toString());
            }
        }
        EveFile.readWithRecordTime(eve, out);
        return "pcap";
    }

    public record ScenarioRun(String scenario, String source, long events, List<Finding> findings, Set<TruthRow> visible) {}

    /** One scenario through an engine with the detectors {@code make} builds for its home network. */
    public static ScenarioRun run(String scenario, List<TruthRow> truth, Function<HomeNet, List<BehaviorDetector>> make) throws Exception {
        List<Finding> findings = new ArrayList<>();
        // as vigil analyze --zeek/--eve: only the buffer's cap releases early, so a file's disorder costs nothing
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), make.apply(homeNet(scenario)), findings::add, Long.MAX_VALUE);
        List<TruthRow> rows = truth.stream().filter(r -> r.scenario().equals(scenario)).toList();
        Set<TruthRow> visible = new HashSet<>();
        long[] events = {0};
        String source = events(scenario, (e, t) -> {
            events[0]++;
            for (TruthRow r : rows) if (!visible.contains(r) && matches(r.src(), e.src(), null) && matches(r.dst(), e.dst(), null)) visible.add(r);
            engine.accept(e, t);
        });
        engine.finish();
        return new ScenarioRun(scenario, source, events[0], findings, visible);
    }

    /** Every scenario through fresh engines, scored. */
    public static Report evaluate(Function<HomeNet, List<BehaviorDetector>> make) throws Exception {
        List<TruthRow> truth = truth();
        List<ScenarioRun> runs = new ArrayList<>();
        for (String s : scenarios()) runs.add(run(s, truth, make));
        return score(truth, runs);
    }

    /** The kind of truth row a signature can hit; null for signatures no row kind names (they still hit other-malicious rows). */
    public static String kindOf(BehaviorSignature s) {
        return switch (s) {
            case BEACON_IP, BEACON_DOMAIN -> "beacon";
            case SCAN_HORIZONTAL, SCAN_VERTICAL, SCAN_SWEEP -> "scan";
            case BRUTEFORCE_SSH, BRUTEFORCE_LOGIN -> "bruteforce";
            case DNS_TUNNEL -> "dns-tunnel";
            case EXFIL_VOLUME, EXFIL_RARE_DESTINATION -> "exfil";
            default -> null;
        };
    }

    /** How one alert scored. */
    public enum Verdict { TRUE_POSITIVE, EXCUSED, FALSE_POSITIVE, UNKNOWN }

    public record ScoredAlert(String scenario, Finding finding, Verdict verdict, boolean onTruthEndpoints) {
        public String kind() {
            String k = kindOf(finding.signature());
            return k == null ? "other" : k;
        }
    }

    public record Report(List<TruthRow> truth, List<ScenarioRun> runs, Set<TruthRow> found, List<ScoredAlert> alerts) {
        public List<TruthRow> missed(Set<String> kinds) {
            return truth.stream().filter(r -> kinds.contains(r.kind()) && !r.catchAll() && !found.contains(r)).toList();
        }

        public long count(Verdict v) {
            return alerts.stream().filter(a -> a.verdict() == v).count();
        }

        /** The tables for docs/DETECTION.md. */
        public String markdown() { return BehaviorCorpus.markdown(this); }
    }

    /**
     * Scores by MANIFEST.md: an alert hits a row when the kind matches and src/dst match ({@code *} matches
     * anything); any alert matching an other-malicious row's endpoints is a true positive (a catch-all row
     * only excuses it: it is neither a hit nor a false positive); in a scenario with unlabelled background an
     * alert whose source no row names is unknown; every other alert is a false positive.
     */
    public static Report score(List<TruthRow> truth, List<ScenarioRun> runs) {
        Set<TruthRow> found = new HashSet<>();
        List<ScoredAlert> alerts = new ArrayList<>();
        for (ScenarioRun run : runs) {
            List<TruthRow> rows = truth.stream().filter(r -> r.scenario().equals(run.scenario())).toList();
            for (Finding f : run.findings()) {
                String kind = kindOf(f.signature());
                boolean hit = false, excused = false, onEndpoints = false;
                for (TruthRow r : rows) {
                    if (!matches(r.src(), f.src(), null) || !matches(r.dst(), f.dst(), f.name())) continue;
                    if (r.kind().equals("other-malicious")) {
                        if (r.catchAll()) {
                            excused = true;
                        } else {
                            found.add(r);
                            hit = true;
                        }
                    } else if (r.kind().equals(kind)) {
                        found.add(r);
                        hit = true;
                    } else {
                        onEndpoints = true;
                    }
                }
                Verdict v;
                if (hit) v = Verdict.TRUE_POSITIVE;
                else if (excused) v = Verdict.EXCUSED;
                else if (UNLABELLED_BACKGROUND.contains(run.scenario()) && rows.stream().noneMatch(r -> matches(r.src(), f.src(), null))) v = Verdict.UNKNOWN;
                else v = Verdict.FALSE_POSITIVE;
                alerts.add(new ScoredAlert(run.scenario(), f, v, onEndpoints));
            }
        }
        return new Report(truth, runs, found, alerts);
    }

    /** A truth endpoint against an alert's address (and, for a domain in truth, the name the alert is about). */
    static boolean matches(String truth, String address, String name) {
        if (truth.equals("*")) return true;
        if (address != null && sameAddress(truth, address)) return true;
        return name != null && truth.equalsIgnoreCase(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    }

    private static boolean sameAddress(String a, String b) {
        if (a.equals(b)) return true;
        byte[] x = literal(a), y = literal(b);
        return x != null && y != null && Arrays.equals(x, y);
    }

    private static byte[] literal(String s) {
        if (s.isEmpty() || !(Character.digit(s.charAt(0), 16) >= 0 || s.charAt(0) == ':')) return null;
        try {
            return InetAddress.ofLiteral(s).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String markdown(Report rep) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | input | events | alerts | required rows found (documented) | DERIVED found | other-malicious found "
                + "| TP alerts | excused | FP alerts | FP subjects | unknown |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioRun run : rep.runs()) {
            String s = run.scenario();
            List<TruthRow> rows = rep.truth().stream().filter(r -> r.scenario().equals(s)).toList();
            List<ScoredAlert> as = rep.alerts().stream().filter(a -> a.scenario().equals(s)).toList();
            b.append("| `").append(s).append("` | ").append(run.source()).append(" | ").append(String.format(Locale.ROOT, "%,d", run.events()))
                    .append(" | ").append(as.size())
                    .append(" | ").append(ratio(rep, rows, r -> r.required() && !r.derived()))
                    .append(" | ").append(ratio(rep, rows, r -> r.required() && r.derived()))
                    .append(" | ").append(ratio(rep, rows, r -> !r.required() && !r.catchAll()))
                    .append(" | ").append(count(as, Verdict.TRUE_POSITIVE))
                    .append(" | ").append(count(as, Verdict.EXCUSED))
                    .append(" | ").append(count(as, Verdict.FALSE_POSITIVE))
                    .append(" | ").append(fpSubjects(as))
                    .append(" | ").append(count(as, Verdict.UNKNOWN)).append(" |\n");
        }
        b.append('\n');
        b.append("| kind | rows found (documented) | rows found (DERIVED) | TP alerts | FP alerts | FP subjects | FP of them on truth endpoints (wrong kind) | unknown |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> kinds = new ArrayList<>(REQUIRED_KINDS);
        kinds.add("other-malicious");
        kinds.add("other");
        for (String k : kinds) {
            List<TruthRow> rows = rep.truth().stream().filter(r -> r.kind().equals(k) && !r.catchAll()).toList();
            List<ScoredAlert> as = rep.alerts().stream().filter(a -> a.kind().equals(k)).toList();
            b.append("| ").append(k)
                    .append(" | ").append(k.equals("other") ? "—" : ratio(rep, rows, r -> !r.derived()))
                    .append(" | ").append(k.equals("other") ? "—" : ratio(rep, rows, TruthRow::derived))
                    .append(" | ").append(count(as, Verdict.TRUE_POSITIVE))
                    .append(" | ").append(count(as, Verdict.FALSE_POSITIVE))
                    .append(" | ").append(fpSubjects(as))
                    .append(" | ").append(as.stream().filter(a -> a.verdict() == Verdict.FALSE_POSITIVE && a.onTruthEndpoints()).count())
                    .append(" | ").append(count(as, Verdict.UNKNOWN)).append(" |\n");
        }
        List<TruthRow> missed = rep.missed(Set.copyOf(REQUIRED_KINDS));
        if (!missed.isEmpty()) {
            b.append("\nMissed required rows");
            b.append(" (visible: some event has the row's endpoints; not visible: no detector reading these events can find it):\n\n");
            Map<String, ScenarioRun> byName = new LinkedHashMap<>();
            for (ScenarioRun r : rep.runs()) byName.put(r.scenario(), r);
            for (TruthRow r : missed) {
                ScenarioRun run = byName.get(r.scenario());
                boolean visible = run != null && run.visible().contains(r);
                b.append("* `").append(r.scenario()).append("` ").append(r.kind()).append(' ').append(r.src()).append(" -> ").append(r.dst())
                        .append(r.derived() ? " (DERIVED)" : "").append(visible ? "" : " — not visible").append('\n');
            }
        }
        Map<String, Long> fpBySignature = new TreeMap<>();
        for (ScoredAlert a : rep.alerts()) if (a.verdict() == Verdict.FALSE_POSITIVE) fpBySignature.merge(a.finding().signature().name(), 1L, Long::sum);
        if (!fpBySignature.isEmpty()) b.append("\nFalse positives by signature: ").append(fpBySignature).append('\n');
        return b.toString();
    }

    private static String ratio(Report rep, List<TruthRow> rows, java.util.function.Predicate<TruthRow> which) {
        List<TruthRow> sel = rows.stream().filter(which).toList();
        if (sel.isEmpty()) return "—";
        return sel.stream().filter(rep.found()::contains).count() + "/" + sel.size();
    }

    private static long count(List<ScoredAlert> as, Verdict v) {
        return as.stream().filter(a -> a.verdict() == v).count();
    }

    private static long fpSubjects(List<ScoredAlert> as) {
        return as.stream().filter(a -> a.verdict() == Verdict.FALSE_POSITIVE)
                .map(a -> a.scenario() + "|" + a.finding().signature() + "|" + a.finding().subject()).distinct().count();
    }
}
