package dev.vigil.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OASIS reference matcher's own cases (matcher-cases.json, 423 pattern x observation-set pairs): our parser
 * and matcher must agree with the expected true / false / error on at least 97 % of them. Every disagreement is
 * printed so it can be documented.
 */
class PatternMatcherCasesTest {

    @Test
    void agreesWithTheReferenceMatcher() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Corpus.root().resolve("intel/patterns/matcher-cases.json").toFile());
        JsonNode sets = root.get("observation_sets");
        int total = 0, agree = 0;
        List<String> disagreements = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            total++;
            String pattern = c.get("pattern").asText();
            JsonNode expected = c.get("expected");
            StixPattern.Version version = c.get("stix_version").asText().equals("2.0") ? StixPattern.Version.V2_0 : StixPattern.Version.V2_1;
            List<JsonNode> observations = new ArrayList<>();
            sets.get(c.get("observations").asText()).forEach(observations::add);
            String got;
            long t0 = System.nanoTime();
            try {
                got = String.valueOf(new PatternMatcher(StixPattern.parse(pattern, version)).matches(observations));
            } catch (StixPatternException e) {
                got = "error (parse: " + e.getMessage() + ")";
            } catch (PatternMatchException e) {
                got = "error (match: " + e.getMessage() + ")";
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String want = expected.isBoolean() ? String.valueOf(expected.asBoolean()) : "error";
            if (got.startsWith(want)) agree++;
            else disagreements.add(c.get("test").asText() + ": " + pattern + " on " + c.get("observations").asText() + " expected " + want
                    + (c.has("error_kind") ? " (" + c.get("error_kind").asText() + ")" : "") + ", got " + got);
            assertThat(ms).as("time for " + pattern).isLessThan(5_000);
        }
        double pct = 100.0 * agree / total;
        System.out.printf("STIX pattern matcher agreement: %d/%d = %.2f%%%n", agree, total, pct);
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(total).isEqualTo(423);
        assertThat(pct).isGreaterThanOrEqualTo(97.0);
    }
}
