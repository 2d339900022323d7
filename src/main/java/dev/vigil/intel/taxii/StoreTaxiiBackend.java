package dev.vigil.intel.taxii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.store.CollectionRepository;
import dev.vigil.store.Database;
import dev.vigil.store.Page;
import dev.vigil.store.PostStatus;
import dev.vigil.store.PutResult;
import dev.vigil.store.Query;
import dev.vigil.store.StatusRepository;
import dev.vigil.store.StixCollection;
import dev.vigil.store.StixRepository;
import dev.vigil.store.StoredObject;
import dev.vigil.store.SubmittedStatus;
import dev.vigil.store.VersionFilter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link TaxiiBackend} on the SQLite/PostgreSQL {@link Database}: objects, collections and status
 * resources live in the store; API roots come from configuration.
 *
 * <p>Each configured root names its title, description and collections. A configured collection
 * missing from the store is created at construction; one already there is served as stored (the
 * store's copy wins, so an operator's edits survive restarts). A collection in the store that no
 * root names is not served.
 *
 * <p>The partner's {@code view} runs on rows as the store returns them, so a page is filled from as
 * many store pages as it takes (growing while rows are withheld), then the scan goes on until one more
 * visible record proves {@code more}. The store's own cursor (bound to the query's filters) is the
 * TAXII {@code next}, positioned just before that next visible record. One request scans at most
 * {@link #MAX_WITHHELD_SCAN} withheld rows; past that it answers {@code more} with a cursor after the
 * rows scanned, so a partner that may see little of a large collection pages through it in bounded
 * steps, and may meet short or empty pages that still say {@code more}.
 *
 * <p>Departures from {@link MemoryTaxiiBackend}: an object needs {@code created} or {@code modified}
 * (the store keys versions on them; unversioned SCOs are refused with a message), and re-posting an
 * existing (id, version) with <em>different</em> content replaces it with a new date_added (the store's
 * rule) instead of being ignored. Status resources are kept until the integrator purges them
 * ({@link StatusRepository#purgeSavedBefore}).
 */
public final class StoreTaxiiBackend implements TaxiiBackend {
    /** Withheld rows one request scans at most before answering with what it has and {@code more}. */
    public static final int MAX_WITHHELD_SCAN = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One API root as configured.
     *
     * @param collections the collections it serves, in display order; created in the store when missing
     */
    public record ApiRootConfig(String title, String description, List<StixCollection> collections) {
        public ApiRootConfig {
            if (title == null || title.isBlank()) throw new IllegalArgumentException("an API root needs a title");
            collections = List.copyOf(collections);
        }

        List<String> collectionIds() {
            return collections.stream().map(StixCollection::id).toList();
        }
    }

    private final Map<String, ApiRootConfig> roots;
    private final StixRepository objects;
    private final CollectionRepository collectionStore;
    private final StatusRepository statuses;
    private final Database db;

    /** @param roots API root name (its path segment) to configuration, in display order */
    public StoreTaxiiBackend(Database db, Map<String, ApiRootConfig> roots) {
        this.roots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roots));
        this.db = db;
        this.objects = new StixRepository(db);
        this.collectionStore = new CollectionRepository(db);
        this.statuses = new StatusRepository(db);
        for (ApiRootConfig root : this.roots.values()) {
            for (StixCollection c : root.collections()) {
                Optional<StixCollection> stored = collectionStore.get(c.id());
                if (stored.isEmpty()) collectionStore.create(c);
                else if (!stored.get().id().equals(c.id())) throw new IllegalArgumentException("collection id " + c.id() + " is another collection's alias");
            }
        }
    }

    // ---- discovery ---------------------------------------------------------------------------------

    @Override
    public List<String> apiRoots() {
        return List.copyOf(roots.keySet());
    }

    @Override
    public Optional<ObjectNode> apiRoot(String root) {
        ApiRootConfig r = roots.get(root);
        if (r == null) return Optional.empty();
        ObjectNode info = NODES.objectNode().put("title", r.title());
        if (r.description() != null) info.put("description", r.description());
        return Optional.of(info);
    }

    @Override
    public List<ObjectNode> collections(String root) {
        ApiRootConfig r = roots.get(root);
        if (r == null) return List.of();
        Map<String, StixCollection> stored = new LinkedHashMap<>();
        for (StixCollection c : collectionStore.list()) stored.put(c.id(), c);
        List<ObjectNode> out = new ArrayList<>();
        for (String id : r.collectionIds()) {
            StixCollection c = stored.get(id);
            if (c != null) out.add(descriptor(c)); // deleted from the store since startup: no longer served
        }
        return out;
    }

    private static ObjectNode descriptor(StixCollection c) {
        ObjectNode d = NODES.objectNode().put("id", c.id()).put("title", c.title());
        if (c.description() != null) d.put("description", c.description());
        if (c.alias() != null) d.put("alias", c.alias());
        if (!c.mediaTypes().isEmpty()) {
            ArrayNode media = d.putArray("media_types");
            c.mediaTypes().forEach(media::add);
        }
        return d;
    }

    private boolean serves(String root, String collectionId) {
        ApiRootConfig r = roots.get(root);
        return r != null && r.collectionIds().contains(collectionId);
    }

    // ---- reads -------------------------------------------------------------------------------------

    /** A page as computed, and the store's change stamp it was computed under. */
    private record CachedPage(long stamp, VersionPage page) {}

    /**
     * Pages already served, by query and caller's view, while the store is unchanged (its change stamp):
     * partners poll the same collection with the same filters, and most polls find nothing new. Bounded by
     * the bytes of the objects the pages hold.
     */
    private final com.google.common.cache.Cache<String, CachedPage> pages = com.google.common.cache.CacheBuilder.newBuilder()
            .maximumWeight(PAGE_CACHE_BYTES).weigher((String k, CachedPage c) -> weight(c.page())).build();
    static final long PAGE_CACHE_BYTES = 64L << 20;

    private static int weight(VersionPage p) {
        long w = 256;
        for (StoredVersion v : p.records()) w += v.json() != null ? 2L * v.json().length + 256 : 4096;
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    @Override
    public VersionPage query(String root, String collectionId, ObjectQuery q) {
        if (!serves(root, collectionId)) return new VersionPage(List.of(), false, null);
        if (q.viewKey() == null) return compute(collectionId, q);
        long stamp = db.changeStamp();
        if (stamp < 0) return compute(collectionId, q);
        String key = pageKey(root, collectionId, q);
        CachedPage c = pages.getIfPresent(key);
        if (c != null && c.stamp() == stamp) return c.page();
        // the stamp is read before the page: a commit in between makes the stored stamp stale, never the page
        VersionPage page = compute(collectionId, q);
        pages.put(key, new CachedPage(stamp, page));
        return page;
    }

    private static String pageKey(String root, String collectionId, ObjectQuery q) {
        StringBuilder b = new StringBuilder(160).append(root).append('\0').append(collectionId).append('\0').append(q.viewKey()).append('\0')
                .append(q.addedAfter()).append('\0').append(q.limit()).append('\0').append(q.next()).append('\0');
        sorted(b, q.ids());
        sorted(b, q.types());
        sorted(b, q.specVersions());
        VersionMatch v = q.versions();
        b.append(v.first()).append(v.last()).append(v.all());
        sorted(b, v.exact().stream().map(Instant::toString).collect(java.util.stream.Collectors.toSet()));
        return b.toString();
    }

    private static void sorted(StringBuilder b, java.util.Set<String> s) {
        if (s.size() > 1) s = new java.util.TreeSet<>(s);
        for (String x : s) b.append(x).append('\1');
        b.append('\0');
    }

    private VersionPage compute(String collectionId, ObjectQuery q) {
        Query base = storeQuery(q);
        int need = q.limit();
        List<StoredVersion> records = new ArrayList<>(Math.min(need, objects.pageCap()));
        String cursor = q.next();
        int withheld = 0;
        // Never more rows than the page still needs: every row fetched is then either returned or withheld,
        // and the store's cursor (after a store page's last row) is exactly where the next page starts.
        while (records.size() < need) {
            Page<dev.vigil.store.StoredVersion> page = fetch(collectionId, base, Math.min(objects.pageCap(), need - records.size()), cursor);
            for (dev.vigil.store.StoredVersion row : page.items()) {
                StoredVersion visible = visible(row, q);
                if (visible == null) withheld++;
                else records.add(visible);
            }
            if (!page.more()) return new VersionPage(records, false, null);
            cursor = page.next();
            if (withheld >= MAX_WITHHELD_SCAN) {
                // bounded work per request: "more" without having seen a visible record, resuming after every row scanned
                return new VersionPage(records, true, cursor);
            }
        }
        // the page is full: "more" only if a visible record follows (looked for in small, growing steps, bounded)
        String peek = cursor;
        for (int step = PEEK_ROWS; withheld < MAX_WITHHELD_SCAN; step = Math.min(objects.pageCap(), step * 4)) {
            Page<dev.vigil.store.StoredVersion> page = fetch(collectionId, base, step, peek);
            for (dev.vigil.store.StoredVersion row : page.items()) {
                if (visible(row, q) != null) return new VersionPage(records, true, cursor);
                withheld++;
            }
            if (!page.more()) return new VersionPage(records, false, null);
            peek = page.next();
        }
        // only withheld rows as far as this request looks: resume after them
        return new VersionPage(records, true, peek);
    }

    /** Rows read first when looking for a visible record after a full page: usually the very next one is. */
    static final int PEEK_ROWS = 4;

    private Page<dev.vigil.store.StoredVersion> fetch(String collectionId, Query base, int limit, String cursor) {
        try {
            Query q = base.limit(limit);
            return objects.objects(collectionId, cursor == null ? q : q.next(cursor));
        } catch (IllegalArgumentException e) {
            // the store's only complaint about a query that passed storeQuery is its cursor
            throw TaxiiException.badRequest("invalid next token");
        }
    }

    /** The row as the caller may see it, or null when withheld (or unreadable). */
    /** A stored row parsed once: the TLP view judges the tree, an unchanged object is served as the bytes. */
    private record Parsed(ObjectNode tree, byte[] raw) {}

    /**
     * Rows parsed, by (id, version, date_added): a row whose content is replaced gets a new date_added, so a
     * key never names two contents (the TLP decision is always made on the bytes that are served). Parsing
     * was most of a page's cost; partners page through the same collection over and over.
     */
    private final com.google.common.cache.Cache<String, Parsed> parsed = com.google.common.cache.CacheBuilder.newBuilder().maximumSize(PARSED_CACHED).build();
    static final int PARSED_CACHED = 20_000;

    private StoredVersion visible(dev.vigil.store.StoredVersion row, ObjectQuery q) {
        String key = row.id() + '\n' + row.version() + '\n' + row.dateAdded();
        Parsed p = parsed.getIfPresent(key);
        if (p == null) {
            try {
                JsonNode n = JSON.readTree(row.json());
                if (n == null || !n.isObject()) return null;
                p = new Parsed((ObjectNode) n, row.json().getBytes(StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                return null; // the store only holds what add serialised; a body that does not parse cannot be served
            }
            parsed.put(key, p);
        }
        ObjectNode shown = q.view().apply(p.tree());
        if (shown == null) return null;
        long added = dev.vigil.store.StixTime.micros(row.dateAdded());
        return new StoredVersion(row.id(), row.version(), Instant.ofEpochSecond(Math.floorDiv(added, 1_000_000L), Math.floorMod(added, 1_000_000L) * 1000L), row.mediaType(),
                shown, shown == p.tree() ? p.raw() : null);
    }

    /** The TAXII filters in the store's terms; a filter the store cannot express is the client's 400. */
    private static Query storeQuery(ObjectQuery q) {
        try {
            return new Query(q.addedAfter() == null ? null : dev.vigil.store.StixTime.format(micros(q.addedAfter())),
                    List.copyOf(q.ids()), List.copyOf(q.types()), versionFilter(q.versions()), List.copyOf(q.specVersions()), null, null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw TaxiiException.badRequest(e.getMessage());
        }
    }

    private static VersionFilter versionFilter(VersionMatch m) {
        if (m.all()) return VersionFilter.ALL;
        List<Long> exact = new ArrayList<>(m.exact().size());
        for (Instant i : m.exact()) exact.add(micros(i));
        return new VersionFilter(false, m.first(), m.last(), exact);
    }

    /** Truncating, as the store keeps versions and date_added at microseconds. */
    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    // ---- writes ------------------------------------------------------------------------------------

    @Override
    public AddResult add(String root, String collectionId, List<ObjectNode> posted, List<Refusal> refused, String submitter) {
        if (!serves(root, collectionId)) throw TaxiiException.notFound("unknown collection");
        Instant requested = Instant.now();
        List<PostStatus.Detail> successes = new ArrayList<>(), failures = new ArrayList<>();
        for (Refusal r : refused) failures.add(new PostStatus.Detail(r.id(), r.version(), r.message()));
        List<StoredObject> valid = new ArrayList<>(posted.size());
        for (ObjectNode o : posted) {
            String problem = problem(o);
            if (problem != null) failures.add(new PostStatus.Detail(textOr(o, "id", ""), TaxiiBackend.versionText(o), problem));
            else valid.add(storedObject(o));
        }
        if (!valid.isEmpty()) {
            List<PutResult> results;
            try {
                results = objects.put(collectionId, valid);
            } catch (IllegalArgumentException e) {
                throw TaxiiException.notFound("unknown collection"); // deleted from the store since startup
            }
            for (PutResult r : results) {
                switch (r.outcome()) {
                    case ADDED -> successes.add(new PostStatus.Detail(r.id(), r.version(), null));
                    case ALREADY_PRESENT -> successes.add(new PostStatus.Detail(r.id(), r.version(), "already present"));
                    case REPLACED -> successes.add(new PostStatus.Detail(r.id(), r.version(), "replaced a version with other content"));
                    case FAILED -> failures.add(new PostStatus.Detail(r.id() == null ? "" : r.id(), r.version(), r.reason()));
                }
            }
        }
        PostStatus status = new PostStatus(UUID.randomUUID().toString(), PostStatus.COMPLETE, TaxiiTime.format(requested),
                successes, failures, List.of());
        statuses.save(status, root, submitter);
        return new AddResult(statusResource(status));
    }

    /** What the store cannot take, said in TAXII terms; the store checks the id's shape and timestamps itself. */
    private static String problem(ObjectNode o) {
        if (!o.path("id").isTextual()) return "object has no string id";
        if (!o.path("type").isTextual()) return "object has no string type";
        if (o.has("spec_version") && !o.get("spec_version").isTextual()) return "spec_version is not a string";
        if (o.has("modified") && !o.get("modified").isTextual()) return "modified is not a string";
        if (o.has("created") && !o.get("created").isTextual()) return "created is not a string";
        if (dev.vigil.intel.stix.IJson.hasLoneSurrogate(o)) return dev.vigil.intel.stix.IJson.LONE_SURROGATE;
        return null;
    }

    private static StoredObject storedObject(ObjectNode o) {
        String modified = textOr(o, "modified", null);
        String created = textOr(o, "created", null);
        String json;
        try {
            json = JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
        // the store requires created; a version named by modified alone keeps modified as its version; one with neither is an
        // observable, stored under StoredObject.UNVERSIONED
        return StoredObject.of(o.get("id").asText(), o.get("type").asText(), textOr(o, "spec_version", null),
                created != null ? created : modified, modified, o.path("revoked").asBoolean(false), json);
    }

    private static String textOr(ObjectNode o, String field, String fallback) {
        JsonNode n = o.get(field);
        return n != null && n.isTextual() ? n.asText() : fallback;
    }

    @Override
    public int delete(String root, String collectionId, String objectId, VersionMatch versions, Set<String> specVersions) {
        if (!serves(root, collectionId)) return 0;
        try {
            return objects.delete(collectionId, objectId, versionFilter(versions), List.copyOf(specVersions));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw TaxiiException.badRequest(e.getMessage());
        }
    }

    // ---- status ------------------------------------------------------------------------------------

    @Override
    public Optional<StatusRecord> status(String root, String statusId) {
        if (statusId == null || statusId.isBlank() || statusId.length() > 250) return Optional.empty();
        Optional<SubmittedStatus> s = statuses.findSubmitted(statusId);
        if (s.isEmpty() || !root.equals(s.get().apiRoot())) return Optional.empty();
        return Optional.of(new StatusRecord(s.get().submitter(), statusResource(s.get().status())));
    }

    private static ObjectNode statusResource(PostStatus s) {
        ObjectNode n = NODES.objectNode();
        n.put("id", s.id());
        n.put("status", s.status());
        n.put("request_timestamp", s.requestTimestamp());
        n.put("total_count", s.totalCount());
        n.put("success_count", s.successes().size());
        n.set("successes", details(s.successes()));
        n.put("failure_count", s.failures().size());
        n.set("failures", details(s.failures()));
        n.put("pending_count", s.pendings().size());
        n.set("pendings", details(s.pendings()));
        return n;
    }

    private static ArrayNode details(List<PostStatus.Detail> details) {
        ArrayNode a = NODES.arrayNode();
        for (PostStatus.Detail d : details) {
            ObjectNode n = a.addObject().put("id", d.id());
            if (d.version() != null) n.put("version", d.version());
            if (d.message() != null) n.put("message", d.message());
        }
        return a;
    }
}
