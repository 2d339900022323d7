package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.store.Database;
import dev.vigil.store.ManifestEntry;
import dev.vigil.store.Page;
import dev.vigil.store.Query;
import dev.vigil.store.StixRepository;
import dev.vigil.store.StoredObject;
import dev.vigil.store.StoredVersion;
import dev.vigil.store.VersionFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the store's query surface, which TAXII fills from URL parameters a
 * client controls: {@code added_after}, {@code match[id|type|version|spec_version]}, {@code limit}
 * and the opaque {@code next}. An input is newline-separated fields in that order (lists
 * comma-separated), run against a small SQLite store. Must hold: the only exception is
 * IllegalArgumentException (a 400), a page never exceeds its limit, and {@code more} comes with a {@code next}.
 */
class StoreQueryFuzzTest {
    private static final String C = "fuzz";
    private static StixRepository repo;

    static Stream<Arguments> seeds() {
        return Stream.of(
                "\n\n\n\n\n2\n",
                "2016-01-01T00:00:00Z\nindicator--00000000-0000-4000-8000-000000000001,malware--00000000-0000-4000-8000-000000000002\nindicator\nfirst,last\n2.1\n1\n",
                "\n\n\nall\n2.0,2.1\n3\n1.MTc5NTg3MDQ1ODU0ODgwNjoxNjIyNTA1NjAwMDAwMDAwOmFiYzppbmRpY2F0b3ItLTA",
                "\n\nindicator,malware\n2021-06-01T00:00:00.000Z,last\n\n\n")
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    private static synchronized StixRepository repo() {
        if (repo == null) {
            try {
                Path dir = Files.createTempDirectory("vigil-store-fuzz");
                Database db = Database.sqlite(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    db.close();
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    } catch (IOException | UncheckedIOException ignored) {
                        // a temp dir left behind is not worth failing a finished run
                    }
                }));
                new dev.vigil.store.CollectionRepository(db).create(new dev.vigil.store.StixCollection(C, "fuzz", null, null, List.of()));
                repo = new StixRepository(db, 5, 1 << 16);
                List<StoredObject> objects = new ArrayList<>();
                for (int i = 1; i <= 12; i++) {
                    String type = i % 3 == 0 ? "malware" : "indicator";
                    String id = type + "--00000000-0000-4000-8000-0000000000" + String.format("%02d", i);
                    String modified = "2021-06-0" + (1 + i % 3) + "T00:00:00.000Z";
                    objects.add(StoredObject.of(id, type, i % 4 == 0 ? "2.0" : "2.1", "2021-06-01T00:00:00.000Z", modified, false,
                            "{\"id\":\"" + id + "\"}"));
                }
                repo.put(C, objects);
                repo.put(null, objects.subList(0, 3));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return repo;
    }

    @MethodSource("seeds")
    @FuzzTest
    void query(byte[] input) {
        String[] f = Arrays.copyOf(new String(input, StandardCharsets.UTF_8).split("\n", 8), 7);
        StixRepository r = repo();
        Query q;
        try {
            q = new Query(blank(f[0]) ? null : f[0], list(f[1]), list(f[2]), VersionFilter.parse(f[3]), list(f[4]), limit(f[5]),
                    blank(f[6]) ? null : f[6]);
        } catch (IllegalArgumentException refused) {
            return;
        }
        for (String collection : new String[] {C, null}) {
            try {
                check(r.objects(collection, q), q);
                check(r.manifest(collection, q), q);
                if (!q.ids().isEmpty()) check(r.versions(collection, q.ids().getFirst(), q), q);
            } catch (IllegalArgumentException refused) {
                // a bad next token or one from another query: the TAXII layer answers 400
            }
        }
    }

    private static void check(Page<?> page, Query q) {
        int limit = q.limit() == null ? 5 : Math.min(5, q.limit());
        if (page.items().size() > limit) throw new IllegalStateException("page of " + page.items().size() + " over limit " + limit);
        if (page.more() != (page.next() != null)) throw new IllegalStateException("more without next or next without more");
        if (page.items().isEmpty() != (page.dateAddedFirst() == null)) throw new IllegalStateException("date_added headers inconsistent");
        for (Object o : page.items()) {
            String id = o instanceof StoredVersion v ? v.id() : ((ManifestEntry) o).id();
            if (!q.ids().isEmpty() && !q.ids().contains(id)) throw new IllegalStateException("id filter leaked " + id);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static List<String> list(String s) {
        return blank(s) ? List.of() : Arrays.asList(s.split(",", -1));
    }

    private static Integer limit(String s) {
        if (blank(s)) return null;
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad limit");
        }
    }
}
