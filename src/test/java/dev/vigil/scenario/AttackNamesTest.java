package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answer keys name ATT&CK techniques as the ATT&CK catalogue does, and only detector kinds that exist. */
class AttackNamesTest {
    @Test
    void everyActivityOfEveryScenarioNamesALiveAttackTechniqueByItsName(@TempDir Path tmp) throws Exception {
        Map<String, String> names = dev.vigil.testing.AttackBundle.techniqueNames();
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
