package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary results for every benchmark: CPU time of the benchmark thread ({@code cpuNanos}) and
 * the operations it covers ({@code cpuOps}); JMH sums both over iterations, and {@link JmhMain}
 * prints their ratio, CPU ns per operation, next to JMH's wall-clock score. On a machine shared with other busy
 * processes the wall time also counts the time the thread waited for a core; the CPU time does not
 * (it still feels caches shared with them). Each invocation covers a batch of operations, so the two
 * clock reads cost well under 1% of it.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds of the benchmark thread in this iteration's invocations. */
    public long cpuNanos;
    /** Operations those invocations performed. */
    public long cpuOps;

    @Setup(Level.Iteration)
    public void clear() {
        cpuNanos = 0;
        cpuOps = 0;
    }

    long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start, int operations) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpuOps += operations;
    }
}
