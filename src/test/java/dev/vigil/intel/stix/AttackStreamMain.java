package dev.vigil.intel.stix;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams and validates one bundle file and prints "count type n" lines, the validation error count and the
 * largest heap in use sampled after a GC every few thousand objects. Run in a child JVM with a small -Xmx by
 * {@link AttackBundleTest}: if the reader kept the whole bundle, the child would die of OutOfMemoryError.
 */
public final class AttackStreamMain {
    public static void main(String[] args) throws Exception {
        Map<String, Integer> byType = new TreeMap<>();
        StixValidator validator = new StixValidator();
        long[] errors = {0}, n = {0}, peak = {0};
        var memory = ManagementFactory.getMemoryMXBean();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            new BundleReader().read(in, o -> {
                byType.merge(o.type(), 1, Integer::sum);
                if (StixValidator.hasErrors(validator.validate(o))) errors[0]++;
                if (++n[0] % 2000 == 0) {
                    System.gc();
                    peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                }
            });
        }
        byType.forEach((t, c) -> System.out.println("count " + t + " " + c));
        System.out.println("objects " + n[0]);
        System.out.println("errors " + errors[0]);
        System.out.println("peak-used-after-gc " + peak[0]);
        System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
    }
}
