package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One STIX object as its JSON tree, with typed accessors for the properties the platform reasons about.
 * Unknown and custom ({@code x_}/{@code x-}) content is kept untouched, so an object passes through the store
 * and out to partners byte-for-byte equivalent. The tree is private: {@link #tree()} hands out a copy.
 */
public final class StixObject {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;

    private StixObject(ObjectNode node) {
        this.node = node;
    }

    /** Wraps a copy of {@code node}: later changes to the caller's tree do not reach this object. */
    public static StixObject of(ObjectNode node) {
        return new StixObject(node.deepCopy());
    }

    /** For readers that built the tree themselves and give up ownership. */
    static StixObject adopt(ObjectNode node) {
        return new StixObject(node);
    }

    public static StixObject parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (!(n instanceof ObjectNode o)) throw new IllegalArgumentException("not a JSON object");
            return new StixObject(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The object's tree, for package-internal readers that promise not to change it. */
    ObjectNode raw() {
        return node;
    }

    public ObjectNode tree() {
        return node.deepCopy();
    }

    public String type() { return text("type"); }

    public String id() { return text("id"); }

    /** The declared {@code spec_version}; an object without one is STIX 2.0 by the spec's rule. */
    public String specVersion() {
        String v = text("spec_version");
        return v == null ? "2.0" : v;
    }

    public String created() { return text("created"); }

    public String modified() { return text("modified"); }

    public long createdMicros() { return StixTimestamps.micros(created()); }

    public long modifiedMicros() { return StixTimestamps.micros(modified()); }

    /**
     * The version of this object as the exact original timestamp: {@code modified}, else {@code created};
     * empty for objects that are never versioned (most SCOs, marking definitions without a date).
     */
    public Optional<String> versionKey() {
        String m = modified();
        if (m != null) return Optional.of(m);
        return Optional.ofNullable(created());
    }

    /** {@link #versionKey()} as epoch microseconds, {@link StixTimestamps#INVALID} when absent or unparseable. */
    public long versionMicros() {
        return versionKey().map(StixTimestamps::micros).orElse(StixTimestamps.INVALID);
    }

    public boolean revoked() {
        JsonNode n = node.get("revoked");
        return n != null && n.isBoolean() && n.booleanValue();
    }

    public String createdByRef() { return text("created_by_ref"); }

    public List<String> objectMarkingRefs() { return strings("object_marking_refs"); }

    public List<String> labels() { return strings("labels"); }

    /** Each granular marking as (marking_ref or lang, selectors). */
    public List<GranularMarking> granularMarkings() {
        JsonNode arr = node.get("granular_markings");
        if (arr == null || !arr.isArray()) return List.of();
        List<GranularMarking> out = new ArrayList<>();
        for (JsonNode g : arr) {
            if (!g.isObject()) continue;
            List<String> selectors = new ArrayList<>();
            JsonNode s = g.get("selectors");
            if (s != null && s.isArray()) for (JsonNode x : s) if (x.isTextual()) selectors.add(x.textValue());
            JsonNode ref = g.get("marking_ref");
            JsonNode lang = g.get("lang");
            out.add(new GranularMarking(ref != null && ref.isTextual() ? ref.textValue() : null,
                    lang != null && lang.isTextual() ? lang.textValue() : null, List.copyOf(selectors)));
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code confidence} 0-100 when present and integral. */
    public Optional<Integer> confidence() {
        JsonNode n = node.get("confidence");
        return n != null && n.isIntegralNumber() && n.canConvertToInt() ? Optional.of(n.intValue()) : Optional.empty();
    }

    public boolean isSdo() {
        String t = type();
        return t != null && (StixTypes.SDO.contains(t) || (isCustomType(t) && node.has("created")));
    }

    public boolean isSro() { return type() != null && StixTypes.SRO.contains(type()); }

    public boolean isSco() {
        String t = type();
        return t != null && (StixTypes.SCO.contains(t) || (isCustomType(t) && !node.has("created")));
    }

    public boolean isMarking() { return "marking-definition".equals(type()); }

    private static boolean isCustomType(String t) {
        return t != null && !StixTypes.isKnown(t);
    }

    /** A top-level string property, null when absent or not a string. */
    public String text(String property) {
        JsonNode n = node.get(property);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** A top-level property as a read-only view; null when absent. */
    public JsonNode get(String property) {
        JsonNode n = node.get(property);
        return n == null ? null : n.deepCopy();
    }

    public boolean has(String property) {
        return node.has(property);
    }

    public List<String> strings(String property) {
        JsonNode arr = node.get(property);
        if (arr == null || !arr.isArray()) return List.of();
        List<String> out = new ArrayList<>(arr.size());
        for (JsonNode x : arr) if (x.isTextual()) out.add(x.textValue());
        return Collections.unmodifiableList(out);
    }

    /** Compact JSON, properties in their original order. */
    public byte[] json() {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 8785 canonical form, for hashing and signing. */
    public byte[] canonicalJson() {
        try {
            return dev.vigil.intel.sign.JsonCanonicalizer.canonicalize(node);
        } catch (dev.vigil.intel.sign.CanonicalizationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StixObject s && s.node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        return type() + " " + id() + (modified() != null ? " @" + modified() : "");
    }

    public record GranularMarking(String markingRef, String lang, List<String> selectors) {}
}
