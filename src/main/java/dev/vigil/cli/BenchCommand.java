package dev.vigil.cli;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.pipeline.Summary;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil bench}: the whole pipeline (decode, flow, flow records serialised to a discarding
 * sink) over one file, K timed passes after an untimed warm-up pass, so the figure is steady state.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure steady-state pipeline throughput on a capture file.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Capture file (keep it in the page cache: run cat FILE >/dev/null first).")
    Path file;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: available cores).")
    Integer workers;

    @Option(names = "--passes", paramLabel = "K", description = "Timed passes after the warm-up (default: 5).")
    int passes = 5;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: all (default) or none.")
    String checksumMode = "all";

    @Override
    public Integer call() throws Exception {
        SensorConfig config = new SensorConfig();
        if (workers != null) config.workers = Math.max(1, workers);
        config.checksumValidation = !checksumMode.equalsIgnoreCase("none");
        try (CaptureFile cf = CaptureFile.open(file)) {
            Sensor sensor = new Sensor(config);
            Summary warm = once(sensor, cf);
            System.out.printf("warm-up: %.1f MB/s, %,.0f packets/s, %,d flows, %,d records%n",
                    warm.megabytesPerSecond(), warm.packetsPerSecond(), warm.flows(), warm.eveRecords());
            resetPeaks();
            double secs = 0;
            long bytes = 0, pkts = 0;
            for (int i = 1; i <= passes; i++) {
                Summary s = once(sensor, cf);
                secs += s.seconds();
                bytes += s.inputBytes();
                pkts += s.packets();
                System.out.printf("pass %d: %.3f s, %.1f MB/s, %,.0f packets/s%n", i, s.seconds(), s.megabytesPerSecond(), s.packetsPerSecond());
            }
            System.out.printf("workers: %d, passes: %d, file: %s (%,d bytes)%n", config.workers, passes, file, cf.size());
            System.out.printf("peak heap: %.0f MiB%n", peakHeapBytes() / 1048576.0);
            System.out.printf("throughput: %.1f MB/s, %,.0f packets/s%n", bytes / secs / 1e6, pkts / secs);
        }
        return 0;
    }

    private static Summary once(Sensor sensor, CaptureFile cf) throws Exception {
        try (EveSink sink = new EveSink(OutputStream.nullOutputStream())) {
            return sensor.run(List.of(cf), sink, null);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
