package dev.vigil.intel.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlpLevelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path tlp2() {
        return Corpus.root().resolve("intel/tlp2");
    }

    static JsonNode markingOf(String file) throws Exception {
        return JSON.readTree(Files.readString(tlp2().resolve(file))).path("objects").get(0);
    }

    @Test
    void corpusTlp2MarkingDefinitionsAreRecognisedByIdNameAndExtension() throws Exception {
        Map<String, TlpLevel> files = Map.of("tlp-clear.json", TlpLevel.CLEAR, "tlp-green.json", TlpLevel.GREEN, "tlp-amber.json", TlpLevel.AMBER,
                "tlp-amber+strict.json", TlpLevel.AMBER_STRICT, "tlp-red.json", TlpLevel.RED);
        for (Map.Entry<String, TlpLevel> e : files.entrySet()) {
            JsonNode md = markingOf(e.getKey());
            TlpLevel level = e.getValue();
            assertThat(TlpLevel.fromMarkingId(md.path("id").asText())).as(e.getKey()).contains(level);
            assertThat(level.markingId()).isEqualTo(md.path("id").asText());
            assertThat(TlpLevel.fromLabel(md.path("name").asText())).contains(level);
            assertThat(level.label()).isEqualTo(md.path("name").asText());
            String word = md.path("extensions").path(TlpLevel.TLP2_EXTENSION_ID).path("tlp_2_0").asText();
            assertThat(level.word()).isEqualTo(word);
            assertThat(MarkingDefinitions.judgeDefinition(md)).isEqualTo(new MarkingJudgement.Tlp(level));
            // what we send recipients is the OASIS object itself
            assertThat((JsonNode) TlpMarkingObjects.definition(level)).isEqualTo(md);
        }
    }

    @Test
    void extensionDefinitionIdIsTheCorpusOne() throws Exception {
        JsonNode ext = markingOf("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json");
        assertThat(ext.path("id").asText()).isEqualTo(TlpLevel.TLP2_EXTENSION_ID);
        assertThat(ext.path("name").asText()).isEqualTo("TLP 2.0");
    }

    @Test
    void tlp1IdsMapWhiteToClear() throws Exception {
        assertThat(TlpLevel.fromMarkingId("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9")).contains(TlpLevel.CLEAR);
        assertThat(TlpLevel.fromMarkingId("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")).contains(TlpLevel.GREEN);
        assertThat(TlpLevel.fromMarkingId("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed")).contains(TlpLevel.RED);
        // the corpus's TLP 1.0 amber definition object (definition_type tlp) says the same as its id
        JsonNode bundle = JSON.readTree(Files.readString(Corpus.root().resolve("intel/stix21/examples/oasis-cti-documentation/using-marking-definitions.json")));
        int seen = 0;
        for (JsonNode o : bundle.path("objects")) {
            if (!"tlp".equals(o.path("definition_type").asText())) continue;
            seen++;
            assertThat(TlpLevel.fromMarkingId(o.path("id").asText())).contains(TlpLevel.AMBER);
            assertThat(MarkingDefinitions.judgeDefinition(o)).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.AMBER));
        }
        assertThat(seen).isEqualTo(1);
    }

    @Test
    void labelsAndMispTags() {
        assertThat(TlpLevel.fromLabel("tlp:amber+strict")).contains(TlpLevel.AMBER_STRICT);
        assertThat(TlpLevel.fromLabel("TLP:AMBER+STRICT")).contains(TlpLevel.AMBER_STRICT);
        assertThat(TlpLevel.fromLabel("tlp:white")).contains(TlpLevel.CLEAR);
        assertThat(TlpLevel.fromLabel(" TLP:Clear ")).contains(TlpLevel.CLEAR);
        assertThat(TlpLevel.fromLabel("red")).contains(TlpLevel.RED);
        assertThat(TlpLevel.fromLabel("tlp:ex:chr")).isEmpty();
        assertThat(TlpLevel.fromLabel("tlp:unclear")).isEmpty();
        assertThat(TlpLevel.fromLabel("misp:type=\"ip-dst\"")).isEmpty();
        assertThat(TlpLevel.looksLikeTlpLabel("tlp:ex:chr")).isTrue();
    }

    @Test
    void orderIsByRestriction() {
        assertThat(TlpLevel.mostRestrictive(TlpLevel.AMBER, TlpLevel.AMBER_STRICT)).isEqualTo(TlpLevel.AMBER_STRICT);
        assertThat(TlpLevel.mostRestrictive(TlpLevel.RED, TlpLevel.GREEN)).isEqualTo(TlpLevel.RED);
        assertThat(TlpLevel.mostRestrictive(null, TlpLevel.CLEAR)).isEqualTo(TlpLevel.CLEAR);
        assertThat(TlpLevel.GREEN.isMoreRestrictiveThan(TlpLevel.CLEAR)).isTrue();
    }

    @Test
    void learntDefinitionsCannotRedefineWellKnownIds() throws Exception {
        MarkingDefinitions defs = new MarkingDefinitions();
        JsonNode fakeRed = JSON.readTree("""
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
                 "created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","definition_type":"statement","definition":{"statement":"x"}}""");
        assertThat(defs.learn(fakeRed)).isFalse();
        assertThat(defs.judge(TlpLevel.RED.markingId())).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.RED));
        JsonNode openCti = JSON.readTree("""
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--11111111-2222-4333-8444-555555555555",
                 "created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","definition_type":"statement",
                 "definition":{"statement":"custom"},"x_opencti_definition":"TLP:AMBER+STRICT"}""");
        assertThat(defs.learn(openCti)).isTrue();
        assertThat(defs.judge("marking-definition--11111111-2222-4333-8444-555555555555")).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.AMBER_STRICT));
        assertThat(defs.judge(TlpLevel.OPENCTI_AMBER_STRICT_ID)).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.AMBER_STRICT));
        assertThat(defs.judge("marking-definition--99999999-2222-4333-8444-555555555555")).isInstanceOf(MarkingJudgement.Unknown.class);
        // a later bundle re-defining the same id as CLEAR cannot downgrade it
        assertThat(defs.learn(((com.fasterxml.jackson.databind.node.ObjectNode) openCti.deepCopy()).put("name", "TLP:CLEAR")
                .put("x_opencti_definition", "TLP:CLEAR"))).isTrue();
        assertThat(defs.judge("marking-definition--11111111-2222-4333-8444-555555555555")).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.AMBER_STRICT));
        assertThat(defs.learn(((com.fasterxml.jackson.databind.node.ObjectNode) openCti.deepCopy()).put("name", "TLP:RED")
                .put("x_opencti_definition", "TLP:RED"))).isTrue();
        assertThat(defs.judge("marking-definition--11111111-2222-4333-8444-555555555555")).isEqualTo(new MarkingJudgement.Tlp(TlpLevel.RED));
        MarkingDefinitions small = new MarkingDefinitions(1);
        assertThat(small.learn(openCti)).isTrue();
        assertThat(small.learn(((com.fasterxml.jackson.databind.node.ObjectNode) openCti.deepCopy())
                .put("id", "marking-definition--22222222-2222-4333-8444-555555555555"))).isFalse();
    }
}
