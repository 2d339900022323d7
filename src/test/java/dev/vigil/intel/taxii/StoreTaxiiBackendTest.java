package dev.vigil.intel.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.store.Database;
import dev.vigil.store.StixCollection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, plus what only a store-backed backend can get wrong: look-ahead bounds, raw bytes, restarts. */
class StoreTaxiiBackendTest extends TaxiiBackendContractTest {
    static final String OTHER_ROOT = "other";
    static final String OTHER_COLL = "9a1e2f3c-0000-4000-8000-00000000beef";

    @TempDir
    Path tmp;
    private final List<Database> opened = new ArrayList<>();
    private int instances;

    /** The contract's root and collection, plus a second root, so that root scoping is visible. */
    static Map<String, StoreTaxiiBackend.ApiRootConfig> roots() {
        return Map.of(
                ROOT, new StoreTaxiiBackend.ApiRootConfig("contract", "contract root",
                        List.of(new StixCollection(COLL, "contract", null, null, List.of(TaxiiMediaTypes.STIX_21)))),
                OTHER_ROOT, new StoreTaxiiBackend.ApiRootConfig("other", null,
                        List.of(new StixCollection(OTHER_COLL, "other", "elsewhere", "other-alias", List.of()))));
    }

    protected Database openDatabase() {
        return Database.sqlite(tmp.resolve("data" + instances++));
    }

    private Database track(Database db) {
        opened.add(db);
        return db;
    }

    @Override
    protected TaxiiBackend newBackend() {
        return new StoreTaxiiBackend(track(openDatabase()), roots());
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(Database::close);
    }

    @Test
    void theLookAheadIsBoundedAndStillLosesNothing() {
        TaxiiBackend b = newBackend();
        int total = StoreTaxiiBackend.MAX_WITHHELD_SCAN * 2 + 500;
        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < total; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        assertThat(b.add(ROOT, COLL, objs, "p").status().path("success_count").asInt()).isEqualTo(total);
        String firstId = indicator(0, null, null).get("id").asText(), lastId = indicator(total - 1, null, null).get("id").asText();
        ObjectQuery q = new ObjectQuery(null, 1, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(),
                o -> o.get("id").asText().equals(firstId) || o.get("id").asText().equals(lastId) ? o : null);

        List<String> seen = new ArrayList<>();
        int pages = 0, emptyPages = 0;
        VersionPage p = b.query(ROOT, COLL, q);
        while (true) {
            pages++;
            if (p.records().isEmpty()) emptyPages++;
            p.records().forEach(v -> seen.add(v.id()));
            if (!p.more()) break;
            p = b.query(ROOT, COLL, q.withNext(p.next()));
            assertThat(pages).isLessThan(100);
        }
        System.out.printf("look-ahead: %d rows, 2 visible, %d pages, %d empty%n", total, pages, emptyPages);
        assertThat(seen).containsExactly(firstId, lastId);
        // 2500 withheld rows between the two with a 1000-row bound: the first answer cannot see the last object
        assertThat(emptyPages).isPositive();
        assertThat(pages).isLessThanOrEqualTo(2 + total / StoreTaxiiBackend.MAX_WITHHELD_SCAN);
    }

    @Test
    void aRecordDeletedWhileAPageIsBuiltDoesNotMakeTheCursorSkipTheNextOne() {
        TaxiiBackend b = newBackend();
        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 6; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        b.add(ROOT, COLL, objs, "p");
        String second = indicator(1, null, null).get("id").asText(), third = indicator(2, null, null).get("id").asText();
        boolean[] deleted = {false};
        // the moment the backend sees the record that proves "more", another request deletes the page's last record
        ObjectQuery q = new ObjectQuery(null, 2, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), o -> {
            if (!deleted[0] && o.get("id").asText().equals(third)) {
                deleted[0] = true;
                assertThat(b.delete(ROOT, COLL, second, VersionMatch.ALL, Set.of())).isEqualTo(1);
            }
            return o;
        });
        VersionPage first = b.query(ROOT, COLL, q);
        assertThat(deleted[0]).isTrue();
        assertThat(first.records()).extracting(StoredVersion::id).containsExactly(indicator(0, null, null).get("id").asText(), second);
        assertThat(first.more()).isTrue();
        assertThat(b.query(ROOT, COLL, q.withNext(first.next())).records()).extracting(StoredVersion::id).first().isEqualTo(third);
    }

    @Test
    void unchangedObjectsCarryTheirStoredBytesAndRedactedCopiesDoNot() throws Exception {
        TaxiiBackend b = newBackend();
        b.add(ROOT, COLL, List.of(indicator(1, "2021-01-01T00:00:00Z", "2.1").put("name", "plain"),
                indicator(2, "2021-01-01T00:00:00Z", "2.1").put("name", "secret")), "p");
        ObjectQuery q = new ObjectQuery(null, 10, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(),
                o -> o.get("name").asText().equals("secret") ? o.deepCopy().put("name", "[redacted]") : o);
        List<StoredVersion> page = b.query(ROOT, COLL, q).records();
        assertThat(page).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        assertThat(page.get(0).json()).isNotNull();
        assertThat(json.readTree(new String(page.get(0).json(), StandardCharsets.UTF_8))).isEqualTo(page.get(0).object());
        assertThat(page.get(1).json()).isNull();
        assertThat(page.get(1).object().get("name").asText()).isEqualTo("[redacted]");
    }

    @Test
    void rootsAreSeparateAndCursorsBelongToTheirQuery() {
        TaxiiBackend b = newBackend();
        assertThat(b.apiRoots()).containsExactlyInAnyOrder(ROOT, OTHER_ROOT);
        assertThat(b.apiRoot(OTHER_ROOT)).hasValueSatisfying(r -> assertThat(r.path("title").asText()).isEqualTo("other"));
        assertThat(b.apiRoot("nope")).isEmpty();
        assertThat(b.collections(OTHER_ROOT)).singleElement().satisfies(c -> {
            assertThat(c.path("id").asText()).isEqualTo(OTHER_COLL);
            assertThat(c.path("alias").asText()).isEqualTo("other-alias");
            assertThat(c.path("description").asText()).isEqualTo("elsewhere");
        });
        assertThat(b.collections(ROOT).getFirst().path("media_types").get(0).asText()).isEqualTo(TaxiiMediaTypes.STIX_21);

        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 5; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        AddResult r = b.add(ROOT, COLL, objs, "p");
        // a collection is served only under its own root
        assertThat(b.query(OTHER_ROOT, COLL, q(10, VersionMatch.ALL, Set.of())).records()).isEmpty();
        assertThatThrownBy(() -> b.add(OTHER_ROOT, COLL, objs, "p"))
                .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThat(b.status(OTHER_ROOT, r.statusId())).isEmpty();
        assertThat(b.status(ROOT, r.statusId())).hasValueSatisfying(s -> {
            assertThat(s.status().path("success_count").asInt()).isEqualTo(5);
            assertThat(s.status().path("successes")).hasSize(5);
            assertThat(s.status().path("successes").get(0).path("version").asText()).isEqualTo("2021-01-01T00:00:00Z");
        });

        VersionPage first = b.query(ROOT, COLL, q(2, VersionMatch.LAST, Set.of()));
        assertThat(first.more()).isTrue();
        ObjectQuery otherFilter = new ObjectQuery(null, 2, first.next(), Set.of(), Set.of("malware"), VersionMatch.LAST, Set.of(), null);
        assertThatThrownBy(() -> b.query(ROOT, COLL, otherFilter))
                .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    }

    @Test
    void objectsVersionedByModifiedAloneAndUnversionedObservablesAreStored() {
        TaxiiBackend b = newBackend();
        ObjectNode modifiedOnly = indicator(1, "2021-05-05T05:05:05.123Z", "2.1");
        modifiedOnly.remove("created");
        ObjectNode unversioned = new ObjectMapper().createObjectNode().put("type", "ipv4-addr")
                .put("id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd").put("value", "198.51.100.3").put("spec_version", "2.1");
        AddResult r = b.add(ROOT, COLL, List.of(modifiedOnly, unversioned), "p");
        assertThat(r.status().path("success_count").asInt()).isEqualTo(2);
        assertThat(b.query(ROOT, COLL, q(10, VersionMatch.ALL, Set.of())).records()).extracting(v -> v.version())
                .containsExactlyInAnyOrder("2021-05-05T05:05:05.123Z", dev.vigil.store.StoredObject.UNVERSIONED);
        // the same observable again is the same version
        assertThat(b.add(ROOT, COLL, List.of(unversioned), "p").status().path("success_count").asInt()).isEqualTo(1);
        assertThat(b.query(ROOT, COLL, q(10, VersionMatch.ALL, Set.of())).records()).hasSize(2);
    }

    @Test
    void objectsStatusesAndCollectionsSurviveARestart() {
        Path dir = tmp.resolve("restart");
        String statusId;
        try (Database db = Database.sqlite(dir)) {
            StoreTaxiiBackend b = new StoreTaxiiBackend(db, roots());
            statusId = b.add(ROOT, COLL, List.of(indicator(1, "2021-01-01T00:00:00Z", "2.1")), "alice").statusId();
        }
        try (Database db = Database.sqlite(dir)) {
            StoreTaxiiBackend b = new StoreTaxiiBackend(db, roots()); // the configured collections exist already
            assertThat(b.status(ROOT, statusId)).hasValueSatisfying(s -> assertThat(s.submitter()).isEqualTo("alice"));
            assertThat(b.query(ROOT, COLL, q(10, VersionMatch.ALL, Set.of())).records()).hasSize(1);
            assertThat(b.collections(ROOT)).hasSize(1);
        }
    }

    @Test
    void hostileQueryValuesAreBadRequests() {
        TaxiiBackend b = newBackend();
        Set<String> tooManyIds = new HashSet<>();
        for (int i = 0; i < 600; i++) tooManyIds.add(indicator(i, null, null).get("id").asText());
        ObjectQuery many = new ObjectQuery(null, 5, null, tooManyIds, Set.of(), VersionMatch.LAST, Set.of(), null);
        assertThatThrownBy(() -> b.query(ROOT, COLL, many))
                .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        ObjectQuery nothing = q(5, new VersionMatch(false, false, false, Set.of()), Set.of());
        assertThatThrownBy(() -> b.query(ROOT, COLL, nothing))
                .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    }

    /** A partner's page, as the server asks for it (its view named), for the contract's collection. */
    private static ObjectQuery partnerPage(String partner, int limit, java.util.function.UnaryOperator<ObjectNode> view) {
        return new ObjectQuery(null, limit, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), view, "partner:" + partner);
    }

    @Test
    void pagesAreReusedOnlyWhileTheStoreIsUnchangedWhoeverChangesIt() {
        Path dir = tmp.resolve("shared");
        Database db = track(Database.sqlite(dir));
        StoreTaxiiBackend b = new StoreTaxiiBackend(db, roots());
        List<ObjectNode> objs = new ArrayList<>();
        for (int i = 0; i < 5; i++) objs.add(indicator(i, "2021-01-01T00:00:00Z", "2.1"));
        b.add(ROOT, COLL, objs, "p");
        int[] viewCalls = {0};
        java.util.function.UnaryOperator<ObjectNode> counting = o -> {
            viewCalls[0]++;
            return o;
        };
        VersionPage first = b.query(ROOT, COLL, partnerPage("a", 10, counting));
        assertThat(first.records()).hasSize(5);
        int calls = viewCalls[0];
        VersionPage again = b.query(ROOT, COLL, partnerPage("a", 10, counting));
        assertThat(again).as("served from the cache: the view was not asked again").isSameAs(first);
        assertThat(viewCalls[0]).isEqualTo(calls);
        // another partner's view is its own page, even for the same query
        VersionPage other = b.query(ROOT, COLL, partnerPage("b", 10, o -> o.get("id").asText().endsWith("1") ? o : null));
        assertThat(other.records().size()).isLessThan(5);
        // a write through this backend
        b.add(ROOT, COLL, List.of(indicator(5, "2021-01-01T00:00:00Z", "2.1")), "p");
        assertThat(b.query(ROOT, COLL, partnerPage("a", 10, counting)).records()).hasSize(6);
        // a write by another process (its own connection to the same file): a vigil intel import while serve runs
        Database elsewhere = track(Database.sqlite(dir));
        new StoreTaxiiBackend(elsewhere, roots()).add(ROOT, COLL, List.of(indicator(6, "2021-01-01T00:00:00Z", "2.1")), "p");
        assertThat(b.query(ROOT, COLL, partnerPage("a", 10, counting)).records()).hasSize(7);
        // a query without a named view is never cached
        ObjectQuery anonymousView = new ObjectQuery(null, 10, null, Set.of(), Set.of(), VersionMatch.LAST, Set.of(), counting);
        assertThat(b.query(ROOT, COLL, anonymousView)).isNotSameAs(b.query(ROOT, COLL, anonymousView));
    }
}
