package dev.vigil.intel.taxii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.stix.BundleReader;
import dev.vigil.intel.stix.IJson;
import dev.vigil.intel.stix.StixFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TAXII 2.1 server's request handling, without sockets: routing, authentication, negotiation,
 * permissions, parameters, paging and the JSON shapes of NOTES (a). {@link TaxiiServer} only carries
 * bytes between Jetty and {@link #handle}. Every outcome, errors included, is a TAXII JSON response.
 */
public final class TaxiiRequestHandler {
    private static final Logger LOG = Logger.getLogger(TaxiiRequestHandler.class.getName());
    static final String DISCOVERY = "taxii2";
    private static final int MAX_PARAMS = 64;
    private static final Set<String> OBJECTS_FILTERS = Set.of("id", "type", "version", "spec_version");
    private static final Set<String> OBJECT_FILTERS = Set.of("version", "spec_version");
    private static final Set<String> VERSIONS_FILTERS = Set.of("spec_version");

    private final TaxiiServerConfig config;
    private final TaxiiBackend backend;
    private final BiFunction<Partner, ObjectNode, ObjectNode> outbound;
    private final TaxiiAuthenticator auth;
    private final ObjectMapper json;

    public TaxiiRequestHandler(TaxiiServerConfig config, TaxiiBackend backend, BiFunction<Partner, ObjectNode, ObjectNode> outbound) {
        this.config = config;
        this.backend = backend;
        this.outbound = outbound == null ? (p, o) -> o : outbound;
        this.auth = new TaxiiAuthenticator(config.partners());
        this.json = new ObjectMapper();
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, config.maxContentLength())).build());
    }

    public TaxiiResponse handle(TaxiiRequest req) {
        try {
            return route(req);
        } catch (TaxiiException e) {
            return error(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TAXII request failed: " + req.method() + " " + req.path(), e);
            return error(new TaxiiException(500, "Internal server error", null));
        }
    }

    private TaxiiResponse route(TaxiiRequest req) {
        Partner partner = auth.authenticate(req.header("authorization"));
        List<String> segs = segments(req.path());
        boolean discovery = segs.size() == 1 && segs.get(0).equals(DISCOVERY);
        if (partner.isAnonymous() && !(discovery && config.anonymousDiscovery())) {
            throw TaxiiAuthenticator.unauthorized("credentials required");
        }
        if (!TaxiiMediaTypes.acceptsTaxii(req.header("accept")))
            throw new TaxiiException(406, "Not acceptable", "Accept must admit " + TaxiiMediaTypes.TAXII_21);
        String method = req.method();
        Params params = Params.parse(req.rawQuery());
        if (discovery) {
            requireMethod(method, "GET");
            return ok(200, discovery(req), Map.of());
        }
        if (segs.isEmpty() || !backend.apiRoots().contains(segs.get(0))) throw TaxiiException.notFound("unknown API root");
        String root = segs.get(0);
        int n = segs.size();
        if (n == 1) {
            requireMethod(method, "GET");
            return ok(200, apiRoot(root), Map.of());
        }
        if (n == 3 && segs.get(1).equals("status")) {
            requireMethod(method, "GET");
            var s = backend.status(root, segs.get(2));
            if (s.isEmpty() || !s.get().submitter().equals(partner.name())) throw TaxiiException.notFound("unknown status");
            return ok(200, s.get().status(), Map.of());
        }
        if (!segs.get(1).equals("collections")) throw TaxiiException.notFound("unknown resource");
        if (n == 2) {
            requireMethod(method, "GET");
            ObjectNode out = json.createObjectNode();
            ArrayNode list = out.putArray("collections");
            for (ObjectNode c : backend.collections(root)) {
                Partner.Access a = partner.access(c.path("id").asText());
                if (a.read() || a.write()) list.add(decorate(c, a));
            }
            if (list.isEmpty()) out.remove("collections");
            return ok(200, out, Map.of());
        }
        String cid = segs.get(2);
        Partner.Access access = partner.access(cid);
        ObjectNode collection = backend.collection(root, cid).orElse(null);
        // a collection the caller has no right on is not acknowledged to exist
        if (collection == null || !(access.read() || access.write())) throw TaxiiException.notFound("unknown collection");
        if (n == 3) {
            requireMethod(method, "GET");
            return ok(200, decorate(collection, access), Map.of());
        }
        String leaf = segs.get(3);
        if (n == 4 && leaf.equals("manifest")) {
            requireMethod(method, "GET");
            requireRead(access);
            return manifest(root, cid, partner, params);
        }
        if (n == 4 && leaf.equals("objects")) {
            if (method.equals("POST")) {
                if (!access.write()) throw forbidden("no write access to this collection");
                return addObjects(root, cid, partner, req);
            }
            requireMethod(method, "GET", "POST");
            requireRead(access);
            return objects(root, cid, partner, params, null, OBJECTS_FILTERS);
        }
        if (n == 5 && leaf.equals("objects")) {
            String oid = segs.get(4);
            if (method.equals("DELETE")) {
                if (!access.write() || !access.read()) throw forbidden("deleting needs read and write access");
                params.allowOnly(OBJECT_FILTERS);
                int deleted = backend.delete(root, cid, oid, VersionMatch.parse(params.get("match[version]")), specVersions(params));
                if (deleted == 0) throw TaxiiException.notFound("no such object");
                return new TaxiiResponse(200, Map.of(), new byte[0]);
            }
            requireMethod(method, "GET", "DELETE");
            requireRead(access);
            return objects(root, cid, partner, params, oid, OBJECT_FILTERS);
        }
        if (n == 6 && leaf.equals("objects") && segs.get(5).equals("versions")) {
            requireMethod(method, "GET");
            requireRead(access);
            return versions(root, cid, segs.get(4), partner, params);
        }
        throw TaxiiException.notFound("unknown resource");
    }

    // ---- resources ---------------------------------------------------------------------------------

    private ObjectNode discovery(TaxiiRequest req) {
        String base = baseUrl(req);
        ObjectNode d = json.createObjectNode();
        d.put("title", config.title());
        if (config.description() != null) d.put("description", config.description());
        if (config.contact() != null) d.put("contact", config.contact());
        List<String> roots = backend.apiRoots();
        String def = config.defaultApiRoot() != null ? config.defaultApiRoot() : null;
        if (def != null && roots.contains(def)) d.put("default", base + def + "/");
        ArrayNode list = d.putArray("api_roots");
        for (String r : roots) list.add(base + r + "/");
        return d;
    }

    private ObjectNode apiRoot(String root) {
        ObjectNode info = backend.apiRoot(root).orElseThrow(() -> TaxiiException.notFound("unknown API root"));
        if (!info.hasNonNull("title")) info.put("title", root);
        // always media types, never a bare "2.1" (opencti#12983), and the limit this server enforces
        info.putArray("versions").add(TaxiiMediaTypes.TAXII_21);
        info.put("max_content_length", config.maxContentLength());
        return info;
    }

    private ObjectNode decorate(ObjectNode c, Partner.Access a) {
        ObjectNode out = c.deepCopy();
        out.put("can_read", a.read());
        out.put("can_write", a.write());
        if (!out.has("media_types")) out.putArray("media_types").add(TaxiiMediaTypes.STIX_21);
        return out;
    }

    private TaxiiResponse objects(String root, String cid, Partner partner, Params params, String oid, Set<String> filters) {
        VersionPage page = backend.query(root, cid, query(partner, params, filters, oid, null));
        if (oid != null && page.records().isEmpty() && params.get("next") == null) throw TaxiiException.notFound("no such object");
        // written by hand so that objects the backend holds serialized are copied, not re-serialized
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 + page.records().size() * 512);
            out.write(page.more() ? "{\"more\":true,".getBytes(StandardCharsets.US_ASCII) : "{\"more\":false,".getBytes(StandardCharsets.US_ASCII));
            if (page.next() != null) {
                out.write("\"next\":".getBytes(StandardCharsets.US_ASCII));
                out.write(json.writeValueAsBytes(page.next()));
                out.write(',');
            }
            out.write("\"objects\":[".getBytes(StandardCharsets.US_ASCII));
            boolean first = true;
            for (StoredVersion v : page.records()) {
                if (!first) out.write(',');
                first = false;
                out.write(v.json() != null ? v.json() : json.writeValueAsBytes(v.object()));
            }
            out.write(']');
            out.write('}');
            return new TaxiiResponse(200, dateHeaders(page), out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private TaxiiResponse manifest(String root, String cid, Partner partner, Params params) {
        VersionPage page = backend.query(root, cid, query(partner, params, OBJECTS_FILTERS, null, null));
        ObjectNode env = envelope(page);
        ArrayNode objs = env.putArray("objects");
        for (StoredVersion v : page.records()) {
            ObjectNode m = objs.addObject();
            m.put("id", v.id());
            m.put("date_added", TaxiiTime.format(v.dateAdded()));
            m.put("version", v.version());
            m.put("media_type", v.mediaType());
        }
        return ok(200, env, dateHeaders(page));
    }

    private TaxiiResponse versions(String root, String cid, String oid, Partner partner, Params params) {
        VersionPage page = backend.query(root, cid, query(partner, params, VERSIONS_FILTERS, oid, VersionMatch.ALL));
        if (page.records().isEmpty() && params.get("next") == null) throw TaxiiException.notFound("no such object");
        ObjectNode env = envelope(page);
        ArrayNode vs = env.putArray("versions");
        for (StoredVersion v : page.records()) vs.add(v.version());
        return ok(200, env, dateHeaders(page));
    }

    private TaxiiResponse addObjects(String root, String cid, Partner partner, TaxiiRequest req) {
        if (!TaxiiMediaTypes.isTaxiiContent(req.header("content-type")))
            throw new TaxiiException(415, "Unsupported media type", "Content-Type must be " + TaxiiMediaTypes.TAXII_21);
        byte[] body = readBounded(req);
        List<ObjectNode> objects = new ArrayList<>();
        List<TaxiiBackend.Refusal> refused = new ArrayList<>();
        List<String> notObjects = new ArrayList<>();
        BundleReader.Result env;
        try {
            // streamed object by object, as an import is: an object with duplicate property names (which JSON
            // readers resolve differently) or a lone surrogate fails on its own instead of being stored last-wins
            env = new BundleReader(new BundleReader.Limits(Math.max(1, config.maxContentLength()), MAX_POSTED_OBJECTS, 64))
                    .readPlain(new ByteArrayInputStream(body), o -> {
                        countPosted(objects.size() + refused.size());
                        objects.add(o.tree());
                    }, skip -> {
                        countPosted(objects.size() + refused.size());
                        if (skip.object() == null) notObjects.add(skip.reason());
                        else refused.add(new TaxiiBackend.Refusal(skip.id(), TaxiiBackend.versionText(skip.object()), skip.reason()));
                    });
        } catch (StixFormatException e) {
            throw TaxiiException.badRequest("body is not a valid JSON envelope: " + IJson.clip(e.getMessage(), 300));
        } catch (IOException e) {
            throw TaxiiException.badRequest("body could not be read");
        }
        if (env.shape() != BundleReader.Shape.ENVELOPE && env.shape() != BundleReader.Shape.BUNDLE)
            throw new TaxiiException(422, "Unprocessable entity", "body must be a TAXII envelope with an objects array");
        if (!notObjects.isEmpty())
            throw new TaxiiException(422, "Unprocessable entity", "every element of objects must be a JSON object");
        AddResult r = backend.add(root, cid, objects, refused, partner.name());
        return ok(202, r.status(), Map.of());
    }

    // ---- parameters --------------------------------------------------------------------------------

    private ObjectQuery query(Partner partner, Params p, Set<String> filters, String oid, VersionMatch forced) {
        p.allowOnly(filters);
        Instant addedAfter = null;
        String aa = p.get("added_after");
        if (aa != null) {
            addedAfter = TaxiiTime.parseOrNull(aa);
            if (addedAfter == null) throw TaxiiException.badRequest("added_after is not an RFC 3339 timestamp");
        }
        int limit = config.maxPageSize();
        String l = p.get("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l.trim());
            } catch (NumberFormatException e) {
                throw TaxiiException.badRequest("limit is not a positive integer");
            }
            if (limit < 1) throw TaxiiException.badRequest("limit is not a positive integer");
            limit = Math.min(limit, config.maxPageSize());
        }
        String next = p.get("next");
        // the token is the backend's own (TaxiiBackend: opaque); the backend answers a bad one with a 400
        Set<String> ids = oid != null ? Set.of(oid) : p.list("match[id]");
        Set<String> types = p.list("match[type]");
        VersionMatch versions = forced != null ? forced : VersionMatch.parse(p.get("match[version]"));
        // the outbound policy is a function of partner and object (TaxiiServer's contract): the partner names the view
        return new ObjectQuery(addedAfter, limit, next, ids, types, versions, specVersions(p), o -> outbound.apply(partner, o), "partner:" + partner.name());
    }

    private static Set<String> specVersions(Params p) {
        return p.list("match[spec_version]");
    }

    /** Query parameters, decoded; repeated parameters are joined with commas (one list, as TAXII's). */
    static final class Params {
        private final Map<String, String> values = new LinkedHashMap<>();

        static Params parse(String raw) {
            Params p = new Params();
            if (raw == null || raw.isEmpty()) return p;
            if (raw.length() > 16_384) throw TaxiiException.badRequest("query string too long");
            String[] pairs = raw.split("&", MAX_PARAMS + 2);
            if (pairs.length > MAX_PARAMS) throw TaxiiException.badRequest("too many query parameters");
            for (String pair : pairs) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                p.values.merge(k, v, (a, b) -> a + "," + b);
            }
            return p;
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw TaxiiException.badRequest("malformed percent-encoding in query string");
            }
        }

        String get(String name) {
            return values.get(name);
        }

        Set<String> list(String name) {
            String v = values.get(name);
            if (v == null) return Set.of();
            Set<String> out = new LinkedHashSet<>();
            for (String s : v.split(",", 1026)) {
                String t = s.trim();
                if (!t.isEmpty()) out.add(t);
            }
            if (out.size() > 1024) throw TaxiiException.badRequest("too many values in " + name);
            if (out.isEmpty()) throw TaxiiException.badRequest(name + " is empty");
            return out;
        }

        /** A {@code match[...]} filter that this endpoint does not define is refused, not silently ignored. */
        void allowOnly(Set<String> filters) {
            for (String k : values.keySet()) {
                if (k.startsWith("match[") && k.endsWith("]")) {
                    String f = k.substring(6, k.length() - 1);
                    if (!filters.contains(f)) throw TaxiiException.badRequest("filter " + VersionMatch.abbreviate(k) + " is not supported here");
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Objects one add request may carry: bounds the trees built from a body of max_content_length bytes of "{}". */
    static final long MAX_POSTED_OBJECTS = 100_000;

    private static void countPosted(int sofar) {
        if (sofar >= MAX_POSTED_OBJECTS)
            throw new TaxiiException(413, "Request entity too large", "more than " + MAX_POSTED_OBJECTS + " objects in one request");
    }

    private byte[] readBounded(TaxiiRequest req) {
        long max = config.maxContentLength();
        String cl = req.header("content-length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > max) throw tooLarge(max);
            } catch (NumberFormatException e) {
                throw TaxiiException.badRequest("malformed Content-Length");
            }
        }
        if (req.body() == null) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16_384];
        long total = 0;
        try {
            InputStream in = req.body();
            int r;
            while ((r = in.read(buf)) > 0) {
                total += r;
                if (total > max) throw tooLarge(max); // chunked bodies are cut off here, never buffered whole
                out.write(buf, 0, r);
            }
        } catch (IOException e) {
            throw TaxiiException.badRequest("request body could not be read");
        }
        return out.toByteArray();
    }

    private static TaxiiException tooLarge(long max) {
        return new TaxiiException(413, "Request entity too large", "the body exceeds max_content_length (" + max + " bytes)");
    }

    private static void requireRead(Partner.Access access) {
        if (!access.read()) throw forbidden("no read access to this collection");
    }

    private static TaxiiException forbidden(String why) {
        return new TaxiiException(403, "Forbidden", why);
    }

    private static void requireMethod(String method, String... allowed) {
        for (String a : allowed) if (a.equals(method)) return;
        throw new TaxiiException(405, "Method not allowed", String.join(", ", allowed));
    }

    private ObjectNode envelope(VersionPage page) {
        ObjectNode env = json.createObjectNode();
        env.put("more", page.more());
        if (page.next() != null) env.put("next", page.next());
        return env;
    }

    private static Map<String, String> dateHeaders(VersionPage page) {
        if (page.records().isEmpty()) return Map.of();
        return Map.of("X-TAXII-Date-Added-First", TaxiiTime.format(page.records().getFirst().dateAdded()),
                "X-TAXII-Date-Added-Last", TaxiiTime.format(page.records().getLast().dateAdded()));
    }

    private String baseUrl(TaxiiRequest req) {
        if (config.publicUrl() != null) return config.publicUrl().endsWith("/") ? config.publicUrl() : config.publicUrl() + "/";
        String host = req.header("host");
        if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}")) host = config.bindAddress();
        return (req.secure() ? "https://" : "http://") + host + "/";
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path == null) return out;
        if (path.length() > 4096) throw TaxiiException.notFound("path too long");
        for (String s : path.split("/", 34)) {
            if (s.isEmpty()) continue;
            String d;
            try {
                d = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw TaxiiException.badRequest("malformed path");
            }
            out.add(d);
        }
        if (out.size() > 32) throw TaxiiException.notFound("unknown resource");
        return out;
    }

    private TaxiiResponse ok(int status, ObjectNode body, Map<String, String> headers) {
        try {
            return new TaxiiResponse(status, headers, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TaxiiResponse error(TaxiiException e) {
        ObjectNode body = json.createObjectNode();
        body.put("title", e.title());
        if (e.description() != null) body.put("description", e.description());
        body.put("http_status", Integer.toString(e.httpStatus()));
        Map<String, String> headers = e.httpStatus() == 401 ? Map.of("WWW-Authenticate", "Basic realm=\"TAXII\", charset=\"UTF-8\"") : Map.of();
        return ok(e.httpStatus(), body, headers);
    }
}
