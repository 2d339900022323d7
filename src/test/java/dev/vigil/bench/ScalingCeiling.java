package dev.vigil.bench;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PcapReader;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much two threads can gain on this machine, next to what Vigil's two workers gain, measured
 * round by round in one JVM so that every ratio compares passes taken under the same host conditions.
 * Each round times, one thread against two:
 * <ul>
 *   <li><b>compute</b>: eight independent arithmetic chains in registers, no memory: what two cores
 *       give when nothing is shared;</li>
 *   <li><b>split</b>: Vigil's single-worker pipeline over the whole capture, against two single-worker
 *       pipelines run at once over its two halves (separate files, separate flow tables, nothing
 *       shared, and the flows that cross the middle cut in two, which a real sensor may not do). On
 *       two equally fast cores no sharding design beats this: it is the same work with no coordination.
 *       When one vCPU is slowed, a design that balances its work as it goes can, because the static
 *       halves wait for the slower core;</li>
 *   <li><b>workers</b>: Vigil with one worker against Vigil with two workers, both on the whole capture.</li>
 * </ul>
 * Run it with {@code bin/bench-ceiling.sh FILE [ROUNDS]}. The halves are written once, next to the
 * other temporary files, and deleted at the end.
 */
public final class ScalingCeiling {
    private ScalingCeiling() {}

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ScalingCeiling FILE [ROUNDS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("vigil-ceiling");
        try (CaptureFile whole = CaptureFile.open(file)) {
            if (whole.format() != CaptureFile.Format.PCAP) throw new IOException(file + ": classic pcap needed");
            Path[] halves = splitInHalves(whole, dir);
            try (CaptureFile h1 = CaptureFile.open(halves[0]); CaptureFile h2 = CaptureFile.open(halves[1])) {
                run(whole, h1, h2, rounds);
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(CaptureFile whole, CaptureFile h1, CaptureFile h2, int rounds) throws Exception {
        Sensor one = sensor(1), two = sensor(2), left = sensor(1), right = sensor(1);
        String[] names = {"compute", "split", "workers"};
        double[][] ratios = new double[3][rounds];
        double[] oneWorker = new double[rounds];
        for (int r = -2; r < rounds; r++) { // two untimed rounds warm the JIT up
            double c = compute(1) / compute(2);
            double t1 = pass(one, whole);
            double ts = parallel(left, h1, right, h2);
            double t2 = pass(two, whole);
            if (r < 0) continue;
            ratios[0][r] = c;
            ratios[1][r] = t1 / ts;
            ratios[2][r] = t1 / t2;
            oneWorker[r] = t1;
            System.out.printf("round %d: compute %.2fx, split %.2fx, workers %.2fx (1 worker %.3f s, split %.3f s, 2 workers %.3f s)%n",
                    r + 1, c, t1 / ts, t1 / t2, t1, ts, t2);
        }
        System.out.printf("rounds: %d, file: %s (%,d bytes), 1 worker median pass %.3f s%n", rounds, whole.path(), whole.size(), median(oneWorker));
        for (int k = 0; k < names.length; k++) {
            double[] s = ratios[k].clone();
            Arrays.sort(s);
            System.out.printf("%-8s two threads over one: median %.2fx, quartiles %.2fx-%.2fx%n", names[k], median(s), s[(rounds - 1) / 4], s[3 * (rounds - 1) / 4]);
        }
        double[] share = new double[rounds];
        for (int r = 0; r < rounds; r++) share[r] = ratios[2][r] / ratios[1][r];
        System.out.printf("2 workers reach %.0f%% of the split (median of the rounds' ratios)%n", 100 * median(share));
    }

    /** Writes the records of {@code f} into two classic pcap files with its header, half of the records each. */
    static Path[] splitInHalves(CaptureFile f, Path dir) throws IOException {
        long records = 0;
        Frame frame = new Frame();
        try (PcapReader r = (PcapReader) f.cursor()) {
            while (r.next(frame)) records++;
        }
        long middle;
        try (PcapReader r = (PcapReader) f.cursor()) {
            for (long i = 0; i < records / 2; i++) r.next(frame);
            middle = r.position();
        }
        Path a = dir.resolve("first-half.pcap"), b = dir.resolve("second-half.pcap");
        try (FileChannel in = FileChannel.open(f.path())) {
            copy(in, a, 24, middle);
            copy(in, b, middle, f.size());
        }
        return new Path[] {a, b};
    }

    private static void copy(FileChannel in, Path to, long from, long end) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            in.transferTo(0, 24, out);
            for (long pos = from; pos < end; ) pos += in.transferTo(pos, end - pos, out);
        }
    }

    private static Sensor sensor(int workers) {
        SensorConfig c = new SensorConfig();
        c.workers = workers;
        return new Sensor(c);
    }

    private static double pass(Sensor s, CaptureFile f) throws Exception {
        try (EveSink out = new EveSink(OutputStream.nullOutputStream())) {
            return s.run(List.of(f), out, null).seconds();
        }
    }

    /** Wall time of two independent single-worker sensors, one per half, run at once. */
    private static double parallel(Sensor a, CaptureFile fa, Sensor b, CaptureFile fb) throws Exception {
        Exception[] failed = new Exception[1];
        long t0 = System.nanoTime();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                pass(b, fb);
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        pass(a, fa);
        other.join();
        if (failed[0] != null) throw failed[0];
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double compute(int threads) throws InterruptedException {
        long n = 80_000_000L / threads;
        return timed(threads, id -> sink += chains(n, id));
    }

    private interface Part {
        void run(int id);
    }

    private static double timed(int threads, Part part) throws InterruptedException {
        List<Thread> ts = new ArrayList<>(threads);
        long t0 = System.nanoTime();
        for (int i = 1; i < threads; i++) {
            int id = i;
            ts.add(Thread.ofPlatform().start(() -> part.run(id)));
        }
        part.run(0);
        for (Thread t : ts) t.join();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Eight independent dependency chains: enough instruction-level parallelism to keep a core's ALUs busy. */
    private static long chains(long n, long seed) {
        long a = seed, b = seed + 1, c = seed + 2, d = seed + 3, e = seed + 4, f = seed + 5, g = seed + 6, h = seed + 7;
        for (long i = 0; i < n; i++) {
            a = a * 31 + i;
            b = b * 37 + i;
            c = c * 41 + i;
            d = d * 43 + i;
            e = e ^ (e << 13) + i;
            f = f ^ (f >>> 7) + i;
            g = g + (g << 3) + i;
            h = h - (h >>> 5) + i;
        }
        return a + b + c + d + e + f + g + h;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
