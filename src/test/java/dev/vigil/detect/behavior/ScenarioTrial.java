package dev.vigil.detect.behavior;

import dev.vigil.detect.behavior.eve.EveFile;
import dev.vigil.output.BehaviorAlertRecord;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveTypes;
import dev.vigil.output.EveWriter;
import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.VigilAnalysis;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import dev.vigil.scenario.key.AnswerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A generated scenario analyzed once by the sensor (its EVE kept under target/ so tests and tuning
 * runs share it), then any set of behavioural detectors replayed over that EVE and graded against the
 * scenario's answer key.
 */
public final class ScenarioTrial {
    public record Prepared(AnswerKey key, Path eve, HomeNet home) {}

    public record Outcome(GradeReport report, List<Finding> findings, String eveAlerts) {}

    private ScenarioTrial() {}

    private static final Path CACHE = Path.of("target", "behavior-trials");

    /** Generates and analyzes (once per campaign, seed, size; later calls reuse the files). */
    public static synchronized Prepared prepare(String campaign, long seed, int hosts, double hours) throws Exception {
        Path dir = CACHE.resolve(campaign + "-s" + seed + "-h" + hosts + "-t" + hours).toAbsolutePath();
        Path pcap = dir.resolve("capture.pcap"), keyFile = dir.resolve("key.json"), eve = dir.resolve("out").resolve("eve.json");
        if (!Files.exists(eve) || !Files.exists(keyFile)) {
            Files.createDirectories(dir);
            var c = Campaigns.all().stream().filter(x -> x.name().equals(campaign)).findFirst().orElseThrow();
            AnswerKey key = ScenarioGenerator.generate(c, new ScenarioOptions(seed, hosts, hours, ScenarioOptions.DEFAULT_START), pcap).key();
            key.write(keyFile);
            VigilAnalysis.eve(pcap, dir, "--var", "HOME_NET=[" + String.join(",", key.homeNet()) + "]", "--no-behavior");
            Files.deleteIfExists(pcap);
        }
        AnswerKey key = AnswerKey.read(keyFile);
        return new Prepared(key, eve, new HomeNet(key.homeNet()));
    }

    /** Replays the prepared EVE through the detectors {@code make} builds for the scenario's home network, and grades. */
    public static Outcome run(Prepared p, BehaviorConfig config, Function<HomeNet, List<BehaviorDetector>> make) throws IOException {
        List<Finding> findings = new ArrayList<>();
        // as vigil analyze --eve replays a file: in the order records were written, whole batches apart
        BehaviorEngine engine = new BehaviorEngine(config, make.apply(p.home()), findings::add, Long.MAX_VALUE);
        EveFile.readWithRecordTime(p.eve(), engine::accept);
        engine.finish();
        String alerts = alertsAsEve(findings);
        GradeReport report = Grader.grade(p.key(), new StringReader(alerts), Grader.Options.DEFAULTS);
        return new Outcome(report, findings, alerts);
    }

    public static String alertsAsEve(List<Finding> findings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EveSink sink = new EveSink(bytes); EveWriter w = new EveWriter(sink, EveTypes.all())) {
            for (Finding f : findings) BehaviorAlertRecord.write(w, f);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
