package dev.vigil.cli;

import dev.vigil.detect.behavior.BehaviorConfig;
import dev.vigil.detect.behavior.BehaviorDetectors;
import dev.vigil.detect.behavior.BehaviorEngine;
import dev.vigil.detect.behavior.HomeNet;
import dev.vigil.output.BehaviorAlertRecord;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveTypes;
import dev.vigil.output.EveWriter;
import dev.vigil.output.StatsRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vigil analyze --eve FILE} and {@code --zeek DIR}: another sensor's output (Suricata's or
 * Vigil's EVE, Zeek's logs) through the behavioural detectors, the findings written as EVE alerts to
 * eve.json, so a site that already runs Suricata or Zeek gets the same analytics.
 */
final class BehaviorReplay {
    /** Reads the input, handing each event on with the time it was reported; returns a line that says what was read. */
    interface Source {
        String read(dev.vigil.detect.behavior.eve.EveEvents.Sink out) throws IOException;
    }

    private BehaviorReplay() {}

    static int run(Source source, Path outDir, BehaviorConfig config, String homeNetVariable, PrintStream out) throws IOException {
        HomeNet home = BehaviorDetectors.homeNet(config, homeNetVariable);
        Map<String, Integer> bySignature = new TreeMap<>();
        Path eve = outDir.resolve("eve.json");
        long t0 = System.nanoTime();
        String read;
        BehaviorEngine engine;
        long[] last = {0};
        try (EveSink sink = EveSink.toFile(eve); EveWriter w = new EveWriter(sink, EveTypes.all())) {
            // a file's order is off by whole write batches: only the buffer's cap decides when events go on
            engine = new BehaviorEngine(config, BehaviorDetectors.create(config, home), f -> {
                bySignature.merge(f.signature().sid + " " + f.signature().message, 1, Integer::sum);
                try {
                    BehaviorAlertRecord.write(w, f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Long.MAX_VALUE);
            read = source.read((e, t) -> {
                last[0] = Math.max(last[0], t);
                engine.accept(e, t);
            });
            engine.finish();
            Map<String, Long> counters = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Long> e : engine.counters().entrySet()) counters.put("detect.behavior." + e.getKey(), e.getValue());
            StatsRecord.write(w, last[0], Math.round((System.nanoTime() - t0) / 1e9), counters);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> c = engine.counters();
        out.printf("input:          %s%n", read);
        out.printf("home networks:  %s%n", String.join(",", home.blocks()));
        out.printf("events:         %,d in %.1f s (%,.0f events/s)%n", c.get("events"), secs, c.get("events") / Math.max(secs, 1e-9));
        out.printf("findings:       %,d%n", c.get("findings"));
        for (Map.Entry<String, Integer> e : bySignature.entrySet()) out.printf("  %5d  %s%n", e.getValue(), e.getKey());
        out.println("eve.json: " + eve.toAbsolutePath());
        return 0;
    }
}
