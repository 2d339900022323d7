package dev.vigil.intel.stix.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One observed-data SDO as the matcher sees it: its time interval, how many observations it stands for, its
 * root cyber-observable objects, and where its {@code _ref}s resolve. Reads both the STIX 2.1 shape (a bundle
 * whose observed-data lists {@code object_refs} to SCOs in the same bundle) and the 2.0 shape (an embedded
 * {@code objects} dictionary, references being its keys).
 */
record ObservedData(long firstMicros, long lastMicros, long numberObserved, List<JsonNode> roots, Map<String, JsonNode> refs) {

    static final int MAX_OBJECTS = 1_000_000;

    static List<ObservedData> read(List<JsonNode> input) throws PatternMatchException {
        List<ObservedData> out = new ArrayList<>();
        Map<String, JsonNode> loose = new HashMap<>();
        List<JsonNode> looseObserved = new ArrayList<>();
        int seen = 0;
        for (JsonNode n : input) {
            if (n == null || !n.isObject()) throw new PatternMatchException("an observation must be a JSON object");
            String type = n.path("type").asText("");
            if (type.equals("bundle")) {
                JsonNode objs = n.path("objects");
                Map<String, JsonNode> index = new HashMap<>();
                List<JsonNode> observed = new ArrayList<>();
                for (JsonNode o : objs) {
                    if (++seen > MAX_OBJECTS) throw new PatternMatchException("too many objects");
                    if (o.path("type").asText("").equals("observed-data")) observed.add(o);
                    JsonNode id = o.get("id");
                    if (id != null && id.isTextual()) index.put(id.asText(), o);
                }
                for (JsonNode od : observed) out.add(of(od, index));
            } else if (type.equals("observed-data")) {
                looseObserved.add(n);
            } else {
                JsonNode id = n.get("id");
                if (id != null && id.isTextual()) loose.put(id.asText(), n);
            }
        }
        for (JsonNode od : looseObserved) out.add(of(od, loose));
        return out;
    }

    private static ObservedData of(JsonNode od, Map<String, JsonNode> index) throws PatternMatchException {
        long first = micros(od, "first_observed"), last = micros(od, "last_observed");
        if (last < first) throw new PatternMatchException("observed-data " + od.path("id").asText("?") + " ends before it starts");
        JsonNode n = od.get("number_observed");
        long count = 1;
        if (n != null) {
            if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1)
                throw new PatternMatchException("observed-data with invalid number_observed: " + n);
            count = n.asLong();
        }
        List<JsonNode> roots = new ArrayList<>();
        JsonNode refs = od.get("object_refs");
        if (refs != null && refs.isArray() && !refs.isEmpty()) {
            for (JsonNode r : refs) {
                JsonNode o = r.isTextual() ? index.get(r.asText()) : null;
                if (o != null && o.isObject()) roots.add(o);
            }
            return new ObservedData(first, last, count, roots, index);
        }
        Map<String, JsonNode> embedded = new HashMap<>();
        JsonNode objs = od.get("objects");
        if (objs != null && objs.isObject()) {
            for (Map.Entry<String, JsonNode> e : objs.properties()) {
                if (e.getValue().isObject()) {
                    roots.add(e.getValue());
                    embedded.put(e.getKey(), e.getValue());
                }
            }
        }
        return new ObservedData(first, last, count, roots, embedded);
    }

    private static long micros(JsonNode od, String field) throws PatternMatchException {
        JsonNode v = od.get(field);
        Instant t = v != null && v.isTextual() ? StixTimestamps.parse(v.asText()) : null;
        if (t == null) throw new PatternMatchException("observed-data " + od.path("id").asText("?") + " has no valid " + field);
        return toMicros(t);
    }

    static long toMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
