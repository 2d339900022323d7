package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.VigilAnalysis;
import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.grade.ActivityResult;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import dev.vigil.scenario.key.AnswerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance run of detection on the scenarios: generated captures analyzed as {@code vigil analyze}
 * runs them (behavioural detectors and Vigil's default signatures on by default, HOME_NET from the answer
 * key, the key's planted honeytokens in the data directory as its defenders would have them) and graded
 * against their keys. Every activity is found — behavioural, signature and honeytoken alike — and false
 * alerts stay at most 1 per 50 hosts per day.
 *
 * <p>By default 5 seeds of espionage-contractor at 10, 25 and 50 workstations, and every per-technique
 * scenario for 5 seeds at 10 workstations; {@code -Dvigil.behavior.sizes=10,25,50} runs the
 * per-technique scenarios at every size too (docs/DETECTION.md has that run's figures).
 */
class BehaviorScenarioTest {
    static final long[] SEEDS = {1, 2, 3, 4, 5};

    static Stream<Arguments> espionage() {
        List<Arguments> a = new ArrayList<>();
        for (long seed : SEEDS) for (int hosts : new int[] {10, 25, 50}) a.add(Arguments.of(seed, hosts));
        return a.stream();
    }

    static Stream<Arguments> perTechnique() {
        List<Arguments> a = new ArrayList<>();
        String sizes = System.getProperty("vigil.behavior.sizes", "10");
        for (Campaign c : Campaigns.all()) {
            if (c.name().equals(Campaigns.ESPIONAGE_CONTRACTOR)) continue;
            for (long seed : SEEDS) for (String h : sizes.split(",")) a.add(Arguments.of(c.name(), seed, Integer.parseInt(h.trim())));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "espionage-contractor seed {0}, {1} hosts")
    @MethodSource("espionage")
    void everyBehaviouralActivityOfTheCampaignIsFound(long seed, int hosts, @TempDir Path tmp) throws Exception {
        check(Campaigns.ESPIONAGE_CONTRACTOR, seed, hosts, tmp);
    }

    @ParameterizedTest(name = "{0} seed {1}, {2} hosts")
    @MethodSource("perTechnique")
    void eachTechniqueIsFoundOnItsOwn(String scenario, long seed, int hosts, @TempDir Path tmp) throws Exception {
        check(scenario, seed, hosts, tmp);
    }

    private static void check(String scenario, long seed, int hosts, Path tmp) throws Exception {
        Campaign c = Campaigns.all().stream().filter(x -> x.name().equals(scenario)).findFirst().orElseThrow();
        Path pcap = tmp.resolve("capture.pcap");
        AnswerKey key = ScenarioGenerator.generate(c, new ScenarioOptions(seed, hosts, 24, ScenarioOptions.DEFAULT_START), pcap).key();
        plant(key, tmp.resolve("data"));
        VigilAnalysis.eve(pcap, tmp, "--var", "HOME_NET=" + key.homeNetVariable());
        Files.delete(pcap);
        GradeReport r = Grader.grade(key, tmp.resolve("out").resolve("eve.json"));
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        r.print(new java.io.PrintStream(shown, true, java.nio.charset.StandardCharsets.UTF_8), false);
        String table = shown.toString(java.nio.charset.StandardCharsets.UTF_8);
        List<String> missed = new ArrayList<>();
        for (ActivityResult a : r.activities()) if (!a.found()) missed.add(a.activity().id());
        System.out.println(scenario + " seed " + seed + ", " + hosts + " hosts: missed " + missed + ", false alerts per 50 hosts per day "
                + r.falseAlertsPer50HostsPerDay().orElse(Double.NaN));
        assertThat(missed).as(table).isEmpty();
        assertThat(r.falseAlertsPer50HostsPerDay().orElseThrow()).as(table).isLessThanOrEqualTo(1.0);
    }

    /** The honeytokens the scenario's defenders planted, in the data directory the analysis reads. */
    static void plant(AnswerKey key, Path data) {
        try (dev.vigil.deception.token.TokenStore s = dev.vigil.deception.token.TokenStore.open(data)) {
            for (dev.vigil.scenario.key.PlantedToken t : key.plantedTokens()) {
                s.create(new dev.vigil.deception.token.TokenFactory(), dev.vigil.deception.token.TokenType.of(t.type()), t.memo(), t.planted(),
                        t.username(), t.password(), java.time.Instant.now());
            }
        }
    }
}
