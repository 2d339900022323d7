package dev.vigil.oracle.sv;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Runs every suricata-verify test of some classes of the corpus's index.tsv (column {@code cls}:
 * {@code protocol-log}, {@code alert}, {@code evader-sample}), each judged by {@link SvTest} exactly
 * as {@link SuricataVerifyFlowTest} runs the {@code log:flow} ones: the test's arguments and
 * suricata.yaml (or the runner's default), its requirements (a test Vigil does not meet, e.g.
 * {@code min-version: 9} or a feature, is skipped as upstream skips it), every filter.
 *
 * <p>The table (one line per test: status and its first failing check) goes to stdout and to
 * {@code target/<report>}, for docs/CONFORMANCE.md.
 */
final class SvSuite {
    record Entry(String name, String cls, String kind) {}

    private SvSuite() {}

    static List<Entry> testsOf(Set<String> classes) throws IOException {
        List<String> lines = Files.readAllLines(Corpus.suricataVerify().resolve("index.tsv"));
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int name = header.indexOf("name"), cls = header.indexOf("cls"), kind = header.indexOf("checks_kind");
        if (name < 0 || cls < 0 || kind < 0) fail("index.tsv lacks name/cls/checks_kind: " + header);
        List<Entry> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t", -1);
            if (c.length > cls && classes.contains(c[cls])) out.add(new Entry(c[name], c[cls], c[kind]));
        }
        return out;
    }

    /**
     * Runs the tests of {@code classes}, writes the table to stdout and {@code target/<report>}, and
     * asserts that at least {@code bar} of the tests not skipped pass.
     */
    static void assertClassesPass(Set<String> classes, double bar, Path tmp, String report) throws IOException {
        String label = String.join("+", new java.util.TreeSet<>(classes));
        Path tests = Corpus.suricataVerify().resolve("tests");
        List<Entry> entries = testsOf(classes);
        // -Dvigil.sv.only=REGEX: just the tests whose name matches, for working on a few; the bar is not judged then
        String only = System.getProperty("vigil.sv.only");
        if (only != null && !only.isBlank()) entries = entries.stream().filter(e -> e.name().matches(only)).toList();
        assertTrue(entries.size() > 0, "no " + label + " test in index.tsv");
        int pass = 0, failed = 0, skipped = 0;
        // per checks_kind: pass, fail, skip
        Map<String, int[]> byKind = new TreeMap<>();
        StringBuilder table = new StringBuilder();
        for (Entry e : entries) {
            SvTest.Status status;
            String why;
            try {
                SvTest t = new SvTest(tests, e.name());
                SvTest.Outcome o = t.run(tmp.resolve(e.name().replace('/', '_')), null);
                status = o.status();
                why = firstProblem(o);
            } catch (IOException | RuntimeException ex) {
                // a runner or sensor crash is a failure of that test, not of the whole table
                status = SvTest.Status.FAIL;
                why = "error: " + ex;
            }
            int[] k = byKind.computeIfAbsent(e.kind(), x -> new int[3]);
            switch (status) {
                case PASS -> { pass++; k[0]++; }
                case FAIL -> { failed++; k[1]++; }
                case SKIP -> { skipped++; k[2]++; }
            }
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", e.name(), e.kind(), status, why.replace("|", "\\|")));
        }
        int run = pass + failed;
        double share = run == 0 ? 0 : (double) pass / run;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "suricata-verify %s tests: %d, run %d, pass %d, fail %d, skipped %d; pass share %.1f%% (bar %.0f%%)%n%n",
                label, entries.size(), run, pass, failed, skipped, 100 * share, 100 * bar));
        out.append("| checks | pass | fail | skip |\n|---|---|---|---|\n");
        byKind.forEach((kind, c) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", kind, c[0], c[1], c[2])));
        out.append("\n| test | checks | status | first failing check / skip reason |\n|---|---|---|---|\n").append(table);
        System.out.println("\n" + out);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(report), out.toString());

        if (only != null && !only.isBlank()) return;
        assertTrue(run > 0, "every " + label + " test was skipped");
        assertTrue(share >= bar, String.format(Locale.ROOT, "%d of %d %s tests pass (%.1f%%), the bar is %.0f%%; table in target/" + report,
                pass, run, label, 100 * share, 100 * bar));
    }

    /** The first failing check (or the skip reason), on one line and short. */
    static String firstProblem(SvTest.Outcome o) {
        if (o.status() == SvTest.Status.PASS) return "";
        String msg = o.message();
        for (SvTest.CheckResult c : o.checks()) {
            if (c.status() == SvTest.Status.FAIL) {
                msg = "check " + c.index() + ": " + c.message();
                break;
            }
        }
        msg = msg.replace('\n', ' ').replace('\r', ' ');
        return msg.length() <= 300 ? msg : msg.substring(0, 300) + "...";
    }
}
