package dev.vigil.bench;

import dev.vigil.detect.behavior.BehaviorConfig;
import dev.vigil.detect.behavior.BehaviorDetectors;
import dev.vigil.detect.behavior.BehaviorEngine;
import dev.vigil.detect.behavior.ScenarioTrial;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.eve.EveEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The behavioural stage on a generated day (espionage-contractor, 25 workstations, 24 h; analyzed
 * once, the EVE kept under target/behavior-trials): {@code parse} turns the day's EVE records into
 * events as the sensor's tap does, {@code detect} runs every detector through the engine over the
 * parsed events. A score is one pass over the day; setup prints how many records and events a pass
 * holds, so records/s and events/s are those counts divided by the score.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BehaviorBenchmark extends BenchmarkDefaults {
    private byte[][] lines;
    private NetworkEvent[] events;
    private ScenarioTrial.Prepared day;

    @Setup
    public void setup() throws Exception {
        day = ScenarioTrial.prepare("espionage-contractor", 1, 25, 24);
        List<byte[]> l = new ArrayList<>();
        for (String s : Files.readAllLines(day.eve())) if (s.contains("\"event_type\":\"") && !s.contains("\"stats\"")) l.add(s.getBytes(StandardCharsets.UTF_8));
        lines = l.toArray(byte[][]::new);
        List<NetworkEvent> e = new ArrayList<>();
        EveEvents r = new EveEvents();
        for (byte[] b : lines) r.line(b, 0, b.length, e::add);
        events = e.toArray(NetworkEvent[]::new);
        System.err.println("behavior benchmark: " + lines.length + " EVE records, " + events.length + " events per pass");
    }

    /** EVE records to events. */
    @Benchmark
    public void parse(Blackhole bh) {
        EveEvents r = new EveEvents();
        for (byte[] b : lines) r.line(b, 0, b.length, bh::consume);
    }

    /** Events through every detector. */
    @Benchmark
    public void detect(Blackhole bh) {
        BehaviorConfig c = new BehaviorConfig();
        BehaviorEngine engine = new BehaviorEngine(c, BehaviorDetectors.create(c, day.home()), bh::consume);
        for (NetworkEvent e : events) engine.accept(e);
        engine.finish();
    }
}
