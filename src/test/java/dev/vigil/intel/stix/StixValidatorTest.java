package dev.vigil.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Targeted rules of the validator, each with an object that breaks exactly that rule. */
class StixValidatorTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String INDICATOR = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
            + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"n\",\"description\":\"d\","
            + "\"pattern_type\":\"stix\",\"pattern\":\"[ipv4-addr:value = '198.51.100.1']\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";

    private static ObjectNode indicator() throws IOException {
        return (ObjectNode) M.readTree(INDICATOR);
    }

    private static List<String> errors(JsonNode doc, StixValidator.Options o) {
        return new StixValidator(o).validateDocument(doc).stream().filter(i -> i.level() == StixIssue.Level.ERROR)
                .map(i -> i.check() + " " + i.path()).toList();
    }

    private static List<String> errors(JsonNode doc) {
        return errors(doc, StixValidator.Options.DEFAULT);
    }

    @Test
    void aWellFormedIndicatorPassesEvenStrictly() throws IOException {
        assertThat(errors(indicator(), StixValidator.Options.STRICT)).isEmpty();
    }

    @Test
    void timestampsAndTheirOrder() throws IOException {
        assertThat(errors(indicator().put("modified", "2016-04-06T20:03:47.999Z"))).containsExactly("modified-after-created modified");
        assertThat(errors(indicator().put("valid_until", "2016-01-01T00:00:00Z"))).containsExactly("indicator-validity valid_until");
        assertThat(errors(indicator().put("created", "2016-04-06T20:03:48.000+01:00"))).contains("timestamp created");
        assertThat(errors(indicator().put("valid_from", "2016-02-30T00:00:00Z"))).containsExactly("timestamp valid_from");
    }

    @Test
    void thePatternCheckIsPluggable() throws IOException {
        StixValidator.Options o = StixValidator.Options.DEFAULT.withPatternCheck(p -> p.startsWith("[") ? null : "must start with [");
        assertThat(errors(indicator(), o)).isEmpty();
        assertThat(errors(indicator().put("pattern", "ipv4-addr:value = 'x'"), o)).containsExactly("pattern pattern");
        assertThat(errors(indicator().put("pattern", "alert tcp any any").put("pattern_type", "snort"), o)).as("only stix patterns").isEmpty();
        StixValidator.Options throwing = StixValidator.Options.DEFAULT.withPatternCheck(p -> { throw new IllegalStateException("boom"); });
        assertThat(errors(indicator(), throwing)).containsExactly("pattern pattern");
    }

    @Test
    void referencesAndMarkings() throws IOException {
        ObjectNode i = indicator();
        i.putArray("object_marking_refs").add("identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        assertThat(errors(i)).containsExactly("references object_marking_refs[0]");
        ObjectNode g = indicator();
        ObjectNode gm = g.putArray("granular_markings").addObject().put("marking_ref", StixValidator.TLP2.get("amber"));
        gm.putArray("selectors").add("pattern").add("external_references.[0].url");
        assertThat(errors(g)).containsExactly("marking-selector-syntax granular_markings[0].selectors[1]");
        ObjectNode r = (ObjectNode) M.readTree("{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad\","
                + "\"created\":\"2016-04-06T20:06:37.000Z\",\"modified\":\"2016-04-06T20:06:37.000Z\",\"relationship_type\":\"indicates\","
                + "\"source_ref\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"target_ref\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b589\"}");
        assertThat(errors(r)).containsExactly("references target_ref");
        r.put("target_ref", "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b");
        assertThat(errors(r, StixValidator.Options.STRICT)).isEmpty();
        r.put("target_ref", "identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b");
        assertThat(errors(r, StixValidator.Options.STRICT)).containsExactly("relationship-types target_ref");
        assertThat(errors(r, StixValidator.Options.STRICT.withDisabled(Set.of("relationship-types")))).isEmpty();
    }

    @Test
    void observedDataEmbeddedRefsMustResolve() throws IOException {
        JsonNode od = M.readTree("{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
                + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2015-12-21T19:00:00Z\","
                + "\"last_observed\":\"2015-12-21T19:00:00Z\",\"number_observed\":1,\"objects\":{\"0\":{\"type\":\"file\",\"name\":\"a\","
                + "\"parent_directory_ref\":\"2\"},\"1\":{\"type\":\"directory\",\"path\":\"/tmp\"}}}");
        assertThat(errors(od)).containsExactly("observed-data-refs objects.0.parent_directory_ref");
    }

    @Test
    void bundlesOf21CarryNoSpecVersion() throws IOException {
        JsonNode b = M.readTree("{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\"spec_version\":\"2.1\",\"objects\":[" + INDICATOR + "]}");
        assertThat(errors(b)).containsExactly("bundle-version spec_version");
    }

    /** The five TLP 2.0 marking definitions pass; the upstream example with a broken date and no bundle type does not. */
    @Test
    void tlp2MarkingDefinitions() throws IOException {
        Path dir = Corpus.root().resolve("intel/tlp2");
        for (String f : List.of("tlp-clear.json", "tlp-green.json", "tlp-amber.json", "tlp-amber+strict.json", "tlp-red.json")) {
            assertThat(errors(M.readTree(Files.readAllBytes(dir.resolve(f))))).as(f).isEmpty();
        }
        JsonNode amber = M.readTree(Files.readAllBytes(dir.resolve("tlp-amber.json")));
        ((ObjectNode) amber.get("objects").get(0)).put("id", StixValidator.TLP2.get("red"));
        assertThat(errors(amber)).containsExactly("tlp-id objects[0].id");
        assertThat(errors(M.readTree(Files.readAllBytes(dir.resolve("example-using-tlp2.0-green.json"))))).isNotEmpty();
        JsonNode tlp1 = M.readTree("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"" + StixValidator.TLP1.get("green")
                + "\",\"created\":\"2017-01-20T00:00:00.000Z\",\"definition_type\":\"tlp\",\"name\":\"TLP:GREEN\",\"definition\":{\"tlp\":\"amber\"}}");
        assertThat(errors(tlp1)).containsExactly("tlp-id id");
    }

    @Test
    void customContentIsAWarningUnlessStrict() throws IOException {
        ObjectNode i = indicator().put("x_acme_score", 3);
        List<StixIssue> lenient = new StixValidator().validate(StixObject.of(i));
        assertThat(lenient).extracting(StixIssue::check).contains("extensions-use");
        assertThat(StixValidator.hasErrors(lenient)).isFalse();
        assertThat(errors(i, StixValidator.Options.DEFAULT.withStrictProperties(true))).containsExactly("strict-properties x_acme_score");
        assertThat(errors(indicator().put("severity", "high"))).containsExactly("reserved-property severity");
    }
}
