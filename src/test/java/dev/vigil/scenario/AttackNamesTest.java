package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.testing.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answer keys name ATT&CK techniques as the ATT&CK catalogue does, and only detector kinds that exist. */
class AttackNamesTest {
    @Test
    void everyActivityOfEveryScenarioNamesALiveAttackTechniqueByItsName(@TempDir Path tmp) throws Exception {
        Map<String, String> names = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Corpus.root().resolve("intel/attack/enterprise-attack-18.1.stix21.reconstructed.json.gz")));
                JsonParser p = json.getFactory().createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("objects")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode o = json.readTree(p);
                        if (!o.path("type").asText().equals("attack-pattern") || o.path("revoked").asBoolean() || o.path("x_mitre_deprecated").asBoolean()) continue;
                        for (JsonNode r : o.path("external_references")) {
                            if (r.path("source_name").asText().equals("mitre-attack")) names.put(r.path("external_id").asText(), o.path("name").asText());
                        }
                    }
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(500);
        int checked = 0;
        for (Campaign c : Campaigns.all()) {
            var key = ScenarioGenerator.generate(c, new ScenarioOptions(3, 2, 2, ScenarioOptions.DEFAULT_START), tmp.resolve(c.name() + ".pcap")).key();
            for (Activity a : key.activities()) {
                assertThat(names).as(a.id()).containsEntry(a.technique().id(), a.technique().name());
                assertThat(Detector.ALL).as(a.id()).contains(a.detector());
                assertThat(a.hint()).isNotBlank();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2 * 12);
    }
}
