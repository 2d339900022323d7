package dev.vigil.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Agreement with the OASIS cti-stix-validator on the 519 object cases captured from its v21 unit tests. The
 * reference judged most of them with strict=true, so SHOULD-level findings count as invalid there; the options
 * of each case are mapped onto ours. Acceptance: at least 97% agreement.
 */
class StixValidatorCasesTest {
    private static final ObjectMapper M = new ObjectMapper();

    static Path stix21() {
        return Corpus.root().resolve("intel/stix21");
    }

    static StixValidator.Options options(JsonNode o) {
        StixValidator.Options opt = StixValidator.Options.DEFAULT
                .withStrict(o.path("strict").asBoolean(false))
                .withStrictTypes(o.path("strict_types").asBoolean(false))
                .withStrictProperties(o.path("strict_properties").asBoolean(false))
                .withDisabled(list(o.get("disabled")))
                .withEnabled(list(o.get("enabled")));
        return opt;
    }

    private static Set<String> list(JsonNode n) {
        Set<String> out = new HashSet<>();
        if (n == null) return out;
        if (n.isArray()) n.forEach(x -> out.add(x.asText()));
        else for (String s : n.asText().split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** Valid when the document parses as STIX JSON and the validator reports no error. */
    static boolean judge(byte[] json, StixValidator.Options opt, List<String> why) {
        List<StixObject> objects = new ArrayList<>();
        JsonNode root;
        try {
            root = M.readTree(json);
            // The streaming reader must accept whatever the tree parser accepts, and vice versa.
            new BundleReader().read(new ByteArrayInputStream(json), objects::add);
        } catch (IOException e) {
            why.add("unreadable: " + e.getMessage());
            return false;
        }
        List<StixIssue> issues = new StixValidator(opt).validateDocument(root);
        for (StixIssue i : issues) if (i.level() == StixIssue.Level.ERROR) why.add(i.toString());
        return !StixValidator.hasErrors(issues);
    }

    @Test
    void agreesWithTheReferenceValidatorOnItsObjectCases() throws IOException {
        JsonNode cases = M.readTree(stix21().resolve("validator-cases/object-cases.json").toFile()).get("cases");
        int agree = 0, total = 0;
        List<String> disagreements = new ArrayList<>();
        for (JsonNode c : cases) {
            total++;
            JsonNode inst = c.get("instance");
            byte[] json = inst.has("__unparseable_json__")
                    ? inst.get("__unparseable_json__").asText().getBytes(StandardCharsets.UTF_8)
                    : M.writeValueAsBytes(inst);
            List<String> why = new ArrayList<>();
            boolean valid = judge(json, options(c.get("options")), why);
            boolean expected = c.get("expected_valid").asBoolean();
            if (valid == expected) {
                agree++;
            } else {
                disagreements.add((expected ? "reference VALID, ours INVALID  " : "reference INVALID, ours VALID  ") + c.get("test").asText()
                        + " options=" + c.get("options") + (why.isEmpty() ? "" : "\n      " + String.join("\n      ", why))
                        + (expected ? "" : "\n      instance=" + truncate(inst.toString())));
            }
        }
        double pct = 100.0 * agree / total;
        System.out.printf("STIX validator agreement with OASIS cti-stix-validator: %d/%d = %.2f%%%n", agree, total, pct);
        disagreements.forEach(d -> System.out.println("  " + d));
        assertThat(pct).as("agreement with the reference validator").isGreaterThanOrEqualTo(97.0);
    }

    private static String truncate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    @Test
    void validAndInvalidExampleFilesAreJudgedAsTheReferenceDid() throws IOException {
        StixValidator.Options opt = StixValidator.Options.DEFAULT;
        try (Stream<Path> files = Files.list(stix21().resolve("validator-cases/valid"))) {
            for (Path f : files.sorted().toList()) {
                List<String> why = new ArrayList<>();
                assertThat(judge(Files.readAllBytes(f), opt, why)).as(f + " " + why).isTrue();
            }
        }
        try (Stream<Path> files = Files.list(stix21().resolve("validator-cases/invalid"))) {
            for (Path f : files.sorted().toList()) {
                List<String> why = new ArrayList<>();
                assertThat(judge(Files.readAllBytes(f), opt, why)).as(f.toString()).isFalse();
                System.out.println(f.getFileName() + ": " + why);
            }
        }
    }

    @Test
    void everyOasisExampleIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(stix21().resolve("examples"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(17);
        for (Path f : files) {
            List<String> why = new ArrayList<>();
            assertThat(judge(Files.readAllBytes(f), StixValidator.Options.DEFAULT, why)).as(f + " " + why).isTrue();
        }
    }
}
