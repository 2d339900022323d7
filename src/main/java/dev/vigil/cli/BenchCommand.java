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
import java.util.ArrayList;
import java.util.Arrays;
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

    @Option(names = "--workers", paramLabel = "N[,M...]", split = ",",
            description = "Worker threads (default: available cores). Several counts, e.g. 1,2, are measured "
                    + "pass by pass in turn, and each count's speed-up over the first is reported from those pairs.")
    List<Integer> workers;

    @Option(names = "-S", paramLabel = "RULES", description = "Rules file or directory: measure with the signature engine on.")
    Path rules;

    @Option(names = "--passes", paramLabel = "K", description = "Timed passes after the warm-up (default: 5).")
    int passes = 5;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up passes (default: 2).")
    int warmup = 2;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: auto (default), all or none.")
    String checksumMode = "auto";

    @Option(names = "--no-behavior", description = "Measure without the behavioural detectors (on by default, as in analyze).")
    boolean noBehavior;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a setting, as for analyze (e.g. app-layer.enabled=false for decode and flow only).")
    List<String> overrides = new ArrayList<>();

    /** One measured configuration: its sensor and the wall and CPU seconds of each timed pass. */
    private record Setup(int workers, Sensor sensor, double[] wall, double[] cpu) {}

    @Override
    public Integer call() throws Exception {
        List<Integer> counts = workers == null || workers.isEmpty() ? List.of(new SensorConfig().workers) : workers;
        int k = Math.max(1, passes);
        List<Setup> setups = new ArrayList<>();
        for (int n : counts) {
            SensorConfig config = new SensorConfig();
            config.workers = Math.max(1, n);
            config.checksumValidation = !checksumMode.equalsIgnoreCase("none");
            config.checksumAuto = !checksumMode.equalsIgnoreCase("all");
            config.behavior.enabled = !noBehavior;
            for (String kv : overrides) {
                String note = Settings.apply(kv, config);
                if (note != null) System.err.println(note);
            }
            if (rules != null) RuleSetup.load(rules, config, System.err);
            setups.add(new Setup(config.workers, new Sensor(config), new double[k], new double[k]));
        }
        boolean paired = setups.size() > 1;
        try (CaptureFile cf = CaptureFile.open(file)) {
            for (int i = 1; i <= Math.max(1, warmup); i++) {
                for (Setup su : setups) {
                    Summary warm = once(su.sensor(), cf);
                    System.out.printf("warm-up %d%s: %.1f MB/s, %,.0f packets/s, %,d flows, %,d records%n", i,
                            paired ? " (" + su.workers() + " workers)" : "", warm.megabytesPerSecond(),
                            warm.packetsPerSecond(), warm.flows(), warm.eveRecords());
                }
            }
            resetPeaks();
            long packets = 0;
            for (int i = 0; i < k; i++) {
                // each round starts with a different setup, so none is always measured first
                for (int j = 0; j < setups.size(); j++) {
                    Setup su = setups.get((i + j) % setups.size());
                    long c0 = processCpuNanos();
                    Summary s = once(su.sensor(), cf);
                    su.cpu()[i] = (processCpuNanos() - c0) / 1e9;
                    su.wall()[i] = s.seconds();
                    packets = s.packets();
                    System.out.printf("pass %d%s: %.4f s, %.1f MB/s, %,.0f packets/s, cpu %.3f s%n", i + 1,
                            paired ? " (" + su.workers() + " workers)" : "", s.seconds(), s.megabytesPerSecond(),
                            s.packetsPerSecond(), su.cpu()[i]);
                }
            }
            double bytes = cf.size();
            System.out.printf("workers: %s, passes: %d%s, file: %s (%,d bytes)%n",
                    String.join(",", setups.stream().map(su -> String.valueOf(su.workers())).toList()), k,
                    paired ? " per worker count" : "", file, cf.size());
            System.out.printf("peak heap: %.0f MiB%n", peakHeapBytes() / 1048576.0);
            for (Setup su : setups) {
                double medWall = median(su.wall()), medCpu = median(su.cpu()), total = sum(su.wall());
                String who = paired ? " (" + su.workers() + " workers)" : "";
                System.out.printf("median pass%s: %.3f s, %.1f MB/s, %,.0f packets/s, cpu %.3f s (%.1f MB per cpu-second)%n",
                        who, medWall, bytes / medWall / 1e6, packets / medWall, medCpu, bytes / medCpu / 1e6);
                System.out.printf("throughput%s: %.1f MB/s, %,.0f packets/s%n", who, bytes * k / total / 1e6, packets * k / total);
            }
            Setup first = setups.get(0);
            for (Setup su : setups.subList(1, setups.size())) {
                double[] ratio = new double[k];
                for (int i = 0; i < k; i++) ratio[i] = first.wall()[i] / su.wall()[i];
                double[] sorted = ratio.clone();
                Arrays.sort(sorted);
                System.out.printf("speed-up of %d workers over %d, from the %d paired passes: median %.2fx, quartiles %.2fx-%.2fx%n",
                        su.workers(), first.workers(), k, median(ratio), sorted[(k - 1) / 4], sorted[3 * (k - 1) / 4]);
            }
        }
        return 0;
    }

    private static double sum(double[] v) {
        double t = 0;
        for (double x : v) t += x;
        return t;
    }

    private static Summary once(Sensor sensor, CaptureFile cf) throws Exception {
        try (EveSink sink = new EveSink(OutputStream.nullOutputStream())) {
            return sensor.run(List.of(cf), sink, null);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
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
