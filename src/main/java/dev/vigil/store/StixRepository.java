package dev.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * STIX object versions, stored once and listed in any number of collections, read back with the
 * TAXII 2.1 filters and cursor paging. A {@code collectionId} of null means the whole store (every
 * version, with the {@code date_added} it got when first stored) — what the CLI reads.
 *
 * <p>Results are ordered by (date_added, id, version), a total order: one put batch shares one
 * {@code date_added}, later batches get strictly later ones.
 */
public final class StixRepository {
    public static final int DEFAULT_PAGE_CAP = 1000;
    public static final int DEFAULT_MAX_OBJECT_CHARS = 16 << 20;
    /** Cap on {@link #allVersions}: an object with more versions than this is misbehaving input. */
    public static final int MAX_VERSIONS_LISTED = 10_000;

    private static final int CHUNK = 500;
    private static final Pattern STIX_ID = Pattern.compile(
            "([a-z0-9][a-z0-9-]{0,248}[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SPEC_VERSION = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final int pageCap;
    private final int maxObjectChars;

    public StixRepository(Database db) {
        this(db, DEFAULT_PAGE_CAP, DEFAULT_MAX_OBJECT_CHARS);
    }

    public StixRepository(Database db, int pageCap, int maxObjectChars) {
        if (pageCap < 1 || maxObjectChars < 1) throw new IllegalArgumentException("caps must be positive");
        this.db = db;
        this.pageCap = pageCap;
        this.maxObjectChars = maxObjectChars;
    }

    public int pageCap() {
        return pageCap;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores a batch in one transaction, into {@code collectionId} (which must exist) or into the store
     * alone when it is null. Returns one result per object, in order; an invalid object fails alone.
     */
    public List<PutResult> put(String collectionId, List<StoredObject> objects) {
        PutResult[] results = new PutResult[objects.size()];
        List<Integer> valid = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            String problem = problem(objects.get(i));
            if (problem == null) {
                valid.add(i);
            } else {
                StoredObject o = objects.get(i);
                results[i] = new PutResult(o == null ? null : o.id(), o == null ? null : safeVersion(o), PutResult.Outcome.FAILED, problem);
            }
        }
        if (valid.isEmpty()) return Arrays.asList(results);
        return db.write(c -> {
            if (collectionId != null && !collectionExists(c, collectionId)) {
                throw new IllegalArgumentException("no such collection: " + collectionId);
            }
            long dateAdded = nextDateAdded(c);
            for (int from = 0; from < valid.size(); from += CHUNK) {
                putChunk(c, collectionId, objects, valid.subList(from, Math.min(valid.size(), from + CHUNK)), dateAdded, results);
            }
            return Arrays.asList(results);
        });
    }

    private void putChunk(Connection c, String collectionId, List<StoredObject> objects, List<Integer> chunk,
                          long dateAdded, PutResult[] results) throws SQLException {
        Set<String> ids = new HashSet<>();
        for (int i : chunk) ids.add(objects.get(i).id());
        Map<String, String> bodies = existingBodies(c, ids);
        Set<String> members = collectionId == null ? Set.of() : existingMembers(c, collectionId, ids);

        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO stix_object (id, version_micros, type, spec_version, created, modified, revoked, date_added, body) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement replace = c.prepareStatement(
                     "UPDATE stix_object SET type = ?, spec_version = ?, created = ?, modified = ?, revoked = ?, date_added = ?, body = ? "
                             + "WHERE id = ? AND version_micros = ?");
             PreparedStatement replaceMembers = c.prepareStatement(
                     "UPDATE stix_collection_object SET spec_version = ?, date_added = ? WHERE id = ? AND version_micros = ?");
             PreparedStatement join = collectionId == null ? null : c.prepareStatement(
                     "INSERT INTO stix_collection_object (collection_id, id, version_micros, type, spec_version, date_added) "
                             + "VALUES (?, ?, ?, ?, ?, ?)")) {
            int inserts = 0, replaces = 0, joins = 0;
            for (int i : chunk) {
                StoredObject o = objects.get(i);
                String key = key(o.id(), o.versionMicros());
                String old = bodies.get(key);
                PutResult.Outcome outcome;
                if (old == null) {
                    bind(insert, o, dateAdded);
                    insert.addBatch();
                    inserts++;
                    outcome = PutResult.Outcome.ADDED;
                } else if (sameContent(old, o.json())) {
                    outcome = PutResult.Outcome.ALREADY_PRESENT;
                } else {
                    replace.setString(1, o.type());
                    replace.setString(2, o.specVersion());
                    replace.setString(3, o.created());
                    replace.setString(4, o.modified());
                    replace.setBoolean(5, o.revoked());
                    replace.setLong(6, dateAdded);
                    replace.setString(7, o.json());
                    replace.setString(8, o.id());
                    replace.setLong(9, o.versionMicros());
                    replace.addBatch();
                    replaceMembers.setString(1, o.specVersion());
                    replaceMembers.setLong(2, dateAdded);
                    replaceMembers.setString(3, o.id());
                    replaceMembers.setLong(4, o.versionMicros());
                    replaceMembers.addBatch();
                    replaces++;
                    outcome = PutResult.Outcome.REPLACED;
                }
                bodies.put(key, o.json());
                if (join != null && members.add(key)) {
                    join.setString(1, collectionId);
                    join.setString(2, o.id());
                    join.setLong(3, o.versionMicros());
                    join.setString(4, o.type());
                    join.setString(5, o.specVersion());
                    join.setLong(6, dateAdded);
                    join.addBatch();
                    joins++;
                    outcome = PutResult.Outcome.ADDED;
                }
                results[i] = new PutResult(o.id(), o.version(), outcome, null);
            }
            // order matters: rows exist before they are replaced, objects before their memberships
            if (inserts > 0) insert.executeBatch();
            if (replaces > 0) {
                replace.executeBatch();
                replaceMembers.executeBatch();
            }
            if (joins > 0) join.executeBatch();
        }
    }

    private static void bind(PreparedStatement insert, StoredObject o, long dateAdded) throws SQLException {
        insert.setString(1, o.id());
        insert.setLong(2, o.versionMicros());
        insert.setString(3, o.type());
        insert.setString(4, o.specVersion());
        insert.setString(5, o.created());
        insert.setString(6, o.modified());
        insert.setBoolean(7, o.revoked());
        insert.setLong(8, dateAdded);
        insert.setString(9, o.json());
    }

    private static Map<String, String> existingBodies(Connection c, Set<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        List<String> list = List.copyOf(ids);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, version_micros, body FROM stix_object WHERE id IN (" + placeholders(list.size()) + ")")) {
            for (int i = 0; i < list.size(); i++) ps.setString(i + 1, list.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(key(rs.getString(1), rs.getLong(2)), rs.getString(3));
            }
        }
        return out;
    }

    private static Set<String> existingMembers(Connection c, String collectionId, Set<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        List<String> list = List.copyOf(ids);
        try (PreparedStatement ps = c.prepareStatement("SELECT id, version_micros FROM stix_collection_object WHERE collection_id = ? AND id IN ("
                + placeholders(list.size()) + ")")) {
            ps.setString(1, collectionId);
            for (int i = 0; i < list.size(); i++) ps.setString(i + 2, list.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(key(rs.getString(1), rs.getLong(2)));
            }
        }
        return out;
    }

    /** A strictly later date_added than any handed out before; the row update also serialises writers. */
    static long nextDateAdded(Connection c) throws SQLException {
        long now = StixTime.nowMicros();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE store_clock SET last_micros = CASE WHEN last_micros + 1 > ? THEN last_micros + 1 ELSE ? END WHERE name = 'date_added'")) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            if (ps.executeUpdate() != 1) throw new SQLException("store_clock row missing");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_micros FROM store_clock WHERE name = 'date_added'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Same bytes, or the same JSON written differently (key order, spacing): a re-post, not a change. */
    private static boolean sameContent(String stored, String posted) {
        if (stored.equals(posted)) return true;
        try {
            JsonNode a = JSON.readTree(stored);
            JsonNode b = JSON.readTree(posted);
            return a != null && a.equals(b);
        } catch (Exception e) {
            return false;
        }
    }

    private String problem(StoredObject o) {
        if (o == null) return "null object";
        if (o.id() == null || o.id().length() > 300) return "missing or over-long id";
        var m = STIX_ID.matcher(o.id());
        if (!m.matches()) return "id is not <type>--<uuid>: " + o.id();
        if (!m.group(1).equals(o.type())) return "type " + o.type() + " does not match id " + o.id();
        if (o.specVersion() == null || !SPEC_VERSION.matcher(o.specVersion()).matches()) return "bad spec_version: " + o.specVersion();
        if (o.json() == null || o.json().isBlank()) return "no JSON body";
        if (o.json().length() > maxObjectChars) return "object larger than " + maxObjectChars + " characters";
        try {
            StixTime.micros(o.created());
            long version = StixTime.micros(o.version());
            if (version != o.versionMicros()) return "versionMicros does not match " + o.version();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String safeVersion(StoredObject o) {
        String v = o.version();
        return v != null && v.length() <= 40 ? v : null;
    }

    private static boolean collectionExists(Connection c, String collectionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM stix_collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Deletes the versions of {@code id} that the version and spec_version filters select (TAXII DELETE).
     * From a collection, only the membership goes (the version stays in the store and other
     * collections); with a null collection the versions leave the store and every collection.
     *
     * @return the number of versions deleted
     */
    public int delete(String collectionId, String id, VersionFilter versions, List<String> specVersions) {
        Query q = new Query(null, List.of(id), List.of(), versions, specVersions, null, null);
        return db.write(c -> {
            ObjectQuerySql.Sql sql = ObjectQuerySql.build(collectionId, q, ObjectQuerySql.Shape.VERSION_KEYS, null, 0);
            List<Long> doomed = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) doomed.add(rs.getLong(1));
            }
            String delete = collectionId == null
                    ? "DELETE FROM stix_object WHERE id = ? AND version_micros = ?"
                    : "DELETE FROM stix_collection_object WHERE id = ? AND version_micros = ? AND collection_id = ?";
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                for (long v : doomed) {
                    ps.setString(1, id);
                    ps.setLong(2, v);
                    if (collectionId != null) ps.setString(3, collectionId);
                    ps.addBatch();
                }
                if (!doomed.isEmpty()) ps.executeBatch();
            }
            return doomed.size();
        });
    }

    // ---------------------------------------------------------------- TAXII reads

    /** TAXII objects endpoint. {@link IllegalArgumentException} for a malformed or foreign {@code next}. */
    public Page<StoredVersion> objects(String collectionId, Query query) {
        return page(collectionId, query, ObjectQuerySql.Shape.OBJECTS);
    }

    /** TAXII manifest endpoint: the same selection as {@link #objects}, without bodies. */
    public Page<ManifestEntry> manifest(String collectionId, Query query) {
        return page(collectionId, query, ObjectQuerySql.Shape.MANIFEST);
    }

    /** TAXII one-object endpoint: {@link #objects} restricted to {@code id} (type and id filters of {@code query} are replaced). */
    public Page<StoredVersion> object(String collectionId, String id, Query query) {
        return objects(collectionId, new Query(query.addedAfter(), List.of(id), List.of(), query.versions(), query.specVersions(), query.limit(), query.next()));
    }

    /** TAXII versions endpoint: every version of {@code id} that passes added_after and spec_version. */
    public Page<ManifestEntry> versions(String collectionId, String id, Query query) {
        return manifest(collectionId, new Query(query.addedAfter(), List.of(id), List.of(), VersionFilter.ALL, query.specVersions(), query.limit(), query.next()));
    }

    @SuppressWarnings("unchecked")
    private <T> Page<T> page(String collectionId, Query query, ObjectQuerySql.Shape shape) {
        String selection = query.selectionKey(collectionId);
        PageCursor after = query.next() == null ? null : PageCursor.decode(query.next(), selection);
        int limit = query.limit() == null ? pageCap : Math.min(query.limit(), pageCap);
        ObjectQuerySql.Sql sql = ObjectQuerySql.build(collectionId, query, shape, after, limit + 1);
        List<Object> items = new ArrayList<>();
        List<PageCursor> keys = new ArrayList<>();
        db.read(c -> {
            try (PreparedStatement ps = prepare(c, sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (shape == ObjectQuerySql.Shape.OBJECTS) {
                        StoredVersion v = version(rs);
                        items.add(v);
                        keys.add(new PageCursor(rs.getLong(8), v.id(), v.versionMicros()));
                    } else {
                        String created = rs.getString(4), modified = rs.getString(5);
                        long dateAdded = rs.getLong(7);
                        items.add(new ManifestEntry(rs.getString(1), StixTime.format(dateAdded), modified != null ? modified : created,
                                ManifestEntry.mediaType(rs.getString(3))));
                        keys.add(new PageCursor(dateAdded, rs.getString(1), rs.getLong(6)));
                    }
                }
            }
            return null;
        });
        boolean more = items.size() > limit;
        if (more) {
            items.removeLast();
            keys.removeLast();
        }
        if (items.isEmpty()) return new Page<>(List.of(), false, null, null, null);
        String next = more ? keys.getLast().encode(selection) : null;
        return (Page<T>) new Page<>(items, more, next, StixTime.format(keys.getFirst().dateAdded()), StixTime.format(keys.getLast().dateAdded()));
    }

    // ---------------------------------------------------------------- reads for the CLI

    /** The latest version of {@code id} in the store (latest spec_version first, then latest modified). */
    public Optional<StoredVersion> latest(String id) {
        List<StoredVersion> items = objects(null, Query.all().ids(id)).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(items.getFirst());
    }

    /** Every stored version of {@code id}, oldest first, whatever its spec_version (at most {@link #MAX_VERSIONS_LISTED}). */
    public List<StoredVersion> allVersions(String id) {
        return db.read(c -> {
            List<StoredVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, spec_version, created, modified, version_micros, revoked, date_added, body "
                    + "FROM stix_object WHERE id = ? ORDER BY version_micros LIMIT " + MAX_VERSIONS_LISTED)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(version(rs));
                }
            }
            return out;
        });
    }

    /** Latest versions of the objects of one type, in store order, {@code limit} at a time. */
    public Page<StoredVersion> byType(String type, int limit, String next) {
        Query q = Query.all().types(type).limit(limit);
        return objects(null, next == null ? q : q.next(next));
    }

    /**
     * Every object of {@code type} at the version {@link #byType} would give (its latest spec_version, then
     * its newest version), handed to {@code sink} {@code batchSize} at a time from one read transaction, in
     * no promised order. For reading a whole type at once (the indicators at a sensor's start): one walk of
     * the type index with a probe of the key per row, where a page query sorts each page and runs two
     * sub-queries per row (a million indicators: a few seconds instead of tens).
     */
    public void latestOfType(String type, int batchSize, Consumer<List<StoredVersion>> sink) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.type, s.spec_version, s.created, s.modified, s.version_micros, s.revoked, "
                    + "s.date_added, s.body FROM stix_object s WHERE s.type = ? AND NOT EXISTS (SELECT 1 FROM stix_object t WHERE t.id = s.id "
                    + "AND (t.spec_version > s.spec_version OR (t.spec_version = s.spec_version AND t.version_micros > s.version_micros)))")) {
                ps.setString(1, type);
                // PostgreSQL otherwise reads the whole result into memory before the first row
                ps.setFetchSize(batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    List<StoredVersion> batch = new ArrayList<>(batchSize);
                    while (rs.next()) {
                        batch.add(version(rs));
                        if (batch.size() == batchSize) {
                            sink.accept(batch);
                            batch = new ArrayList<>(batchSize);
                        }
                    }
                    if (!batch.isEmpty()) sink.accept(batch);
                }
            }
            return null;
        });
    }

    /** Number of distinct objects per type in the whole store. */
    public SortedMap<String, Long> countByType() {
        return db.read(c -> {
            SortedMap<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, count(DISTINCT id) FROM stix_object GROUP BY type");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    /** Number of stored versions, all objects, all collections. */
    public long versionCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM stix_object"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static StoredVersion version(ResultSet rs) throws SQLException {
        return new StoredVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getBoolean(7), StixTime.format(rs.getLong(8)), rs.getString(9));
    }

    private static PreparedStatement prepare(Connection c, ObjectQuerySql.Sql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.text());
        try {
            List<Object> params = sql.params();
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                switch (p) {
                    case String s -> ps.setString(i + 1, s);
                    case Long l -> ps.setLong(i + 1, l);
                    case Integer n -> ps.setInt(i + 1, n);
                    default -> throw new IllegalStateException("unexpected parameter " + p.getClass());
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static String key(String id, long versionMicros) {
        return id + '\u0000' + versionMicros;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
