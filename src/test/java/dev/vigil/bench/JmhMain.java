package dev.vigil.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs Vigil's JMH micro-benchmarks ({@code *Benchmark} in this package; they never run under
 * {@code mvn verify}). Arguments are JMH's own, e.g. {@code FlowTable -p flows=1000 -f 1 -wi 2 -i 3},
 * {@code -l} to list, {@code -rf json -rff target/jmh.json} for a result file. After the run it adds
 * one table: per benchmark, JMH's wall-clock score and the benchmark thread's CPU time per operation
 * (from {@link CpuTime}), the figure to trust when other processes compete for the cores. Start it
 * with {@code bin/jmh.sh [JMH ARGS]}, which builds the test classes and puts the test classpath together.
 */
public final class JmhMain {
    private JmhMain() {}

    private static final Set<String> INFO = Set.of("-l", "-lp", "-lrf", "-lprof", "-h", "-help", "--help", "-v");

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (INFO.contains(a)) {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        List<String> all = new ArrayList<>(List.of(args));
        if (all.stream().noneMatch(a -> !a.startsWith("-") && !isOptionValue(all, a))) all.add("dev\\.vigil\\.bench\\..*Benchmark");
        Collection<RunResult> results = new Runner(new CommandLineOptions(all.toArray(String[]::new))).run();
        System.out.println();
        System.out.printf("%-58s %-24s %14s %16s%n", "Benchmark", "params", "wall ns/op", "cpu ns/op");
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Map<String, Result> sec = r.getSecondaryResults();
            Result<?> nanos = sec.get("cpuNanos"), ops = sec.get("cpuOps");
            String cpu = nanos != null && ops != null && ops.getScore() > 0
                    ? String.format("%.1f", nanos.getScore() / ops.getScore()) : "-";
            StringBuilder params = new StringBuilder();
            for (String k : r.getParams().getParamsKeys()) params.append(k).append('=').append(r.getParams().getParam(k)).append(' ');
            System.out.printf("%-58s %-24s %8.1f ± %-6.1f %14s%n", r.getParams().getBenchmark(), params.toString().trim(),
                    primary.getScore(), Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(), cpu);
        }
    }

    /** True when {@code a} is the value of the option before it (e.g. the 3 of {@code -i 3}). */
    private static boolean isOptionValue(List<String> args, String a) {
        int i = args.indexOf(a);
        return i > 0 && args.get(i - 1).startsWith("-");
    }
}
