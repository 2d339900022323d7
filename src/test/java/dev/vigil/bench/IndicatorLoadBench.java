package dev.vigil.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.IntelStore;
import dev.vigil.intel.stix.StixObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Issue 8's memory bar: N STIX indicators (default 1,000,000; addresses, blocks, domains, URLs and SHA-256
 * hashes in a feed's proportions) imported into a store, then loaded and compiled for matching as
 * {@code vigil analyze} does. Run it with the heap bound under test, e.g.
 * <pre>java -Xmx1536m -cp ... dev.vigil.bench.IndicatorLoadBench [n] [dataDir]</pre>
 * Prints the import time, the load time and the heap the compiled set keeps (after GC).
 */
public final class IndicatorLoadBench {
    private IndicatorLoadBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("indicator-load");
        boolean fresh = !Files.exists(dir.resolve("vigil.db"));
        try (IntelStore s = IntelStore.open(dir)) {
            if (fresh) {
                long t0 = System.nanoTime();
                IntelStore.Importer im = s.importer(null);
                SplittableRandom rnd = new SplittableRandom(7);
                for (int i = 0; i < n; i++) im.add(StixObject.of(indicator(i, rnd)));
                IntelStore.ImportReport r = im.finish();
                System.out.printf("import: %d indicators stored in %.1f s (%d refused)%n", r.stored, (System.nanoTime() - t0) / 1e9, r.refused);
            }
            long before = IndicatorSets.usedHeapAfterGc();
            long t0 = System.nanoTime();
            IntelStore.ActiveIndicators a = s.activeIndicators(Instant.now());
            double secs = (System.nanoTime() - t0) / 1e9;
            long after = IndicatorSets.usedHeapAfterGc();
            System.out.printf("load: %d of %d indicators compiled in %.1f s; the set keeps %.0f MiB of heap (max heap %d MiB)%n", a.set().indicatorCount(), a.seen(), secs,
                    (after - before) / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static ObjectNode indicator(int i, SplittableRandom rnd) {
        String uuid = new UUID((rnd.nextLong() & ~0xF000L) | 0x4000L, (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        int k = rnd.nextInt(100);
        String pattern;
        if (k < 55) pattern = "[ipv4-addr:value = '" + (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "']";
        else if (k < 60) pattern = "[ipv4-addr:value ISSUBSET '" + (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + ".0.0/16']";
        else if (k < 82) pattern = "[domain-name:value = 'h" + Integer.toHexString(rnd.nextInt()) + ".example" + (i % 97) + ".com']";
        else if (k < 90) pattern = "[url:value = 'http://u" + Integer.toHexString(rnd.nextInt()) + ".example.org/x/" + i + ".php']";
        else pattern = "[file:hashes.'SHA-256' = '" + String.format("%016x%016x%016x%016x", rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()) + "']";
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + uuid)
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                .put("pattern", pattern).put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z").put("confidence", 70);
        o.putArray("indicator_types").add("malicious-activity");
        return o;
    }
}
