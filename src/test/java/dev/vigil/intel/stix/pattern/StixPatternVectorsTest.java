package dev.vigil.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OASIS validator's vectors: every valid pattern parses and round-trips, every invalid one is rejected. */
class StixPatternVectorsTest {

    private static Path dir() {
        return Corpus.root().resolve("intel/patterns");
    }

    private static List<String> lines(String file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir().resolve(file))) if (!l.isBlank() && !l.startsWith("#")) out.add(l);
        return out;
    }

    @Test
    void everyValidPatternParsesAndRoundTrips() throws IOException {
        List<String> valid = lines("patterns-valid.txt");
        assertThat(valid).hasSize(60);
        List<String> failures = new ArrayList<>();
        for (String p : valid) {
            try {
                StixPattern parsed = StixPattern.parse(p);
                String canonical = parsed.toString();
                StixPattern again = StixPattern.parse(canonical);
                if (!again.equals(parsed)) failures.add("round trip changed " + p + " -> " + canonical);
                else if (!again.toString().equals(canonical)) failures.add("canonical form not stable: " + canonical);
            } catch (StixPatternException e) {
                failures.add(p + " : " + e.getMessage());
            }
        }
        failures.forEach(System.out::println);
        assertThat(failures).isEmpty();
    }

    @Test
    void everyInvalidPatternIsRejectedWithAPosition() throws IOException {
        List<String> invalid = lines("patterns-invalid.txt");
        assertThat(invalid).hasSize(27);
        List<String> accepted = new ArrayList<>();
        for (String p : invalid) {
            try {
                StixPattern parsed = StixPattern.parse(p);
                accepted.add(p + " parsed as " + parsed);
            } catch (StixPatternException e) {
                assertThat(e.position()).isBetween(0, p.length());
                System.out.println("rejected " + p + "\n    " + e.getMessage());
            }
        }
        assertThat(accepted).isEmpty();
    }

    /** patterns.json repeats the lists and adds what an inspector should report for 19 patterns. */
    @Test
    void inspectorExpectationsHold() throws IOException, StixPatternException {
        JsonNode root = new ObjectMapper().readTree(dir().resolve("patterns.json").toFile());
        for (JsonNode v : root.get("valid")) StixPattern.parse(v.get("pattern").asText());
        int checked = 0;
        for (JsonNode c : root.get("inspect")) {
            StixPattern p = StixPattern.parse(c.get("pattern").asText());
            String expect = c.get("expect").asText();
            switch (expect) {
                case "expected_qualifiers" -> {
                    TreeSet<String> want = new TreeSet<>();
                    c.get("value").forEach(x -> want.add(x.asText()));
                    assertThat(PatternInspection.qualifiers(p)).as(c.toString()).isEqualTo(want);
                }
                case "expected_obs_ops" -> {
                    TreeSet<String> want = new TreeSet<>();
                    c.get("value").forEach(x -> want.add(x.asText()));
                    assertThat(PatternInspection.observationOperators(p)).as(c.toString()).isEqualTo(want);
                }
                case "expected_comparisons" -> {
                    Map<String, List<String>> want = new TreeMap<>();
                    c.get("value").properties().forEach(en -> {
                        List<String> l = new ArrayList<>();
                        en.getValue().forEach(x -> l.add(x.toString()));
                        want.put(en.getKey(), l);
                    });
                    assertThat(PatternInspection.comparisons(p)).as(c.toString()).isEqualTo(want);
                }
                default -> throw new AssertionError("unknown expectation " + expect);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(19);
    }
}
