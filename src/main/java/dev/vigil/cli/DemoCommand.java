package dev.vigil.cli;

import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: generates the {@code espionage-contractor} scenario (a small organisation's
 * day with an intrusion woven in), analyzes it, and grades the alerts against the answer key.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the espionage-contractor scenario, analyze it, and grade what was found against its answer key.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to put the capture, its answer key and eve.json (default: ./vigil-demo).")
    Path outDir = Path.of("vigil-demo");

    @Option(names = "--hosts", defaultValue = "10", description = "Workstations in the demo organisation (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--hours", defaultValue = "24", description = "Hours of traffic (default ${DEFAULT-VALUE}).")
    double hours;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(outDir);
        Path pcap = outDir.resolve(Campaigns.ESPIONAGE_CONTRACTOR + ".pcap");
        Path key = ScenarioCommand.answersNextTo(pcap);
        ScenarioGenerator.Result g = ScenarioGenerator.generate(Campaigns.get(Campaigns.ESPIONAGE_CONTRACTOR),
                new ScenarioOptions(1, hosts, hours, ScenarioOptions.DEFAULT_START), pcap);
        g.key().write(key);
        System.out.println("demo capture:   " + pcap.toAbsolutePath() + " (" + g.key().scenario() + ", " + hosts + " workstations, "
                + hours + " h, " + g.key().activities().size() + " intrusion activities)");
        System.out.println("answer key:     " + key.toAbsolutePath());
        SensorConfig config = new SensorConfig();
        config.ruleVars.put("HOME_NET", g.key().homeNetVariable());
        // the demo organisation's defenders planted honeytokens before the intrusion: a data directory of
        // the demo's own holds them, and the analysis loads their rules as a sensor on that directory would
        Path data = outDir.resolve("data");
        plant(g.key().plantedTokens(), data);
        java.util.Map<String, List<String>> own = new java.util.LinkedHashMap<>(DefaultRules.rules());
        own.putAll(TokenSetup.rules(data, System.err));
        RuleSetup.load(null, own, config, System.err);
        int code = AnalyzeCommand.run(List.of(pcap), outDir, config, false, System.out, System.err);
        if (code != 0) return code;
        GradeReport r = Grader.grade(g.key(), outDir.resolve("eve.json"));
        System.out.println();
        r.print(System.out, false);
        System.out.println("hints for what was missed: vigil scenario grade --training --answers " + key + " " + outDir.resolve("eve.json"));
        return 0;
    }

    /** Puts the scenario's planted tokens in {@code data}, once: a token already there (same user and password) is kept. */
    static void plant(List<dev.vigil.scenario.key.PlantedToken> planted, Path data) throws java.io.IOException {
        Files.createDirectories(data);
        try (dev.vigil.deception.token.TokenStore s = dev.vigil.deception.token.TokenStore.open(data)) {
            for (dev.vigil.scenario.key.PlantedToken p : planted) {
                boolean there = s.active().stream().anyMatch(t -> p.username().equals(t.value(dev.vigil.deception.token.Honeytoken.USERNAME))
                        && p.password().equals(t.value(dev.vigil.deception.token.Honeytoken.PASSWORD)));
                if (there) continue;
                s.create(new dev.vigil.deception.token.TokenFactory(), dev.vigil.deception.token.TokenType.of(p.type()), p.memo(), p.planted(),
                        p.username(), p.password(), java.time.Instant.now());
                System.out.println("honeytoken:     " + p.type() + " " + p.username() + " (" + p.memo() + ") planted in " + data.toAbsolutePath());
            }
        }
    }
}
