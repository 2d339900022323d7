package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.campaign.Campaigns;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behavioural findings of a capture do not depend on how many workers read it: the engine waits
 * for the slowest worker instead of a fixed time, so events reach the detectors in one order.
 */
class BehaviorWorkersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneTwoAndThreeWorkersFindTheSame(@TempDir Path tmp) throws Exception {
        Path pcap = tmp.resolve("day.pcap");
        var key = ScenarioGenerator.generate(Campaigns.all().getFirst(), new ScenarioOptions(7, 6, 24, ScenarioOptions.DEFAULT_START), pcap).key();
        List<List<String>> runs = new ArrayList<>();
        for (int workers : new int[] {1, 2, 3, 2, 3}) {
            SensorConfig config = new SensorConfig();
            config.workers = workers;
            // small chunks: the workers drift apart by up to a ring of chunks, many times over the file
            config.chunkBytes = 256 << 10;
            config.ruleVars.put("HOME_NET", key.homeNetVariable());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CaptureFile f = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
                new Sensor(config).run(List.of(f), sink, null);
            }
            List<String> findings = new ArrayList<>();
            long late = -1;
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                JsonNode r = JSON.readTree(line);
                if (r.has("behavior")) findings.add(line);
                if (r.path("event_type").asText().equals("stats")) late = r.at("/stats/detect/behavior/late").asLong(-1);
            }
            findings.sort(null);
            assertThat(late).as("events that came after their turn, %d workers", workers).isZero();
            runs.add(findings);
        }
        assertThat(runs.getFirst()).hasSizeGreaterThanOrEqualTo(5);
        // twice with two and with three workers: the threads interleave differently every time
        for (int i = 1; i < runs.size(); i++) assertThat(runs.get(i)).as("run %d", i).isEqualTo(runs.getFirst());
    }
}
