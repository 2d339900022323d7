package dev.vigil.intel.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics {@link TaxiiBackend} promises, checked through the interface only (data enters by
 * {@link TaxiiBackend#add}, so date_added is the backend's own). A store-backed implementation
 * subclasses this and supplies {@link #newBackend} with one empty root {@link #ROOT} holding one
 * empty collection {@link #COLL}.
 */
abstract class TaxiiBackendContractTest {
    static final String ROOT = "contract";
    static final String COLL = "5f0c6a1e-8a3b-4f3e-9c1d-2b7e4a6d8f00";

    /** A fresh backend with root {@link #ROOT} and its collection {@link #COLL}, both empty. */
    protected abstract TaxiiBackend newBackend();

    private TaxiiBackend b;

    @BeforeEach
    void create() {
        b = newBackend();
    }

    static ObjectNode indicator(int n, String modified, String spec) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "indicator")
                .put("id", "indicator--%08x-0000-4000-8000-000000000000".formatted(n)).put("created", "2020-01-01T00:00:00.000Z");
        if (modified != null) o.put("modified", modified);
        if (spec != null) o.put("spec_version", spec);
        return o;
    }

    static ObjectQuery q(int limit, VersionMatch v, Set<String> specs) {
        return new ObjectQuery(null, limit, null, Set.of(), Set.of(), v, specs, null);
    }

    private List<StoredVersion> drain(ObjectQuery query) {
        List<StoredVersion> out = new ArrayList<>();
        VersionPage p = b.query(ROOT, COLL, query);
        out.addAll(p.records());
        int guard = 0;
        while (p.more()) {
            assertThat(p.next()).isNotNull();
            p = b.query(ROOT, COLL, query.withNext(p.next()));
            out.addAll(p.records());
            assertThat(++guard).isLessThan(100_000);
        }
        return out;
    }

    @Test
    void oneBulkAddSharesADateAddedAndStillPagesExactlyOnceInKeyOrder() {
        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) objs.add(indicator(i * 7919 % 1000, "2021-01-01T00:00:00Z", "2.1"));
        AddResult r = b.add(ROOT, COLL, objs, "p");
        assertThat(r.status().path("success_count").asInt()).isEqualTo(1000);
        List<StoredVersion> all = drain(q(37, VersionMatch.LAST, Set.of()));
        assertThat(all).hasSize(1000);
        assertThat(all.stream().map(StoredVersion::id)).doesNotHaveDuplicates().isSorted();
        assertThat(all.stream().map(StoredVersion::dateAdded).distinct()).hasSize(1);
    }

    @Test
    void dateAddedStrictlyIncreasesAcrossAddsSoAddedAfterIsAnExactResumePoint() {
        b.add(ROOT, COLL, List.of(indicator(1, "2021-01-01T00:00:00Z", "2.1")), "p");
        Instant first = drain(q(10, VersionMatch.LAST, Set.of())).getLast().dateAdded();
        b.add(ROOT, COLL, List.of(indicator(2, "2021-01-01T00:00:00Z", "2.1")), "p");
        b.add(ROOT, COLL, List.of(indicator(3, "2021-01-01T00:00:00Z", "2.1")), "p");
        List<StoredVersion> after = drain(new ObjectQuery(first, 10, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), null));
        assertThat(after).extracting(StoredVersion::id).containsExactly(indicator(2, null, null).get("id").asText(), indicator(3, null, null).get("id").asText());
        assertThat(after.get(0).dateAdded()).isAfter(first);
        assertThat(after.get(1).dateAdded()).isAfter(after.get(0).dateAdded());
    }

    @Test
    void versionAndSpecVersionSelection() {
        b.add(ROOT, COLL, List.of(indicator(1, "2021-01-01T00:00:00.000Z", "2.1"), indicator(1, "2021-02-01T00:00:00.000Z", "2.1"),
                indicator(1, "2021-03-01T00:00:00.000Z", null) /* a newer 2.0 version */, indicator(2, null, "2.1")), "p");
        assertThat(drain(q(10, VersionMatch.LAST, Set.of()))).extracting(StoredVersion::version)
                .containsExactlyInAnyOrder("2021-02-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z");
        assertThat(drain(q(10, VersionMatch.parse("first"), Set.of("2.1")))).extracting(StoredVersion::version)
                .containsExactlyInAnyOrder("2021-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z");
        assertThat(drain(q(10, VersionMatch.LAST, Set.of("2.0")))).extracting(StoredVersion::version).containsExactly("2021-03-01T00:00:00.000Z");
        assertThat(drain(q(10, VersionMatch.ALL, Set.of("2.0", "2.1")))).hasSize(4);
        // exact versions compare as instants, whatever the precision written
        assertThat(drain(q(10, VersionMatch.parse("2021-02-01T00:00:00Z"), Set.of()))).extracting(StoredVersion::version)
                .containsExactly("2021-02-01T00:00:00.000Z");
        assertThat(drain(q(10, VersionMatch.ALL, Set.of("2.0", "2.1"))).stream().filter(v -> v.version().startsWith("2021-03")).findFirst().orElseThrow()
                .mediaType()).isEqualTo(TaxiiMediaTypes.STIX_20);
    }

    @Test
    void addsAreIdempotentAndBadObjectsAreFailuresNotExceptions() {
        ObjectNode o = indicator(1, "2021-01-01T00:00:00Z", "2.1");
        b.add(ROOT, COLL, List.of(o), "p");
        ObjectNode bad = JsonNodeFactory.instance.objectNode().put("type", "indicator").put("id", "malware--00000000-0000-4000-8000-000000000000");
        AddResult r = b.add(ROOT, COLL, List.of(o, bad, JsonNodeFactory.instance.objectNode()), "p");
        assertThat(r.status().path("total_count").asInt()).isEqualTo(3);
        assertThat(r.status().path("success_count").asInt()).isEqualTo(1);
        assertThat(r.status().path("failure_count").asInt()).isEqualTo(2);
        assertThat(drain(q(10, VersionMatch.ALL, Set.of("2.0", "2.1")))).hasSize(1);
        assertThat(b.status(ROOT, r.statusId())).hasValueSatisfying(s -> assertThat(s.submitter()).isEqualTo("p"));
        assertThat(b.status(ROOT, "00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void deleteRemovesOnlyMatchingVersions() {
        b.add(ROOT, COLL, List.of(indicator(1, "2021-01-01T00:00:00Z", "2.1"), indicator(1, "2021-02-01T00:00:00Z", "2.1")), "p");
        String id = indicator(1, null, null).get("id").asText();
        assertThat(b.delete(ROOT, COLL, id, VersionMatch.parse("first"), Set.of())).isEqualTo(1);
        assertThat(drain(q(10, VersionMatch.ALL, Set.of("2.1")))).extracting(StoredVersion::version).containsExactly("2021-02-01T00:00:00Z");
        assertThat(b.delete(ROOT, COLL, "indicator--ffffffff-0000-4000-8000-000000000000", VersionMatch.ALL, Set.of())).isZero();
    }

    @Test
    void withheldObjectsDoNotCountTowardTheLimitAndMoreMeansAVisibleRecordFollows() {
        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 30; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        b.add(ROOT, COLL, objs, "p");
        Set<String> visible = new HashSet<>();
        for (int i = 0; i < 30; i += 3) visible.add(indicator(i, null, null).get("id").asText());
        ObjectQuery query = new ObjectQuery(null, 5, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), o -> visible.contains(o.get("id").asText()) ? o : null);
        VersionPage first = b.query(ROOT, COLL, query);
        assertThat(first.records()).hasSize(5);
        VersionPage second = b.query(ROOT, COLL, query.withNext(first.next()));
        assertThat(second.records()).hasSize(5);
        assertThat(second.more()).isFalse(); // the 20 withheld objects after the last visible one do not make "more"
    }

    @Test
    void malformedCursorsAreBadRequests() {
        for (String bad : new String[] {"", "x", "MTIz", "not base64!", "A".repeat(5000)}) {
            assertThatThrownBy(() -> b.query(ROOT, COLL, q(5, VersionMatch.LAST, Set.of()).withNext(bad)))
                    .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        }
    }
}
