package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detect.behavior.ScenarioTrial;
import dev.vigil.detect.ioc.EveValues;
import dev.vigil.detect.ioc.IndicatorSet;
import dev.vigil.detect.ioc.ObservedValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Indicator matching on a generated day's EVE records (espionage-contractor, 25 workstations, 24 h)
 * against {@code indicators} synthetic indicators ({@link IndicatorSets#synthetic}: addresses, blocks,
 * domains, suffixes, URLs and hashes in a feed's proportions), with some of the day's own values among
 * them so hits happen. {@code match}: values out of already parsed records and the lookup (the cost the
 * indicator set adds per record); {@code stage}: JSON parse included, as the sensor's tap pays it. A score
 * is one pass; setup prints the records per pass and the heap the set holds.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndicatorBenchmark extends BenchmarkDefaults {
    @Param({"1000000"})
    public int indicators;

    private byte[][] lines;
    private JsonNode[] records;
    private IndicatorSet set;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Setup
    public void setup() throws Exception {
        ScenarioTrial.Prepared day = ScenarioTrial.prepare("espionage-contractor", 1, 25, 24);
        List<byte[]> l = new ArrayList<>();
        List<JsonNode> r = new ArrayList<>();
        for (String s : Files.readAllLines(day.eve())) {
            JsonNode n = JSON.readTree(s);
            if (!EveValues.wanted(n.path("event_type").asText())) continue;
            l.add(s.getBytes(StandardCharsets.UTF_8));
            r.add(n);
        }
        lines = l.toArray(byte[][]::new);
        records = r.toArray(JsonNode[]::new);
        long before = IndicatorSets.usedHeapAfterGc();
        set = IndicatorSets.synthetic(indicators, records, 42);
        long after = IndicatorSets.usedHeapAfterGc();
        System.err.printf("indicator benchmark: %d records per pass, %d indicators, set holds %.0f MiB of heap%n",
                records.length, set.indicatorCount(), (after - before) / 1048576.0);
    }

    @Benchmark
    public void match(Blackhole bh) {
        ObservedValues v = new ObservedValues();
        for (JsonNode n : records) {
            EveValues.fill(n, v);
            set.match(v, bh::consume);
        }
    }

    @Benchmark
    public void stage(Blackhole bh) throws Exception {
        ObservedValues v = new ObservedValues();
        for (byte[] b : lines) {
            EveValues.fill(JSON.readTree(b), v);
            set.match(v, bh::consume);
        }
    }
}
