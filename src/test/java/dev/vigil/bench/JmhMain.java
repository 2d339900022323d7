package dev.vigil.bench;

/**
 * Runs Vigil's JMH micro-benchmarks ({@code *Benchmark} in this package; they never run under
 * {@code mvn verify}). Arguments are JMH's own, e.g. {@code FlowTable -p flows=1000 -f 1 -wi 2 -i 3},
 * {@code -l} to list, {@code -rf json -rff target/jmh.json} for a result file. Start it with
 * {@code bin/jmh.sh [JMH ARGS]}, which builds the test classes and puts the test classpath together.
 */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) args = new String[] {"dev\\.vigil\\.bench\\..*Benchmark"};
        org.openjdk.jmh.Main.main(args);
    }
}
