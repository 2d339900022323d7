package dev.vigil.oracle.sv;

import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * suricata-verify tests judged exactly as upstream judges them (see {@link SvTest}, {@link FilterCheck}).
 *
 * <p>{@link #flowTests} runs, one dynamic test each, the tests of the corpus subset whose checks are
 * only about {@code flow} records ({@code checks_kind = log:flow} in index.tsv). A test whose
 * requirements Vigil does not meet is reported as aborted (skipped), as upstream reports it.
 *
 * <p>{@link #flowFiltersOfOtherTests} is information only: for every other test with
 * {@code event_type: flow} filters it runs Vigil and judges just those filters, then prints how many
 * pass. Many of them also need app-layer fields ({@code app_proto}) or rule matches that Vigil does
 * not produce yet.
 */
class SuricataVerifyFlowTest {

    static List<String[]> index() throws IOException {
        Path idx = Corpus.suricataVerify().resolve("index.tsv");
        List<String> lines = Files.readAllLines(idx);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int name = header.indexOf("name"), kind = header.indexOf("checks_kind");
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t", -1);
            out.add(new String[] {c[name], c[kind]});
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> flowTests(@TempDir Path tmp) throws IOException {
        Path tests = Corpus.suricataVerify().resolve("tests");
        return index().stream().filter(r -> r[1].equals("log:flow")).map(r -> DynamicTest.dynamicTest(r[0], () -> {
            SvTest t = new SvTest(tests, r[0]);
            SvTest.Outcome o = t.run(tmp.resolve(r[0].replace('/', '_')), null);
            switch (o.status()) {
                case PASS -> { }
                case SKIP -> throw new TestAbortedException("skipped as upstream would: " + o.message());
                case FAIL -> fail(r[0] + " fails:\n" + o.message() + "\nflow records:\n" + flows(o));
            }
        }));
    }

    private static String flows(SvTest.Outcome o) {
        StringBuilder sb = new StringBuilder();
        o.events().stream().filter(e -> e instanceof java.util.Map<?, ?> m && "flow".equals(m.get("event_type")))
                .limit(20).forEach(e -> sb.append("  ").append(e).append('\n'));
        return sb.toString();
    }

    @Test
    void flowFiltersOfOtherTests(@TempDir Path tmp) throws IOException {
        Path tests = Corpus.suricataVerify().resolve("tests");
        int testsRun = 0, testsPassed = 0, filters = 0, filtersPassed = 0, filtersSkipped = 0, testsSkipped = 0;
        StringBuilder report = new StringBuilder();
        for (String[] r : index()) {
            if (r[1].equals("log:flow")) continue;
            SvTest t;
            try {
                t = new SvTest(tests, r[0]);
            } catch (RuntimeException e) {
                report.append(String.format(Locale.ROOT, "  %-60s test.yaml not loadable: %s%n", r[0], e.getMessage()));
                continue;
            }
            List<Integer> flowChecks = t.filterIndexesOfType("flow");
            if (flowChecks.isEmpty()) continue;
            SvTest.Outcome o = t.run(tmp.resolve(r[0].replace('/', '_')), flowChecks);
            if (o.status() == SvTest.Status.SKIP && o.checks().isEmpty()) {
                testsSkipped++;
                report.append(String.format(Locale.ROOT, "  %-60s SKIP  %s%n", r[0], o.message()));
                continue;
            }
            testsRun++;
            if (o.status() == SvTest.Status.PASS) testsPassed++;
            for (SvTest.CheckResult c : o.checks()) {
                if (c.status() == SvTest.Status.SKIP) { filtersSkipped++; continue; }
                filters++;
                if (c.status() == SvTest.Status.PASS) filtersPassed++;
            }
            report.append(String.format(Locale.ROOT, "  %-60s %-4s  %s%n", r[0], o.status(),
                    o.message().replace('\n', ' ').substring(0, Math.min(240, o.message().length()))));
        }
        System.out.printf(Locale.ROOT, "%nSURICATA-VERIFY flow filters of the other tests (information, not asserted):%n"
                        + "  tests: %d run, %d pass on their flow filters, %d skipped by requirements%n"
                        + "  flow filters: %d judged, %d pass, %d skipped by filter requirements%n%s",
                testsRun, testsPassed, testsSkipped, filters, filtersPassed, filtersSkipped, report);
    }
}
