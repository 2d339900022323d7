package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk import of the real ATT&CK Enterprise bundle (24,771 objects, 46 MB) into SQLite, streamed with
 * a Jackson parser. Goal (issue 8): the put under 2 s, the whole import under 3 s with a peak heap
 * under 512 MiB. The asserted bounds are looser, for slow shared CI machines; the figures are printed.
 * The PostgreSQL figure (a local throwaway server, fsync off) is printed for comparison, not asserted.
 */
class StixImportPerformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void attackEnterpriseBulkPut(Database.Vendor vendor) throws Exception {
        Path bundle = Corpus.root().resolve("intel/attack/enterprise-attack-18.1.stix21.reconstructed.json.gz");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        System.gc();
        long start = System.nanoTime();
        List<StoredObject> objects = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle), 1 << 16);
             JsonParser p = StixObjects.JSON.createParser(in)) {
            // stream to the "objects" array, then read one object tree at a time
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "objects".equals(p.currentName()) && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode o = StixObjects.JSON.readTree(p);
                        objects.add(StixObjects.fromJson(o));
                    }
                    break;
                }
            }
        }
        long parsed = System.nanoTime();
        assertThat(objects).hasSize(24_771);
        long chars = objects.stream().mapToLong(o -> o.json().length()).sum();

        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = new StixRepository(db);
            long putStart = System.nanoTime();
            List<PutResult> results = repo.put(null, objects);
            long putEnd = System.nanoTime();
            long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(m -> m.getType() == MemoryType.HEAP)
                    .mapToLong(m -> m.getPeakUsage().getUsed()).sum();

            assertThat(results).allMatch(r -> r.outcome() == PutResult.Outcome.ADDED);
            assertThat(repo.versionCount()).isEqualTo(24_771);
            assertThat(repo.countByType()).containsEntry("relationship", 20_048L).containsEntry("attack-pattern", 835L);

            long again = System.nanoTime();
            List<PutResult> repost = repo.put(null, objects);
            long againEnd = System.nanoTime();
            assertThat(repost).allMatch(r -> r.outcome() == PutResult.Outcome.ALREADY_PRESENT);

            double putMs = (putEnd - putStart) / 1e6;
            long dbBytes = vendor == Database.Vendor.SQLITE ? Files.size(tmp.resolve("data").resolve(Database.FILE_NAME)) : -1;
            System.out.printf("store import [%s]: %d objects, %.1f MB JSON; parse %.0f ms, put %.0f ms (goal < 2000), total with open+migrate %.0f ms (goal < 3000), "
                            + "re-post %.0f ms, heap peak (sum of pool peaks, upper bound) %d MiB (goal < 512), db %d MiB%n",
                    vendor, objects.size(), chars / 1e6, (parsed - start) / 1e6, putMs, (putEnd - start) / 1e6,
                    (againEnd - again) / 1e6, heapPeak >> 20, dbBytes >> 20);
            if (vendor == Database.Vendor.SQLITE) assertThat(putMs).as("bulk put, ms").isLessThan(10_000);
        }
        if (vendor == Database.Vendor.SQLITE) {
            // the same put into a second empty store, the JIT now warm: the steady-state figure
            try (Database warm = Database.sqlite(tmp.resolve("warm"))) {
                long t0 = System.nanoTime();
                List<PutResult> results = new StixRepository(warm).put(null, objects);
                System.out.printf("store import [SQLITE, warm JIT]: put %.0f ms%n", (System.nanoTime() - t0) / 1e6);
                assertThat(results).allMatch(r -> r.outcome() == PutResult.Outcome.ADDED);
            }
        }
    }
}
