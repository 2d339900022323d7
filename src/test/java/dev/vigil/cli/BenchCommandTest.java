package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.vigil.testing.Corpus;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static final Pattern PASS = Pattern.compile("^pass (\\d+) \\((\\d+) workers\\): ([0-9.]+) s,");
    private static final Pattern SPEEDUP = Pattern.compile("speed-up of 2 workers over 1, from the (\\d+) paired passes: median ([0-9.]+)x");

    private String bench(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A real capture big enough that each pass takes milliseconds, so printed times carry the ratio. */
    private static Path capture() {
        return Corpus.file("realistic/sv-smb2-async-read.pcap");
    }

    @Test
    void oneWorkerCountKeepsTheFinalThroughputLine() throws Exception {
        String out = bench("bench", capture().toString(), "--workers", "1", "--passes", "2", "--warmup", "1");
        List<String> lines = out.lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("pass ")).count()).isEqualTo(2);
        assertThat(lines.getLast()).matches("throughput: [0-9.]+ MB/s, [0-9,]+ packets/s");
    }

    @Test
    void severalWorkerCountsAreMeasuredInTurnAndTheSpeedUpComesFromThePairs() throws Exception {
        int passes = 5;
        String out = bench("bench", capture().toString(), "--workers", "1,2", "--passes", String.valueOf(passes), "--warmup", "1");
        // pass number -> worker count -> seconds, as printed
        Map<Integer, Map<Integer, Double>> walls = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        String speedUp = null;
        for (String l : out.lines().toList()) {
            Matcher m = PASS.matcher(l);
            if (m.find()) {
                int workers = Integer.parseInt(m.group(2));
                walls.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>()).put(workers, Double.parseDouble(m.group(3)));
                order.add(workers);
            }
            if (SPEEDUP.matcher(l).find()) speedUp = l;
        }
        assertThat(walls).hasSize(passes);
        walls.values().forEach(w -> assertThat(w.keySet()).containsExactly(1, 2));
        // rounds alternate which count goes first, so neither always runs on a cache warmed by the other
        assertThat(order.subList(0, 4)).containsExactly(1, 2, 2, 1);
        assertThat(out).contains("throughput (1 workers): ", "throughput (2 workers): ");

        assertThat(speedUp).isNotNull();
        Matcher m = SPEEDUP.matcher(speedUp);
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(passes);
        // the median of the per-round ratios, bounded from the printed pass times: each is rounded to
        // 0.1 ms, and a median cannot leave the range spanned by the medians of the rounding extremes
        double half = 0.00005;
        double[] low = walls.values().stream().mapToDouble(w -> (w.get(1) - half) / (w.get(2) + half)).toArray();
        double[] high = walls.values().stream().mapToDouble(w -> (w.get(1) + half) / Math.max(w.get(2) - half, 1e-9)).toArray();
        Arrays.sort(low);
        Arrays.sort(high);
        double reported = Double.parseDouble(m.group(2)); // printed with 2 decimals
        assertThat(reported).isBetween(low[passes / 2] - 0.005, high[passes / 2] + 0.005);
    }
}
