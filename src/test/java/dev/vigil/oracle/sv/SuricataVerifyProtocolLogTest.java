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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suricata-verify tests of class {@code protocol-log} (column {@code cls} of the corpus's
 * index.tsv: tests whose checks are about dns, http, tls, ssh and flow records), each run and judged
 * by {@link SvTest} exactly as {@link SuricataVerifyFlowTest} runs the {@code log:flow} ones: the
 * test's arguments and suricata.yaml (or the runner's default), its requirements (a test Vigil does
 * not meet, e.g. {@code min-version: 9} or a feature, is skipped as upstream skips it), every filter.
 *
 * <p>Asserted: at least {@link #BAR} of the tests that are not skipped pass (the bar). The
 * table (one line per test: status and its first failing check) goes to stdout and to
 * {@code target/sv-protocol-log.txt}, for docs/CONFORMANCE.md.
 */
class SuricataVerifyProtocolLogTest {
    static final double BAR = 0.85;
    static final String CLASS = "protocol-log";

    record Entry(String name, String kind) {}

    static List<Entry> protocolLogTests() throws IOException {
        List<String> lines = Files.readAllLines(Corpus.suricataVerify().resolve("index.tsv"));
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int name = header.indexOf("name"), cls = header.indexOf("cls"), kind = header.indexOf("checks_kind");
        if (name < 0 || cls < 0 || kind < 0) fail("index.tsv lacks name/cls/checks_kind: " + header);
        List<Entry> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t", -1);
            if (c.length > cls && c[cls].equals(CLASS)) out.add(new Entry(c[name], c[kind]));
        }
        return out;
    }

    @Test
    void protocolLogTestsPass(@TempDir Path tmp) throws IOException {
        Path tests = Corpus.suricataVerify().resolve("tests");
        List<Entry> entries = protocolLogTests();
        assertTrue(entries.size() > 0, "no " + CLASS + " test in index.tsv");
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
                CLASS, entries.size(), run, pass, failed, skipped, 100 * share, 100 * BAR));
        out.append("| checks | pass | fail | skip |\n|---|---|---|---|\n");
        byKind.forEach((kind, c) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", kind, c[0], c[1], c[2])));
        out.append("\n| test | checks | status | first failing check / skip reason |\n|---|---|---|---|\n").append(table);
        System.out.println("\n" + out);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("sv-protocol-log.txt"), out.toString());

        assertTrue(run > 0, "every " + CLASS + " test was skipped");
        assertTrue(share >= BAR, String.format(Locale.ROOT, "%d of %d %s tests pass (%.1f%%), the bar is %.0f%%; table in target/sv-protocol-log.txt",
                pass, run, CLASS, 100 * share, 100 * BAR));
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
