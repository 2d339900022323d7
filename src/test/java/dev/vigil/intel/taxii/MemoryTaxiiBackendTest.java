package dev.vigil.intel.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemoryTaxiiBackendTest extends TaxiiBackendContractTest {
    @Override
    protected TaxiiBackend newBackend() {
        return backend(10_000);
    }

    static MemoryTaxiiBackend backend(int cap) {
        MemoryTaxiiBackend m = new MemoryTaxiiBackend(cap);
        m.addApiRoot(ROOT, JsonNodeFactory.instance.objectNode().put("title", "contract"));
        m.addCollection(ROOT, JsonNodeFactory.instance.objectNode().put("id", COLL).put("title", "contract"));
        return m;
    }

    @Test
    void theObjectCapTurnsFurtherAddsIntoFailures() {
        MemoryTaxiiBackend m = backend(10);
        List<com.fasterxml.jackson.databind.node.ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 15; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        AddResult r = m.add(ROOT, COLL, objs, "p");
        assertThat(r.status().path("success_count").asInt()).isEqualTo(10);
        assertThat(r.status().path("failure_count").asInt()).isEqualTo(5);
        assertThat(m.size()).isEqualTo(10);
    }

    @Test
    void concurrentAddsAndPagedReadsStayConsistent() throws Exception {
        MemoryTaxiiBackend m = backend(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int base = w * 10_000;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) m.add(ROOT, COLL, List.of(indicator(base + i, "2021-01-01T00:00:00Z", "2.1")), "p");
                }));
            }
            for (int r = 0; r < 2; r++) {
                fs.add(pool.submit(() -> {
                    for (int k = 0; k < 20; k++) {
                        ObjectQuery q = new ObjectQuery(null, 7, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), null);
                        VersionPage p = m.query(ROOT, COLL, q);
                        List<String> ids = new ArrayList<>(p.records().stream().map(StoredVersion::id).toList());
                        while (p.more()) {
                            p = m.query(ROOT, COLL, q.withNext(p.next()));
                            p.records().forEach(v -> ids.add(v.id()));
                        }
                        assertThat(ids).doesNotHaveDuplicates();
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(m.size()).isEqualTo(400);
    }
}
