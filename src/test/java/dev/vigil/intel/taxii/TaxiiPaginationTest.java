package dev.vigil.intel.taxii;

import static dev.vigil.intel.taxii.TaxiiTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Paging over a bulk publish: 10,000 objects sharing only five date_added values, the case where
 * date-based paging skips or loops (NOTES (e) 1). Every object must arrive exactly once and paging must end.
 */
class TaxiiPaginationTest {
    static final String ROOT = "bulk";
    static final String COLL = "0b2a3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";

    /** A backend with {@code n} indicators in one collection; date_added takes only five distinct values. */
    static MemoryTaxiiBackend bulk(int n, long seed) {
        MemoryTaxiiBackend b = new MemoryTaxiiBackend(n * 2);
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("title", "Bulk");
        b.addApiRoot(ROOT, info);
        b.addCollection(ROOT, JsonNodeFactory.instance.objectNode().put("id", COLL).put("title", "bulk publish"));
        java.util.Random rnd = new java.util.Random(seed);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String id = "indicator--" + new UUID(rnd.nextLong(), rnd.nextLong()).toString().replaceFirst("^(.{14}).(.{4}).", "$14$2a");
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("type", "indicator").put("spec_version", "2.1").put("id", id)
                    .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                    .put("pattern", "[ipv4-addr:value = '10.0." + (i / 256) % 256 + "." + i % 256 + "']").put("pattern_type", "stix")
                    .put("valid_from", "2026-01-01T00:00:00Z");
            b.put(ROOT, COLL, o, base.plusSeconds(i % 5));
        }
        return b;
    }

    @Test
    void tenThousandObjectsSharingTimestampsArriveExactlyOnceAndPagingEnds() throws Exception {
        MemoryTaxiiBackend backend = bulk(10_000, 7);
        assertThat(backend.size()).isEqualTo(10_000);
        try (TaxiiServer server = new TaxiiServer(TaxiiServerConfig.loopback(partners(Map.of(COLL, "read"))), backend).start()) {
            URI root = server.baseUri().resolve(ROOT + "/");
            TaxiiClient client = TaxiiClient.builder().basic("alice", ALICE_PASSWORD).build();
            Map<String, Integer> seen = new HashMap<>();
            TaxiiClient.PullResult r = client.pull(root, COLL, Map.of("limit", "100"), o -> seen.merge(o.path("id").asText(), 1, Integer::sum));
            assertThat(r.objects()).isEqualTo(10_000);
            assertThat(seen).hasSize(10_000);
            assertThat(seen.values()).allMatch(c -> c == 1);
            assertThat(r.pages()).isEqualTo(100);
            assertThat(r.lastDateAdded()).isEqualTo("2026-01-01T00:00:04.000000Z");

            // the raw pages: more/next agree, next is opaque (not a number), dates never go backwards
            URI objects = root.resolve("collections/" + COLL + "/objects/");
            String next = null;
            Instant prevLast = Instant.MIN;
            int pages = 0;
            Set<String> tokens = new HashSet<>();
            do {
                HttpResponse<String> resp = get(URI.create(objects + "?limit=333" + (next == null ? "" : "&next=" + next)));
                assertThat(resp.statusCode()).isEqualTo(200);
                JsonNode env = body(resp);
                Instant first = TaxiiTime.parseOrNull(resp.headers().firstValue("X-TAXII-Date-Added-First").orElseThrow());
                assertThat(first).isAfterOrEqualTo(prevLast);
                prevLast = TaxiiTime.parseOrNull(resp.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow());
                next = env.path("more").asBoolean() ? env.path("next").asText(null) : null;
                assertThat(env.has("next")).isEqualTo(env.path("more").asBoolean());
                if (next != null) {
                    assertThat(next).doesNotContainPattern("^[0-9]+$");
                    assertThat(tokens.add(next)).isTrue();
                }
                pages++;
            } while (next != null);
            assertThat(pages).isEqualTo((10_000 + 332) / 333);
        }
    }

    @Test
    void aLimitAboveTheServersCapIsCappedAndSaysMore() throws Exception {
        try (TaxiiServer server = new TaxiiServer(TaxiiServerConfig.loopback(partners(Map.of(COLL, "read"))).withLimits(250, 0), bulk(1000, 3)).start()) {
            JsonNode env = body(get(server.baseUri().resolve(ROOT + "/collections/" + COLL + "/objects/?limit=5000")));
            assertThat(env.path("objects")).hasSize(250);
            assertThat(env.path("more").asBoolean()).isTrue();
            assertThat(env.path("next").asText()).isNotEmpty();
        }
    }

    @Test
    void cursorsSurviveInsertsBetweenPages() {
        MemoryTaxiiBackend b = bulk(500, 11);
        ObjectQuery q = new ObjectQuery(null, 100, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), null);
        List<String> got = new ArrayList<>();
        VersionPage p = b.query(ROOT, COLL, q);
        p.records().forEach(v -> got.add(v.id()));
        // a later add lands after every existing key, so it is served once at the end and nothing repeats
        ObjectNode late = JsonNodeFactory.instance.objectNode().put("type", "indicator").put("spec_version", "2.1")
                .put("id", "indicator--11111111-2222-4333-8444-555555555555").put("created", "2026-02-01T00:00:00Z").put("modified", "2026-02-01T00:00:00Z");
        b.add(ROOT, COLL, List.of(late), "alice");
        while (p.more()) {
            p = b.query(ROOT, COLL, q.withNext(p.next()));
            p.records().forEach(v -> got.add(v.id()));
        }
        assertThat(got).hasSize(501).doesNotHaveDuplicates().endsWith("indicator--11111111-2222-4333-8444-555555555555");
    }
}
