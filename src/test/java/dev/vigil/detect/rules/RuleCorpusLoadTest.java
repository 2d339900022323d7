package dev.vigil.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real rule sets load: ET Open (Suricata syntax) and the Snort 3 community rules, each rule parsed
 * into its AST or refused with a keyword-level reason. Prints the counts and the reasons.
 */
class RuleCorpusLoadTest {

    private static RuleLoader.Result load(Path dir) throws IOException {
        List<Path> files = RuleLoader.files(dir);
        assertThat(files).as("rule files in %s", dir).isNotEmpty();
        return RuleLoader.forFiles(files, RuleVars.defaults()).load(files);
    }

    private static double report(String name, RuleLoader.Result r) {
        int total = r.rules().size() + r.rejected().size();
        double pct = 100.0 * r.rules().size() / total;
        Map<String, Long> why = new TreeMap<>(r.rejected().stream()
                .collect(Collectors.groupingBy(x -> x.keyword() == null ? "(header or form)" : x.keyword(), Collectors.counting())));
        System.out.printf("%s: %d rules, %d loaded (%.2f%%), %d rejected %s, %.2f s%n", name, total, r.rules().size(), pct,
                r.rejected().size(), why, r.nanos() / 1e9);
        for (RuleLoader.Rejected x : r.rejected()) {
            assertThat(x.reason()).as("every refusal says why").isNotBlank();
            assertThat(x.line()).isPositive();
        }
        return pct;
    }

    @Test
    void etOpenLoads() throws IOException {
        RuleLoader.Result r = load(Corpus.root().resolve("rules/et-open"));
        assertThat(r.rules().size() + r.rejected().size()).as("active ET Open rules").isGreaterThan(20_000);
        assertThat(report("ET Open", r)).isGreaterThanOrEqualTo(97.0);
        // ET's rules are Suricata's dialect, with the classtypes of its own classification.config
        assertThat(r.rejected()).noneMatch(x -> x.reason().contains("unknown classtype"));
    }

    @Test
    void snort3CommunityLoads() throws IOException {
        RuleLoader.Result r = load(Corpus.root().resolve("rules/snort3-community"));
        assertThat(r.rules().size() + r.rejected().size()).isGreaterThan(3_000);
        assertThat(report("Snort 3 community", r)).isGreaterThanOrEqualTo(95.0);
    }
}
