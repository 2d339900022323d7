package dev.vigil.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.IndicatorSet;
import dev.vigil.intel.stix.StixIssue;
import dev.vigil.intel.stix.StixObject;
import dev.vigil.intel.stix.StixValidator;
import dev.vigil.intel.stix.pattern.StixPattern;
import dev.vigil.intel.stix.pattern.StixPatternException;
import dev.vigil.store.CollectionRepository;
import dev.vigil.store.Database;
import dev.vigil.store.PutResult;
import dev.vigil.store.StixRepository;
import dev.vigil.store.StoredObject;
import dev.vigil.store.StoredVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The intelligence held in a data directory: STIX objects validated on the way in and stored by version,
 * and the sensor's view of them — the active indicators compiled into an {@link IndicatorSet}. One
 * instance per process; thread-safe as the store is.
 */
public final class IntelStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A reader bound to the tree type: {@code ObjectMapper.readTree} looks the type up again on every call. */
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class);
    /** Objects per transaction on import: large enough that SQLite's commit cost vanishes, small enough to bound memory. */
    static final int BATCH = 2000;
    /** Batches waiting for the writer. */
    static final int QUEUED = 4;

    private final Database db;
    private final StixRepository objects;
    private final CollectionRepository collections;
    private final StixValidator validator;

    public IntelStore(Database db) {
        this.db = db;
        this.objects = new StixRepository(db);
        this.collections = new CollectionRepository(db);
        this.validator = new StixValidator(StixValidator.Options.DEFAULT.withPatternCheck(IntelStore::patternProblem));
    }

    public static IntelStore open(Path dataDir) {
        return new IntelStore(Database.sqlite(dataDir));
    }

    public Database database() {
        return db;
    }

    public StixRepository objects() {
        return objects;
    }

    public CollectionRepository collections() {
        return collections;
    }

    static String patternProblem(String pattern) {
        try {
            StixPattern.parse(pattern);
            return null;
        } catch (StixPatternException e) {
            return e.getMessage();
        }
    }

    /** What an import did: objects stored (new versions), already present, refused with their reasons (the first 1,000 kept). */
    public static final class ImportReport {
        public long stored, unchanged, refused;
        public final List<String> reasons = new ArrayList<>();
        public final Map<String, Long> byType = new TreeMap<>();

        void refuse(String id, String why) {
            refused++;
            if (reasons.size() < 1000) reasons.add((id == null ? "(no id)" : id) + ": " + why);
        }
    }

    /**
     * Batches objects into the store; {@link #finish} stores what is left and reports. Validation runs on
     * the caller's thread (beside its parsing), serialisation and the store's transactions on a writer
     * thread of the importer's own: an import uses two cores. At most {@link #QUEUED} batches wait, so a
     * fast reader never holds more than a few thousand objects. Not thread-safe (one caller).
     */
    public final class Importer {
        private final String collection;
        private final ImportReport report = new ImportReport();
        private List<StixObject> batch = new ArrayList<>(BATCH);
        private final java.util.concurrent.BlockingQueue<List<StixObject>> queue = new java.util.concurrent.ArrayBlockingQueue<>(QUEUED);
        private final Thread writer;
        private volatile RuntimeException failed;
        private static final List<StixObject> END = List.of();

        Importer(String collection) {
            this.collection = collection;
            this.writer = Thread.ofPlatform().name("vigil-intel-import").daemon().start(this::write);
        }

        public void add(StixObject o) {
            if (failed != null) throw failed;
            List<StixIssue> issues = validator.validate(o);
            if (StixValidator.hasErrors(issues)) {
                StringBuilder why = new StringBuilder();
                for (StixIssue i : issues) {
                    if (i.level() != StixIssue.Level.ERROR) continue;
                    if (!why.isEmpty()) why.append("; ");
                    why.append(i);
                }
                synchronized (report) {
                    report.refuse(o.id(), why.toString());
                }
                return;
            }
            batch.add(o);
            if (batch.size() >= BATCH) hand(batch);
        }

        private void hand(List<StixObject> b) {
            try {
                queue.put(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            }
            if (b != END) batch = new ArrayList<>(BATCH);
        }

        private void write() {
            try {
                for (List<StixObject> b = queue.take(); b != END; b = queue.take()) {
                    // after a failure the queue is still drained, so the caller never blocks on it
                    if (failed != null) continue;
                    try {
                        store(b);
                    } catch (RuntimeException e) {
                        // what was stored stays stored; the caller learns at its next add or at finish
                        failed = e;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void store(List<StixObject> b) {
            List<StoredObject> rows = new ArrayList<>(b.size());
            for (StixObject o : b) rows.add(stored(o));
            List<PutResult> results = objects.put(collection, rows);
            synchronized (report) {
                for (int i = 0; i < results.size(); i++) {
                    PutResult r = results.get(i);
                    switch (r.outcome()) {
                        case ADDED, REPLACED -> {
                            report.stored++;
                            report.byType.merge(rows.get(i).type(), 1L, Long::sum);
                        }
                        case ALREADY_PRESENT -> report.unchanged++;
                        default -> report.refuse(r.id(), r.reason());
                    }
                }
            }
        }

        public ImportReport finish() {
            if (!batch.isEmpty()) hand(batch);
            hand(END);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            }
            if (failed != null) throw failed;
            synchronized (report) {
                return report;
            }
        }
    }

    /** An importer into {@code collection} (which must exist), or into the store alone when null. */
    public Importer importer(String collection) {
        return new Importer(collection);
    }

    static StoredObject stored(StixObject o) {
        try {
            return StoredObject.of(o.id(), o.type(), o.has("spec_version") ? o.text("spec_version") : null, o.created(), o.modified(), o.revoked(),
                    JSON.writeValueAsString(o.tree()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The active indicators compiled, and why the others were not. */
    public record ActiveIndicators(IndicatorSet set, List<CompiledIndicator> compiled, long seen, Map<String, Long> refused) {}

    /**
     * The indicators that should alert now: the latest version of each, not revoked, inside its validity,
     * compiled; with the ATT&CK techniques its {@code indicates} relationships point at.
     */
    public ActiveIndicators activeIndicators(Instant now) {
        Map<String, List<String>> techniques = indicatedTechniques();
        Loaded loaded = new Loaded();
        // Compiling (JSON, then the pattern) costs more than reading and is independent per indicator: batches
        // compile on the common pool's cores while the next ones are read. At most a few batches wait, so the
        // JSON texts in flight stay bounded; the set is built in the order the batches were read.
        int limit = Math.max(2, 2 * ForkJoinPool.getCommonPoolParallelism());
        ArrayDeque<CompletableFuture<List<IndicatorCompiler.Result>>> inFlight = new ArrayDeque<>();
        objects.latestOfType("indicator", LOAD_BATCH, batch -> {
            inFlight.add(CompletableFuture.supplyAsync(() -> batch.stream().map(v -> compileStored(v, now, techniques)).toList()));
            while (inFlight.size() > limit) loaded.add(join(inFlight.poll()));
        });
        while (!inFlight.isEmpty()) loaded.add(join(inFlight.poll()));
        return new ActiveIndicators(loaded.set.build(), loaded.compiled, loaded.seen, loaded.refused);
    }

    private static final int LOAD_BATCH = 500;

    /** What {@link #activeIndicators} has gathered so far. */
    private static final class Loaded {
        final IndicatorSet.Builder set = new IndicatorSet.Builder();
        final List<CompiledIndicator> compiled = new ArrayList<>();
        final Map<String, Long> refused = new LinkedHashMap<>();
        long seen;

        void add(List<IndicatorCompiler.Result> results) {
            for (IndicatorCompiler.Result r : results) {
                seen++;
                if (r.indicator() == null) {
                    refused.merge(reasonClass(r.refused()), 1L, Long::sum);
                    continue;
                }
                set.add(r.indicator().info(), r.indicator().clauses());
                compiled.add(r.indicator());
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static IndicatorCompiler.Result compileStored(StoredVersion v, Instant now, Map<String, List<String>> techniques) {
        JsonNode n;
        try {
            n = TREE.readTree(v.json());
        } catch (IOException e) {
            return IndicatorCompiler.Result.refused("unreadable");
        }
        return IndicatorCompiler.compile(n, now, techniques.getOrDefault(v.id(), List.of()));
    }

    /** The first words of a refusal: the per-indicator detail (a value, a date) would make every reason unique. */
    private static String reasonClass(String why) {
        int colon = why.indexOf(':');
        int paren = why.indexOf('(');
        int cut = colon < 0 ? paren : paren < 0 ? colon : Math.min(colon, paren);
        return (cut < 0 ? why : why.substring(0, cut)).trim();
    }

    /** indicator id -> ATT&CK technique ids, from {@code indicates} relationships to attack-patterns. */
    private Map<String, List<String>> indicatedTechniques() {
        Map<String, List<String>> targets = new HashMap<>();
        objects.latestOfType("relationship", LOAD_BATCH, batch -> {
            for (StoredVersion v : batch) {
                try {
                    JsonNode r = JSON.readTree(v.json());
                    String src = r.path("source_ref").asText(""), dst = r.path("target_ref").asText("");
                    if (r.path("relationship_type").asText().equals("indicates") && src.startsWith("indicator--") && dst.startsWith("attack-pattern--")) {
                        targets.computeIfAbsent(src, k -> new ArrayList<>()).add(dst);
                    }
                } catch (IOException e) {
                    // an unreadable relationship names no technique
                }
            }
        });
        Map<String, String> external = new HashMap<>();
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : targets.entrySet()) {
            for (String ap : e.getValue()) {
                String t = external.computeIfAbsent(ap, this::attackId);
                if (!t.isEmpty()) out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }

    private String attackId(String attackPatternId) {
        return objects.latest(attackPatternId).map(v -> {
            try {
                for (JsonNode r : JSON.readTree(v.json()).path("external_references")) {
                    if (r.path("source_name").asText().equals("mitre-attack")) return r.path("external_id").asText("");
                }
            } catch (IOException e) {
                return "";
            }
            return "";
        }).orElse("");
    }

    /** Stores objects made here (sightings, identities): they are valid by construction, and checked anyway. */
    public ImportReport storeOwn(List<ObjectNode> made, String collection) {
        Importer im = importer(collection);
        for (ObjectNode n : made) im.add(StixObject.of(n));
        return im.finish();
    }

    @Override
    public void close() {
        db.close();
    }
}
