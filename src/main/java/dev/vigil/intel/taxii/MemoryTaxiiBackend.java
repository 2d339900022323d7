package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * A complete {@link TaxiiBackend} in memory, for tests and small deployments. Thread-safe (one
 * read/write lock: reads are concurrent), bounded by a cap on stored versions across all collections
 * (adds beyond it are reported as failures) and a cap on remembered status resources.
 */
public final class MemoryTaxiiBackend implements TaxiiBackend {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern STIX_ID = Pattern.compile("([a-z0-9][a-z0-9-]{0,250})--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_STATUSES = 10_000;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Root> roots = new LinkedHashMap<>();
    private final int maxObjects;
    private final Clock clock;
    private int stored;
    private Instant lastDateAdded = Instant.EPOCH;

    public MemoryTaxiiBackend(int maxObjects) {
        this(maxObjects, Clock.systemUTC());
    }

    public MemoryTaxiiBackend(int maxObjects, Clock clock) {
        if (maxObjects < 1) throw new IllegalArgumentException("maxObjects must be >= 1");
        this.maxObjects = maxObjects;
        this.clock = clock;
    }

    // ---- setup -------------------------------------------------------------------------------------

    /** Adds (or replaces the information of) an API root. */
    public void addApiRoot(String name, ObjectNode information) {
        lock.writeLock().lock();
        try {
            roots.computeIfAbsent(name, n -> new Root()).information = information.deepCopy();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds a collection (its descriptor needs at least {@code id} and {@code title}). */
    public void addCollection(String root, ObjectNode descriptor) {
        String id = descriptor.path("id").asText("");
        if (id.isEmpty()) throw new IllegalArgumentException("collection without id");
        ObjectNode d = descriptor.deepCopy();
        d.remove("can_read");
        d.remove("can_write");
        lock.writeLock().lock();
        try {
            Root r = roots.get(root);
            if (r == null) throw new IllegalArgumentException("unknown API root " + root);
            r.collections.put(id, new Coll(d));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Stores one object version with a given date_added (seeding from an existing server's state);
     * false when that version was already stored, IllegalArgumentException when the object is unusable.
     */
    public boolean put(String root, String collectionId, ObjectNode object, Instant dateAdded) {
        lock.writeLock().lock();
        try {
            Coll c = coll(root, collectionId);
            if (c == null) throw new IllegalArgumentException("unknown collection " + root + "/" + collectionId);
            String err = store(c, object, TaxiiTime.truncate(dateAdded));
            if (err != null && !err.isEmpty()) throw new IllegalArgumentException(err);
            if (dateAdded.isAfter(lastDateAdded)) lastDateAdded = TaxiiTime.truncate(dateAdded);
            return err != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Remembers a status resource (seeding). */
    public void putStatus(String root, StatusRecord status) {
        lock.writeLock().lock();
        try {
            Root r = roots.get(root);
            if (r == null) throw new IllegalArgumentException("unknown API root " + root);
            r.statuses.put(status.status().path("id").asText(), new StatusRecord(status.submitter(), status.status().deepCopy()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return stored;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- TaxiiBackend ------------------------------------------------------------------------------

    @Override
    public List<String> apiRoots() {
        lock.readLock().lock();
        try {
            return List.copyOf(roots.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<ObjectNode> apiRoot(String root) {
        lock.readLock().lock();
        try {
            Root r = roots.get(root);
            return r == null ? Optional.empty() : Optional.of(r.information.deepCopy());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ObjectNode> collections(String root) {
        lock.readLock().lock();
        try {
            Root r = roots.get(root);
            if (r == null) return List.of();
            List<ObjectNode> out = new ArrayList<>();
            for (Coll c : r.collections.values()) out.add(c.descriptor.deepCopy());
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public VersionPage query(String root, String collectionId, ObjectQuery q) {
        PageCursor after = q.next() == null ? null : PageCursor.decode(q.next());
        lock.readLock().lock();
        try {
            Coll c = coll(root, collectionId);
            if (c == null) return new VersionPage(List.of(), false, null);
            Iterable<Rec> candidates = candidates(c, q, after);
            List<StoredVersion> page = new ArrayList<>(Math.min(q.limit(), 1024));
            PageCursor lastKey = null;
            for (Rec r : candidates) {
                if (!matches(c, r, q)) continue;
                ObjectNode visible = q.view().apply(r.object);
                if (visible == null) continue;
                if (page.size() == q.limit()) return new VersionPage(page, true, lastKey.encode());
                page.add(new StoredVersion(r.key.id(), r.versionText, r.key.dateAdded(), r.mediaType, visible, visible == r.object ? r.json : null));
                lastKey = r.key;
            }
            return new VersionPage(page, false, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public AddResult add(String root, String collectionId, List<ObjectNode> objects, List<Refusal> refused, String submitter) {
        lock.writeLock().lock();
        try {
            Root r = roots.get(root);
            Coll c = coll(root, collectionId);
            if (r == null || c == null) throw TaxiiException.notFound("unknown collection");
            Instant now = TaxiiTime.truncate(clock.instant());
            // strictly later than any earlier request, so added_after paging never skips a later add
            Instant dateAdded = now.isAfter(lastDateAdded) ? now : lastDateAdded.plus(1, ChronoUnit.MICROS);
            lastDateAdded = dateAdded;
            ObjectNode status = JSON.objectNode();
            status.put("id", UUID.randomUUID().toString());
            status.put("status", "complete");
            status.put("request_timestamp", TaxiiTime.format(now));
            status.put("total_count", objects.size() + refused.size());
            ArrayNode successes = JSON.arrayNode(), failures = JSON.arrayNode();
            for (Refusal x : refused) {
                ObjectNode detail = failures.addObject().put("id", x.id());
                if (x.version() != null) detail.put("version", x.version());
                detail.put("message", x.message());
            }
            for (ObjectNode o : objects) {
                String err = store(c, o, dateAdded);
                ObjectNode detail = JSON.objectNode();
                detail.put("id", o.path("id").isTextual() ? o.path("id").asText() : "");
                String v = TaxiiBackend.versionText(o);
                if (v != null) detail.put("version", v);
                if (err == null || err.isEmpty()) {
                    if (err == null) detail.put("message", "already present");
                    successes.add(detail);
                } else {
                    detail.put("message", err);
                    failures.add(detail);
                }
            }
            status.put("success_count", successes.size());
            status.set("successes", successes);
            status.put("failure_count", failures.size());
            status.set("failures", failures);
            status.put("pending_count", 0);
            status.set("pendings", JSON.arrayNode());
            r.statuses.put(status.get("id").asText(), new StatusRecord(submitter, status));
            return new AddResult(status.deepCopy());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int delete(String root, String collectionId, String objectId, VersionMatch versions, Set<String> specVersions) {
        lock.writeLock().lock();
        try {
            Coll c = coll(root, collectionId);
            if (c == null) return 0;
            TreeMap<Instant, Rec> vs = c.byId.get(objectId);
            if (vs == null) return 0;
            ObjectQuery q = new ObjectQuery(null, 1, null, Set.of(objectId), Set.of(), versions, specVersions, null);
            List<Rec> doomed = new ArrayList<>();
            for (Rec r : vs.values()) if (matches(c, r, q)) doomed.add(r);
            for (Rec r : doomed) {
                vs.remove(r.key.version());
                c.byKey.remove(r.key);
                stored--;
            }
            if (vs.isEmpty()) c.byId.remove(objectId);
            return doomed.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<StatusRecord> status(String root, String statusId) {
        lock.readLock().lock();
        try {
            Root r = roots.get(root);
            StatusRecord s = r == null ? null : r.statuses.get(statusId);
            return s == null ? Optional.empty() : Optional.of(new StatusRecord(s.submitter(), s.status().deepCopy()));
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- internals ---------------------------------------------------------------------------------

    private Coll coll(String root, String collectionId) {
        Root r = roots.get(root);
        return r == null ? null : r.collections.get(collectionId);
    }

    /** Records from just after the cursor / added_after bound, in key order; by id when ids are named. */
    private static Iterable<Rec> candidates(Coll c, ObjectQuery q, PageCursor after) {
        PageCursor lower = after;
        if (q.addedAfter() != null) {
            PageCursor bound = new PageCursor(q.addedAfter(), "", Instant.MIN);
            if (lower == null || bound.compareTo(lower) > 0) lower = bound;
        }
        if (!q.ids().isEmpty() && q.ids().size() <= 1024) {
            TreeMap<PageCursor, Rec> subset = new TreeMap<>();
            for (String id : q.ids()) {
                TreeMap<Instant, Rec> vs = c.byId.get(id);
                if (vs == null) continue;
                for (Rec r : vs.values()) if (lower == null || r.key.compareTo(lower) > 0) subset.put(r.key, r);
            }
            return subset.values();
        }
        NavigableMap<PageCursor, Rec> tail = lower == null ? c.byKey : c.byKey.tailMap(lower, false);
        return tail.values();
    }

    private static boolean matches(Coll c, Rec r, ObjectQuery q) {
        if (q.addedAfter() != null && !r.key.dateAdded().isAfter(q.addedAfter())) return false;
        if (!q.ids().isEmpty() && !q.ids().contains(r.key.id())) return false;
        if (!q.types().isEmpty() && !q.types().contains(r.type)) return false;
        TreeMap<Instant, Rec> versions = c.byId.get(r.key.id());
        String wantedSpec = q.specVersions().isEmpty() ? latestSpec(versions.values()) : null;
        if (!specOk(r, q, wantedSpec)) return false;
        VersionMatch vm = q.versions();
        if (vm.all()) return true;
        if (vm.exact().contains(r.key.version())) return true;
        if (vm.first()) {
            for (Rec v : versions.values()) {
                if (specOk(v, q, wantedSpec)) {
                    if (v == r) return true;
                    break;
                }
            }
        }
        if (vm.last()) {
            for (Rec v : versions.descendingMap().values()) {
                if (specOk(v, q, wantedSpec)) return v == r;
            }
        }
        return false;
    }

    private static boolean specOk(Rec r, ObjectQuery q, String wantedSpec) {
        return wantedSpec != null ? r.specVersion.equals(wantedSpec) : q.specVersions().contains(r.specVersion);
    }

    private static String latestSpec(Collection<Rec> versions) {
        String best = null;
        for (Rec v : versions) if (best == null || compareSpec(v.specVersion, best) > 0) best = v.specVersion;
        return best;
    }

    private static int compareSpec(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parseOr0(x[i]) : 0, yi = i < y.length ? parseOr0(y[i]) : 0;
            if (xi != yi) return Integer.compare(xi, yi);
        }
        return a.compareTo(b);
    }

    private static int parseOr0(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Stores one version: null when it was already present, "" when stored, else the failure reason. */
    private String store(Coll c, ObjectNode o, Instant dateAdded) {
        JsonNode idNode = o.get("id"), typeNode = o.get("type");
        if (idNode == null || !idNode.isTextual()) return "object has no string id";
        if (typeNode == null || !typeNode.isTextual()) return "object has no string type";
        String id = idNode.asText();
        var m = STIX_ID.matcher(id);
        if (!m.matches()) return "id is not <type>--<UUID>";
        if (!m.group(1).equals(typeNode.asText())) return "id prefix does not match type";
        if (dev.vigil.intel.stix.IJson.hasLoneSurrogate(o)) return dev.vigil.intel.stix.IJson.LONE_SURROGATE;
        String versionText = TaxiiBackend.versionText(o);
        Instant version;
        if (versionText != null) {
            version = TaxiiTime.parseOrNull(versionText);
            if (version == null) return "modified/created is not an RFC 3339 timestamp";
        } else {
            version = null;
        }
        JsonNode sv = o.get("spec_version");
        String spec = sv == null ? "2.0" : sv.isTextual() && sv.asText().matches("[0-9]{1,3}(\\.[0-9]{1,3}){0,2}") ? sv.asText() : null;
        if (spec == null) return "spec_version is malformed";
        TreeMap<Instant, Rec> versions = c.byId.get(id);
        if (version == null && versions != null && !versions.isEmpty()) return null; // unversioned: one version only
        if (version != null && versions != null && versions.containsKey(version)) return null;
        if (stored >= maxObjects) return "collection store is full (" + maxObjects + " object versions)";
        Instant versionKey = version == null ? dateAdded : version;
        Rec r = new Rec(new PageCursor(dateAdded, id, versionKey), typeNode.asText(),
                versionText == null ? TaxiiTime.format(dateAdded) : versionText, spec,
                "application/stix+json;version=" + spec, o.deepCopy(), serialize(o));
        c.byKey.put(r.key, r);
        c.byId.computeIfAbsent(id, k -> new TreeMap<>()).put(versionKey, r);
        stored++;
        return "";
    }

    private static final class Root {
        ObjectNode information = JSON.objectNode();
        final Map<String, Coll> collections = new LinkedHashMap<>();
        final Map<String, StatusRecord> statuses = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StatusRecord> eldest) {
                return size() > MAX_STATUSES;
            }
        };
    }

    private static final class Coll {
        final ObjectNode descriptor;
        final TreeMap<PageCursor, Rec> byKey = new TreeMap<>();
        final Map<String, TreeMap<Instant, Rec>> byId = new java.util.HashMap<>();

        Coll(ObjectNode descriptor) {
            this.descriptor = descriptor;
        }
    }

    private record Rec(PageCursor key, String type, String versionText, String specVersion, String mediaType, ObjectNode object, byte[] json) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper WRITER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static byte[] serialize(ObjectNode o) {
        try {
            return WRITER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
