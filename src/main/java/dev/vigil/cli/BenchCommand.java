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
 * sink) over one file, K timed passes after untimed warm-up passes, so the figure is steady state.
 * Two warm-up passes by default: the end of the first pass takes branches the JIT has never seen
 * (end of input, shutdown of the flow table) and deoptimises the main loop, which would otherwise
 * be recompiled inside the first timed pass. Besides wall time, each pass reports the CPU time the
 * process used, a figure that other load on the machine disturbs less.
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

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up passes (default: 2).")
    int warmup = 2;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: all (default) or none.")
    String checksumMode = "all";

    @Override
    public Integer call() throws Exception {
        SensorConfig config = new SensorConfig();
        if (workers != null) config.workers = Math.max(1, workers);
        config.checksumValidation = !checksumMode.equalsIgnoreCase("none");
        try (CaptureFile cf = CaptureFile.open(file)) {
            Sensor sensor = new Sensor(config);
            for (int i = 1; i <= Math.max(1, warmup); i++) {
                Summary warm = once(sensor, cf);
                System.out.printf("warm-up %d: %.1f MB/s, %,.0f packets/s, %,d flows, %,d records%n", i,
                        warm.megabytesPerSecond(), warm.packetsPerSecond(), warm.flows(), warm.eveRecords());
            }
            resetPeaks();
            int k = Math.max(1, passes);
            double secs = 0;
            long bytes = 0, pkts = 0;
            double[] wall = new double[k], cpu = new double[k];
            for (int i = 0; i < k; i++) {
                long c0 = processCpuNanos();
                Summary s = once(sensor, cf);
                cpu[i] = (processCpuNanos() - c0) / 1e9;
                wall[i] = s.seconds();
                secs += s.seconds();
                bytes += s.inputBytes();
                pkts += s.packets();
                System.out.printf("pass %d: %.3f s, %.1f MB/s, %,.0f packets/s, cpu %.3f s%n", i + 1, s.seconds(),
                        s.megabytesPerSecond(), s.packetsPerSecond(), cpu[i]);
            }
            double perPassBytes = (double) bytes / k, perPassPkts = (double) pkts / k;
            double medWall = median(wall), medCpu = median(cpu);
            System.out.printf("workers: %d, passes: %d, file: %s (%,d bytes)%n", config.workers, k, file, cf.size());
            System.out.printf("peak heap: %.0f MiB%n", peakHeapBytes() / 1048576.0);
            System.out.printf("median pass: %.3f s, %.1f MB/s, %,.0f packets/s, cpu %.3f s (%.1f MB per cpu-second)%n",
                    medWall, perPassBytes / medWall / 1e6, perPassPkts / medWall, medCpu, perPassBytes / medCpu / 1e6);
            System.out.printf("throughput: %.1f MB/s, %,.0f packets/s%n", bytes / secs / 1e6, pkts / secs);
        }
        return 0;
    }

    private static Summary once(Sensor sensor, CaptureFile cf) throws Exception {
        try (EveSink sink = new EveSink(OutputStream.nullOutputStream())) {
            return sensor.run(List.of(cf), sink, null);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** CPU time of the whole process (all threads, GC and JIT included), or 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
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
