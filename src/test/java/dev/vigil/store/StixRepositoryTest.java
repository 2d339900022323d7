package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's TAXII semantics, on SQLite and on PostgreSQL. */
class StixRepositoryTest {
    private static final String HIGH_VALUE = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    private static final String IND_6770 = "indicator--6770298f-0fd8-471a-ab8c-1c658a46574e";
    private static final String MALWARE = "malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec";

    @TempDir
    Path tmp;

    /** The medallion fixture collection, each object put on its own so date_added follows the file order. */
    private static StixRepository seedMedallion(Database db) throws Exception {
        new CollectionRepository(db).create(new StixCollection(HIGH_VALUE, "High Value Indicator Collection", null, "high-value",
                List.of("application/stix+json;version=2.0", "application/stix+json;version=2.1")));
        StixRepository repo = new StixRepository(db);
        for (JsonNode o : StixObjects.medallionObjects(Corpus.root().resolve("intel/taxii/medallion-default_data.json"))) {
            assertThat(repo.put(HIGH_VALUE, List.of(StixObjects.fromJson(o))).getFirst().outcome()).isEqualTo(PutResult.Outcome.ADDED);
        }
        return repo;
    }

    private static Map<String, List<String>> versionsById(List<StoredVersion> items) {
        return items.stream().collect(Collectors.groupingBy(StoredVersion::id, Collectors.mapping(StoredVersion::version, Collectors.toList())));
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void versionFilters(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = seedMedallion(db);

            // default: last version, latest spec_version per object; the malware's 2.1 version wins over
            // its later-modified 2.0 version because 2.1 is the object's latest spec_version
            Map<String, List<String>> last = versionsById(repo.objects(HIGH_VALUE, Query.all()).items());
            assertThat(last).hasSize(5);
            assertThat(last.get(IND_6770)).containsExactly("2017-01-27T13:49:53.935Z");
            assertThat(last.get(MALWARE)).containsExactly("2017-01-27T13:49:53.997Z");

            Map<String, List<String>> first = versionsById(repo.objects(HIGH_VALUE, Query.all().versions(VersionFilter.FIRST)).items());
            assertThat(first.get(IND_6770)).containsExactly("2016-11-03T12:30:59.000Z");
            assertThat(first).hasSize(5);

            List<StoredVersion> all = repo.objects(HIGH_VALUE, Query.all().versions(VersionFilter.ALL)).items();
            assertThat(versionsById(all).get(IND_6770)).containsExactlyInAnyOrder(
                    "2016-11-03T12:30:59.000Z", "2016-12-25T12:30:59.444Z", "2017-01-27T13:49:53.935Z");
            assertThat(all).hasSize(7); // the malware's 2.0 version is not the latest spec_version
            assertThat(repo.objects(HIGH_VALUE, Query.all().versions(VersionFilter.ALL).specVersions("2.0", "2.1")).items()).hasSize(8);

            List<StoredVersion> exact = repo.objects(HIGH_VALUE, Query.all().versions(VersionFilter.parse("2016-12-25T12:30:59.444000Z"))).items();
            assertThat(exact).extracting(StoredVersion::id, StoredVersion::version).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(IND_6770, "2016-12-25T12:30:59.444Z"));

            Map<String, List<String>> firstLast = versionsById(repo.objects(HIGH_VALUE, Query.all().versions(VersionFilter.parse("first,last"))).items());
            assertThat(firstLast.get(IND_6770)).containsExactlyInAnyOrder("2016-11-03T12:30:59.000Z", "2017-01-27T13:49:53.935Z");
            assertThat(firstLast.get(MALWARE)).hasSize(1);

            // an explicit spec_version: last is taken among that spec's versions
            List<StoredVersion> v20 = repo.objects(HIGH_VALUE, Query.all().specVersions("2.0")).items();
            assertThat(v20).extracting(StoredVersion::id, StoredVersion::version, StoredVersion::mediaType).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(MALWARE, "2018-02-23T18:30:00.000Z", "application/stix+json;version=2.0"));

            // one-object and versions endpoints
            assertThat(repo.object(HIGH_VALUE, IND_6770, Query.all().versions(VersionFilter.ALL)).items()).hasSize(3);
            assertThat(repo.versions(HIGH_VALUE, IND_6770, Query.all()).items()).extracting(ManifestEntry::version)
                    .containsExactly("2016-11-03T12:30:59.000Z", "2016-12-25T12:30:59.444Z", "2017-01-27T13:49:53.935Z");
            assertThat(repo.versions(HIGH_VALUE, MALWARE, Query.all().specVersions("2.0", "2.1")).items()).hasSize(2);

            // the CLI view of the whole store agrees
            assertThat(repo.latest(IND_6770).orElseThrow().version()).isEqualTo("2017-01-27T13:49:53.935Z");
            assertThat(repo.allVersions(MALWARE)).extracting(StoredVersion::specVersion).containsExactly("2.1", "2.0");
            assertThat(repo.countByType()).containsEntry("indicator", 2L).containsEntry("malware", 1L).containsEntry("relationship", 1L)
                    .containsEntry("marking-definition", 1L);
            assertThat(repo.versionCount()).isEqualTo(8);

            // a whole type read at once (the sensor's indicator load) gives the versions the default query gives
            for (String type : List.of("indicator", "malware", "relationship", "marking-definition", "no-such-type")) {
                List<StoredVersion> streamed = new ArrayList<>();
                List<Integer> batches = new ArrayList<>();
                repo.latestOfType(type, 1, b -> {
                    batches.add(b.size());
                    streamed.addAll(b);
                });
                assertThat(streamed).as(type).containsExactlyInAnyOrderElementsOf(repo.byType(type, 1000, null).items());
                assertThat(batches).as(type).hasSize(streamed.size()).allMatch(n -> n == 1);
            }
            List<StoredVersion> malware = new ArrayList<>();
            repo.latestOfType("malware", 10, malware::addAll);
            assertThat(malware).extracting(StoredVersion::specVersion, StoredVersion::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2.1", "2017-01-27T13:49:53.997Z"));
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void addedAfterIsExclusiveAndDateAddedGrowsPerBatch(Database.Vendor vendor) {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = new StixRepository(db);
            String t = "2020-01-01T00:00:00.000Z";
            List<StoredObject> a = List.of(StixObjects.indicator(UUID.randomUUID(), t, t, 500), StixObjects.indicator(UUID.randomUUID(), t, t, 500));
            List<StoredObject> b = List.of(StixObjects.indicator(UUID.randomUUID(), t, t, 500));
            repo.put(null, a);
            repo.put(null, b);
            Page<StoredVersion> everything = repo.objects(null, Query.all());
            assertThat(everything.items()).hasSize(3);
            String batchA = repo.latest(a.get(0).id()).orElseThrow().dateAdded();
            String batchB = repo.latest(b.get(0).id()).orElseThrow().dateAdded();
            assertThat(repo.latest(a.get(1).id()).orElseThrow().dateAdded()).isEqualTo(batchA);
            assertThat(StixTime.micros(batchB)).isGreaterThan(StixTime.micros(batchA));
            assertThat(batchA).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

            assertThat(repo.objects(null, Query.all().addedAfter(batchA)).items()).extracting(StoredVersion::id).containsExactly(b.get(0).id());
            assertThat(repo.objects(null, Query.all().addedAfter(StixTime.format(StixTime.micros(batchA) - 1))).items()).hasSize(3);
            assertThat(repo.objects(null, Query.all().addedAfter(batchB)).items()).isEmpty();
            Page<StoredVersion> empty = repo.objects(null, Query.all().addedAfter(batchB));
            assertThat(empty.more()).isFalse();
            assertThat(empty.dateAddedFirst()).isNull();
            assertThat(everything.dateAddedFirst()).isEqualTo(batchA);
            assertThat(everything.dateAddedLast()).isEqualTo(batchB);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void matchFiltersAreOrWithinAndAcross(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = seedMedallion(db);
            String rel = "relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463";
            String ind = "indicator--cd981c25-8042-4166-8945-51178443bdac";
            assertThat(repo.objects(HIGH_VALUE, Query.all().types("indicator", "malware")).items()).extracting(StoredVersion::id)
                    .containsExactlyInAnyOrder(ind, IND_6770, MALWARE);
            assertThat(repo.objects(HIGH_VALUE, Query.all().ids(rel, ind)).items()).extracting(StoredVersion::id).containsExactlyInAnyOrder(rel, ind);
            // AND across: the relationship is in the id list but not of a listed type
            assertThat(repo.objects(HIGH_VALUE, Query.all().ids(rel, ind).types("indicator", "malware")).items()).extracting(StoredVersion::id)
                    .containsExactly(ind);
            assertThat(repo.objects(HIGH_VALUE, Query.all().ids(rel).types("indicator")).items()).isEmpty();
            assertThat(repo.manifest(HIGH_VALUE, Query.all().types("indicator").versions(VersionFilter.ALL)).items())
                    .extracting(ManifestEntry::id).containsExactlyInAnyOrder(ind, IND_6770, IND_6770, IND_6770);
            // unknown collection: nothing, not an error (the TAXII layer answers 404 before asking)
            assertThat(repo.objects("no-such-collection", Query.all()).items()).isEmpty();
        }
    }

    /** Acceptance: 10,000 objects sharing one date_added and the same timestamps page out exactly once each, in order. */
    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void pagingOverTenThousandObjectsWithOneDateAdded(Database.Vendor vendor) {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            new CollectionRepository(db).create(new StixCollection("bulk", "bulk", null, null, List.of("application/stix+json;version=2.1")));
            StixRepository repo = new StixRepository(db, 1000, StixRepository.DEFAULT_MAX_OBJECT_CHARS);
            String t = "2021-06-01T00:00:00.000Z";
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) objects.add(StixObjects.indicator(UUID.randomUUID(), t, t, 200));
            assertThat(repo.put("bulk", objects)).allMatch(r -> r.outcome() == PutResult.Outcome.ADDED);
            Set<String> expected = objects.stream().map(StoredObject::id).collect(Collectors.toSet());

            for (String collection : new String[] {"bulk", null}) {
                List<String> seen = new ArrayList<>();
                String next = null;
                int pages = 0;
                String lastKey = "";
                boolean more = true;
                StoredObject lateArrival = null;
                while (more) {
                    Query q = Query.all().limit(97);
                    Page<StoredVersion> page = repo.objects(collection, next == null ? q : q.next(next));
                    pages++;
                    assertThat(pages).as("paging must terminate").isLessThanOrEqualTo(10_000 / 97 + 3);
                    for (StoredVersion v : page.items()) {
                        String key = v.dateAdded() + " " + v.id() + " " + v.versionMicros();
                        assertThat(key).as("strictly increasing order").isGreaterThan(lastKey);
                        lastKey = key;
                        seen.add(v.id());
                    }
                    assertThat(page.more()).isEqualTo(page.next() != null);
                    more = page.more();
                    next = page.next();
                    if (pages == 50 && lateArrival == null) {
                        // written mid-way: lands after everything (later date_added) and is served once
                        lateArrival = StixObjects.indicator(UUID.randomUUID(), t, t, 200);
                        repo.put(collection, List.of(lateArrival));
                        expected.add(lateArrival.id());
                    }
                }
                assertThat(seen).as("every object exactly once").doesNotHaveDuplicates();
                assertThat(new HashSet<>(seen)).isEqualTo(expected);
                assertThat(seen.getLast()).isEqualTo(lateArrival.id());
                System.out.printf("store paging [%s, %s]: %d objects in %d pages of <= 97%n", vendor, collection, seen.size(), pages);
            }

            // the manifest pages the same way; a larger limit is capped at the server's 1000
            Page<ManifestEntry> capped = repo.manifest("bulk", Query.all().limit(5000));
            assertThat(capped.items()).hasSize(1000);
            assertThat(capped.more()).isTrue();
            int total = capped.items().size();
            String next = capped.next();
            while (next != null) {
                Page<ManifestEntry> p = repo.manifest("bulk", Query.all().limit(5000).next(next));
                total += p.items().size();
                next = p.next();
            }
            assertThat(total).isEqualTo(10_001); // the 10,000 and the one written into "bulk" mid-way
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void badNextTokensAreRefused(Database.Vendor vendor) {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = new StixRepository(db);
            String t = "2021-06-01T00:00:00.000Z";
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 5; i++) objects.add(StixObjects.indicator(UUID.randomUUID(), t, t, 200));
            repo.put(null, objects);
            String next = repo.objects(null, Query.all().limit(2)).next();
            assertThat(next).isNotNull();
            assertThat(repo.objects(null, Query.all().limit(3).next(next)).items()).hasSize(3); // limit may change
            assertThatThrownBy(() -> repo.objects(null, Query.all().types("malware").limit(2).next(next)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another query");
            assertThatThrownBy(() -> repo.objects(null, Query.all().next("garbage"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> repo.objects(null, Query.all().next("1.!!!"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Query.all().addedAfter("yesterday")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VersionFilter.parse("last,soon")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void repostIsIdempotentAndChangedContentReplaces(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            CollectionRepository collections = new CollectionRepository(db);
            collections.create(new StixCollection("c1", "one", null, null, List.of()));
            collections.create(new StixCollection("c2", "two", null, null, List.of()));
            StixRepository repo = new StixRepository(db);
            String t = "2022-02-02T02:02:02.222Z";
            StoredObject o = StixObjects.indicator(UUID.randomUUID(), t, t, 400);
            assertThat(repo.put("c1", List.of(o)).getFirst().outcome()).isEqualTo(PutResult.Outcome.ADDED);
            String added = repo.objects("c1", Query.all()).items().getFirst().dateAdded();

            assertThat(repo.put("c1", List.of(o)).getFirst().outcome()).isEqualTo(PutResult.Outcome.ALREADY_PRESENT);
            // the same JSON written with another key order is the same version
            ObjectNode tree = (ObjectNode) StixObjects.JSON.readTree(o.json());
            ObjectNode reordered = StixObjects.JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            for (String n : names.reversed()) reordered.set(n, tree.get(n));
            StoredObject same = StixObjects.fromJson(reordered);
            assertThat(same.json()).isNotEqualTo(o.json());
            assertThat(repo.put("c1", List.of(same)).getFirst().outcome()).isEqualTo(PutResult.Outcome.ALREADY_PRESENT);
            assertThat(repo.objects("c1", Query.all()).items().getFirst().dateAdded()).isEqualTo(added);
            assertThat(repo.objects("c1", Query.all()).items().getFirst().json()).isEqualTo(o.json());

            // already in the store, new to c2: added there, with c2's own date_added
            assertThat(repo.put("c2", List.of(o)).getFirst().outcome()).isEqualTo(PutResult.Outcome.ADDED);
            assertThat(repo.objects("c2", Query.all()).items().getFirst().dateAdded()).isNotEqualTo(added);

            // same (id, version), other content: replaced, and pollers see it again
            tree.put("description", "changed");
            StoredObject changed = StixObjects.fromJson(tree);
            assertThat(repo.put("c1", List.of(changed)).getFirst().outcome()).isEqualTo(PutResult.Outcome.REPLACED);
            assertThat(repo.objects("c1", Query.all().addedAfter(added)).items()).extracting(StoredVersion::json).containsExactly(changed.json());
            assertThat(repo.versionCount()).isEqualTo(1);

            // duplicates within one batch, and a bad object that fails alone
            StoredObject other = StixObjects.indicator(UUID.randomUUID(), t, t, 300);
            StoredObject broken = new StoredObject("indicator--not-a-uuid", "indicator", "2.1", t, t, StixTime.micros(t), false, "{}");
            StoredObject mismatched = new StoredObject(other.id().replace("indicator", "malware"), "indicator", "2.1", t, t, StixTime.micros(t), false, "{}");
            StoredObject badTime = StoredObject.of(other.id().replace("-4", "-5"), "indicator", "2.1", "yesterday", null, false, "{}");
            List<PutResult> results = repo.put("c1", java.util.Arrays.asList(other, broken, other, null, mismatched, badTime));
            assertThat(results).extracting(PutResult::outcome).containsExactly(PutResult.Outcome.ADDED, PutResult.Outcome.FAILED,
                    PutResult.Outcome.ALREADY_PRESENT, PutResult.Outcome.FAILED, PutResult.Outcome.FAILED, PutResult.Outcome.FAILED);
            assertThat(results.get(1).reason()).contains("not <type>--<uuid>");
            assertThat(results.get(4).reason()).contains("does not match");
            assertThat(results.get(5).reason()).contains("not an RFC 3339 timestamp: yesterday");
            assertThatThrownBy(() -> repo.put("nope", List.of(other))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void deleteRemovesSelectedVersions(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = seedMedallion(db);
            assertThat(repo.delete(HIGH_VALUE, IND_6770, VersionFilter.LAST, List.of())).isEqualTo(1);
            assertThat(repo.object(HIGH_VALUE, IND_6770, Query.all()).items()).extracting(StoredVersion::version)
                    .containsExactly("2016-12-25T12:30:59.444Z");
            // gone from the collection, still in the store
            assertThat(repo.allVersions(IND_6770)).hasSize(3);
            assertThat(repo.delete(HIGH_VALUE, MALWARE, VersionFilter.ALL, List.of("2.0"))).isEqualTo(1);
            assertThat(repo.versions(HIGH_VALUE, MALWARE, Query.all().specVersions("2.0", "2.1")).items()).extracting(ManifestEntry::mediaType)
                    .containsExactly("application/stix+json;version=2.1");
            assertThat(repo.delete(HIGH_VALUE, "indicator--00000000-0000-4000-8000-000000000000", VersionFilter.ALL, List.of())).isZero();
            // deleting from the store removes it from every collection
            assertThat(repo.delete(null, IND_6770, VersionFilter.ALL, List.of())).isEqualTo(3);
            assertThat(repo.object(HIGH_VALUE, IND_6770, Query.all().versions(VersionFilter.ALL)).items()).isEmpty();
            assertThat(repo.latest(IND_6770)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void manifestMirrorsObjects(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = seedMedallion(db);
            Query q = Query.all().versions(VersionFilter.ALL).specVersions("2.0", "2.1");
            List<StoredVersion> objects = repo.objects(HIGH_VALUE, q).items();
            List<ManifestEntry> manifest = repo.manifest(HIGH_VALUE, q).items();
            assertThat(manifest).extracting(ManifestEntry::id).containsExactlyElementsOf(objects.stream().map(StoredVersion::id).toList());
            assertThat(manifest).extracting(ManifestEntry::version).containsExactlyElementsOf(objects.stream().map(StoredVersion::version).toList());
            assertThat(manifest).extracting(ManifestEntry::dateAdded).containsExactlyElementsOf(objects.stream().map(StoredVersion::dateAdded).toList());
            assertThat(manifest).extracting(ManifestEntry::mediaType).contains("application/stix+json;version=2.0", "application/stix+json;version=2.1");
            // puts happened in fixture order, one batch each, so date_added follows it
            assertThat(manifest.getFirst().id()).isEqualTo("relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void collectionsAndStatuses(Database.Vendor vendor) {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            CollectionRepository collections = new CollectionRepository(db);
            StixCollection c = new StixCollection("365fed99-08fa-fdcd-a1b3-fb247eb41d01", "adding objects", "for tests", "adds",
                    List.of("application/stix+json;version=2.1"));
            collections.create(c);
            collections.create(new StixCollection("aaa", "first by id", null, null, List.of()));
            assertThat(collections.get("adds")).contains(c);
            assertThat(collections.get(c.id())).contains(c);
            assertThat(collections.list()).extracting(StixCollection::id).containsExactly("365fed99-08fa-fdcd-a1b3-fb247eb41d01", "aaa");
            assertThatThrownBy(() -> collections.create(c)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> collections.create(new StixCollection("bbb", "t", null, "aaa", List.of()))).isInstanceOf(IllegalArgumentException.class);

            StixRepository repo = new StixRepository(db);
            String t = "2023-03-03T03:03:03.333Z";
            StoredObject good = StixObjects.indicator(UUID.randomUUID(), t, t, 300);
            StoredObject bad = new StoredObject("indicator--x", "indicator", "2.1", t, t, StixTime.micros(t), false, "{}");
            List<PutResult> results = repo.put(c.id(), List.of(good, bad));
            String statusId = UUID.randomUUID().toString();
            StatusRepository statuses = new StatusRepository(db);
            statuses.save(PostStatus.complete(statusId, "2023-03-03T03:03:04.000000Z", results));
            PostStatus read = statuses.find(statusId).orElseThrow();
            assertThat(read.status()).isEqualTo("complete");
            assertThat(read.totalCount()).isEqualTo(2);
            assertThat(read.successes()).containsExactly(new PostStatus.Detail(good.id(), t, null));
            assertThat(read.failures()).hasSize(1);
            assertThat(read.failures().getFirst().message()).contains("<type>--<uuid>");
            assertThat(statuses.find("unknown")).isEmpty();

            PostStatus pending = new PostStatus(statusId, PostStatus.PENDING, "2023-03-03T03:03:04.000000Z", List.of(), List.of(),
                    List.of(new PostStatus.Detail(good.id(), t, null)));
            statuses.save(pending);
            assertThat(statuses.find(statusId)).contains(pending);
            assertThat(statuses.purgeSavedBefore(StixTime.micros("2000-01-01T00:00:00Z"))).isZero();
            assertThat(statuses.purgeSavedBefore(Long.MAX_VALUE)).isEqualTo(1);
            assertThat(statuses.find(statusId)).isEmpty();

            assertThat(collections.delete(c.id())).isTrue();
            assertThat(collections.get("adds")).isEmpty();
            assertThat(repo.latest(good.id())).isPresent();
        }
    }

    /** Readers page while a writer writes: no errors, no duplicates within a pass, and the store ends complete. */
    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void readersAndWriterConcurrently(Database.Vendor vendor) throws Exception {
        try (Database db = TestDatabases.open(vendor, tmp)) {
            StixRepository repo = new StixRepository(db);
            String t = "2024-04-04T04:04:04.444Z";
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.concurrent.Future<?> writer = pool.submit(() -> {
                    for (int b = 0; b < 20; b++) {
                        List<StoredObject> batch = new ArrayList<>();
                        for (int i = 0; i < 50; i++) batch.add(StixObjects.indicator(UUID.randomUUID(), t, t, 300));
                        repo.put(null, batch);
                    }
                });
                List<java.util.concurrent.Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    readers.add(pool.submit(() -> {
                        int passes = 0;
                        while (!writer.isDone() || passes == 0) {
                            Set<String> seen = new HashSet<>();
                            String next = null;
                            do {
                                Query q = Query.all().limit(33);
                                Page<StoredVersion> page = repo.objects(null, next == null ? q : q.next(next));
                                for (StoredVersion v : page.items()) assertThat(seen.add(v.id())).isTrue();
                                next = page.next();
                            } while (next != null);
                            passes++;
                        }
                        return passes;
                    }));
                }
                writer.get(120, java.util.concurrent.TimeUnit.SECONDS);
                for (var r : readers) assertThat(r.get(120, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
            } finally {
                pool.shutdownNow();
            }
            assertThat(repo.versionCount()).isEqualTo(1000);
        }
    }

    /** Reopening runs no migration twice, keeps the data, and date_added keeps growing from where it was. */
    @ParameterizedTest
    @EnumSource(Database.Vendor.class)
    void reopenKeepsDataAndClock(Database.Vendor vendor) {
        String pgUrl = vendor == Database.Vendor.POSTGRESQL ? TestPostgres.freshSchemaUrl() : null;
        java.util.function.Supplier<Database> open = () -> vendor == Database.Vendor.SQLITE
                ? Database.sqlite(tmp.resolve("data")) : Database.postgresql(pgUrl, TestPostgres.user(), "");
        String t = "2025-05-05T05:05:05.555Z";
        StoredObject first = StixObjects.indicator(UUID.randomUUID(), t, t, 300);
        String firstAdded;
        try (Database db = open.get()) {
            StixRepository repo = new StixRepository(db);
            repo.put(null, List.of(first));
            firstAdded = repo.latest(first.id()).orElseThrow().dateAdded();
            // push the clock past the wall clock, as a burst of batches within one microsecond would
            db.write(c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE store_clock SET last_micros = last_micros + 60000000");
                }
            });
        }
        try (Database db = open.get()) {
            StixRepository repo = new StixRepository(db);
            assertThat(repo.latest(first.id()).orElseThrow().dateAdded()).isEqualTo(firstAdded);
            StoredObject second = StixObjects.indicator(UUID.randomUUID(), t, t, 300);
            repo.put(null, List.of(second));
            assertThat(StixTime.micros(repo.latest(second.id()).orElseThrow().dateAdded()))
                    .isEqualTo(StixTime.micros(firstAdded) + 60_000_001L);
        }
    }
}
