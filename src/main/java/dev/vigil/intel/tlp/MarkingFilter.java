package dev.vigil.intel.tlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies a {@link SharingPolicy} to STIX objects leaving for one partner. Object-level markings
 * ({@code object_marking_refs}, and {@code tlp:} labels as MISP-converted data carries them) take the most
 * restrictive level; an object without any TLP marking takes the policy's default level. Granular markings the
 * partner may not receive remove the properties they select; if one selects a property the object cannot do
 * without, the whole object is withheld. The input is never modified: a redacted object is a copy, an untouched
 * one is returned as is.
 */
public final class MarkingFilter {
    public enum Action { PASS, REDACT, WITHHOLD }

    /** One decision: the object to send (null when withheld), why not, and how many properties were removed. */
    public record Outcome(Action action, ObjectNode object, WithholdReason reason, int removedProperties, String detail) {
        static Outcome pass(ObjectNode o) {
            return new Outcome(Action.PASS, o, null, 0, "");
        }

        static Outcome withhold(WithholdReason r, String detail) {
            return new Outcome(Action.WITHHOLD, null, r, 0, detail);
        }
    }

    /** Marks a node for removal; compared by identity, so no real value can be mistaken for it. */
    private static final TextNode REMOVED = new TextNode("\u0000removed");

    private final SharingPolicy policy;
    private final MarkingDefinitions definitions;
    private final Map<WithholdReason, LongAdder> withheld = new EnumMap<>(WithholdReason.class);
    private final LongAdder passed = new LongAdder();
    private final LongAdder redactedObjects = new LongAdder();
    private final LongAdder removedProperties = new LongAdder();

    public MarkingFilter(SharingPolicy policy, MarkingDefinitions definitions) {
        this.policy = policy;
        this.definitions = definitions;
        for (WithholdReason r : WithholdReason.values()) withheld.put(r, new LongAdder());
    }

    /** The object as the partner may see it, or null to withhold it. */
    public ObjectNode outbound(String partner, ObjectNode object) {
        return decide(partner, object).object();
    }

    public Outcome decide(String partner, ObjectNode object) {
        Outcome o = judge(partner, object);
        switch (o.action()) {
            case PASS -> passed.increment();
            case REDACT -> {
                redactedObjects.increment();
                removedProperties.add(o.removedProperties());
            }
            case WITHHOLD -> withheld.get(o.reason()).increment();
        }
        return o;
    }

    /**
     * A bundle for one partner: learns the bundle's marking-definitions, filters every object, and adds the TLP 2.0
     * marking-definitions the remaining objects refer to. Objects that pass unchanged are shared with the input
     * bundle, not copied: copy before modifying the result.
     */
    public ObjectNode outboundBundle(String partner, ObjectNode bundle) {
        definitions.learnBundle(bundle);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> f : bundle.properties()) if (!f.getKey().equals("objects")) out.set(f.getKey(), f.getValue().deepCopy());
        ArrayNode objects = out.putArray("objects");
        Set<String> present = new HashSet<>();
        Set<TlpLevel> referenced = new LinkedHashSet<>();
        for (JsonNode o : bundle.path("objects")) {
            if (!o.isObject()) continue;
            ObjectNode sent = outbound(partner, (ObjectNode) o);
            if (sent == null) continue;
            objects.add(sent);
            present.add(sent.path("id").asText());
            for (JsonNode r : sent.path("object_marking_refs")) tlp2(r.asText()).ifPresent(referenced::add);
            for (JsonNode g : sent.path("granular_markings")) tlp2(g.path("marking_ref").asText()).ifPresent(referenced::add);
        }
        for (TlpLevel l : referenced) if (!present.contains(l.markingId())) objects.add(TlpMarkingObjects.definition(l));
        return out;
    }

    /**
     * An imported object as we keep it: with the policy's inbound default marking added when it carries no TLP
     * marking of its own. Unchanged (the same instance) when nothing is configured or it is already marked.
     */
    public ObjectNode inbound(ObjectNode object) {
        Optional<TlpLevel> def = policy.inboundDefaultLevel();
        if (def.isEmpty() || "marking-definition".equals(object.path("type").asText())) return object;
        JsonNode refs = object.get("object_marking_refs");
        if (refs != null && !refs.isArray()) return object;
        if (refs != null) {
            for (JsonNode r : refs) {
                if (!(definitions.judge(r.asText()) instanceof MarkingJudgement.NotTlp) && !policy.isNonRestricting(r.asText())) return object;
            }
        }
        for (JsonNode l : object.path("labels")) if (TlpLevel.looksLikeTlpLabel(l.asText())) return object;
        ObjectNode copy = object.deepCopy();
        ArrayNode newRefs = refs == null ? copy.putArray("object_marking_refs") : (ArrayNode) copy.get("object_marking_refs");
        newRefs.add(def.get().markingId());
        return copy;
    }

    public Map<WithholdReason, Long> withheldCounts() {
        Map<WithholdReason, Long> m = new EnumMap<>(WithholdReason.class);
        withheld.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long passedCount() {
        return passed.sum();
    }

    public long redactedCount() {
        return redactedObjects.sum();
    }

    public long removedPropertyCount() {
        return removedProperties.sum();
    }

    private static Optional<TlpLevel> tlp2(String id) {
        return TlpLevel.fromMarkingId(id).filter(l -> l.markingId().equals(id));
    }

    private MarkingJudgement judge(String markingId) {
        if (policy.isNonRestricting(markingId)) return new MarkingJudgement.NotTlp("non-restricting by policy");
        return definitions.judge(markingId);
    }

    /** Whether a marking keeps what it covers from this partner. */
    private boolean restricts(String partner, String markingId) {
        return switch (judge(markingId)) {
            case MarkingJudgement.Tlp t -> !policy.mayReceive(partner, t.level());
            case MarkingJudgement.NotTlp n -> false;
            case MarkingJudgement.Unknown u -> switch (policy.unknownMarkings()) {
                case WITHHOLD -> true;
                case IGNORE -> false;
                case AS_LEVEL -> !policy.mayReceive(partner, policy.unknownAsLevel().orElseThrow());
            };
        };
    }

    private Outcome judge(String partner, ObjectNode object) {
        String type = object.path("type").asText("");
        String id = object.path("id").asText("");
        if ("marking-definition".equals(type) && TlpLevel.isWellKnownMarkingId(id)) return Outcome.pass(object);
        if ("extension-definition".equals(type) && TlpLevel.TLP2_EXTENSION_ID.equals(id)) return Outcome.pass(object);

        TlpLevel level = null;
        String unknown = null;
        JsonNode refs = object.get("object_marking_refs");
        if (refs != null && !refs.isArray()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "object_marking_refs is not a list");
        if (refs != null) {
            for (JsonNode r : refs) {
                if (!r.isTextual()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "object_marking_refs holds a non-id");
                switch (judge(r.asText())) {
                    case MarkingJudgement.Tlp t -> level = TlpLevel.mostRestrictive(level, t.level());
                    case MarkingJudgement.NotTlp n -> { }
                    case MarkingJudgement.Unknown u -> unknown = r.asText();
                }
            }
        }
        for (JsonNode l : object.path("labels")) {
            if (!l.isTextual() || !TlpLevel.looksLikeTlpLabel(l.asText())) continue;
            Optional<TlpLevel> t = TlpLevel.fromLabel(l.asText());
            if (t.isPresent()) level = TlpLevel.mostRestrictive(level, t.get());
            else unknown = "label " + l.asText();
        }
        if (unknown != null) {
            switch (policy.unknownMarkings()) {
                case WITHHOLD -> {
                    if (level != TlpLevel.RED) return Outcome.withhold(WithholdReason.UNKNOWN_MARKING, unknown);
                }
                case IGNORE -> { }
                case AS_LEVEL -> level = TlpLevel.mostRestrictive(level, policy.unknownAsLevel().orElseThrow());
            }
        }
        if (level == null) level = "marking-definition".equals(type) ? TlpLevel.CLEAR : policy.defaultLevel();
        if (level == TlpLevel.RED) return Outcome.withhold(WithholdReason.RED, id);
        if (!policy.mayReceive(partner, level)) return Outcome.withhold(WithholdReason.LEVEL_NOT_ALLOWED, level.label() + " to " + partner);
        return granular(partner, object, type);
    }

    private Outcome granular(String partner, ObjectNode object, String type) {
        JsonNode gm = object.get("granular_markings");
        if (gm == null) return Outcome.pass(object);
        if (!gm.isArray()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "granular_markings is not a list");
        List<List<GranularSelector>> entries = new ArrayList<>();
        boolean[] restrictedEntry = new boolean[gm.size()];
        List<GranularSelector> restricted = new ArrayList<>();
        for (int i = 0; i < gm.size(); i++) {
            JsonNode e = gm.get(i);
            JsonNode sels = e.get("selectors");
            if (!e.isObject() || sels == null || !sels.isArray() || sels.isEmpty()) {
                return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "granular_markings[" + i + "] has no selectors");
            }
            List<GranularSelector> parsed = new ArrayList<>();
            for (JsonNode s : sels) {
                Optional<GranularSelector> p = s.isTextual() ? GranularSelector.parse(s.asText()) : Optional.empty();
                if (p.isEmpty()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "bad selector " + s);
                // a selector must select something (STIX 2.1 7.2.3.1): one that points nowhere cannot be judged
                if (p.get().resolve(object).isEmpty()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "selector " + s + " selects nothing");
                // markings of the markings list would need re-indexing after any redaction: not shared
                if (s.asText().startsWith("granular_markings")) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "selector " + s + " marks the markings");
                parsed.add(p.get());
            }
            entries.add(parsed);
            JsonNode ref = e.get("marking_ref");
            if (ref == null) {
                if (!e.has("lang")) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "granular_markings[" + i + "] has neither marking_ref nor lang");
                continue;
            }
            if (!ref.isTextual()) return Outcome.withhold(WithholdReason.MALFORMED_MARKINGS, "granular_markings[" + i + "].marking_ref is not an id");
            if (restricts(partner, ref.asText())) {
                restrictedEntry[i] = true;
                restricted.addAll(parsed);
            }
        }
        if (restricted.isEmpty()) return Outcome.pass(object);

        ObjectNode copy = object.deepCopy();
        int removed = 0;
        for (GranularSelector s : restricted) {
            GranularSelector target = keepElementsValid(s);
            // removing one of the markings themselves would send the object as less restricted than it is
            if (RequiredProperties.isMarking(target.topProperty())
                    || target.depth() == 1 && RequiredProperties.isRequired(type, target.topProperty())) {
                return Outcome.withhold(WithholdReason.REQUIRED_PROPERTY_MARKED, target.toString());
            }
            if (markRemoved(copy, target)) removed++;
        }
        Set<GranularSelector> gone = new HashSet<>();
        Map<GranularSelector, int[]> indexMaps = new HashMap<>();
        ObjectNode swept = (ObjectNode) sweep(copy, new GranularSelector(List.of()), gone, indexMaps);
        for (GranularSelector g : gone) {
            if (g.depth() == 1 && RequiredProperties.isRequired(type, g.topProperty())) {
                return Outcome.withhold(WithholdReason.REQUIRED_PROPERTY_MARKED, g + " (emptied)");
            }
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < gm.size(); i++) {
            if (restrictedEntry[i]) continue;
            ArrayNode sels = JsonNodeFactory.instance.arrayNode();
            for (GranularSelector s : entries.get(i)) {
                // one that pointed nowhere cannot be re-pointed; a redacted object leaves with valid selectors only
                if (s.resolve(object).isEmpty()) continue;
                rewrite(s, gone, indexMaps).ifPresent(r -> sels.add(r.toString()));
            }
            if (sels.isEmpty()) continue;
            ObjectNode e = ((ObjectNode) gm.get(i)).deepCopy();
            e.set("selectors", sels);
            kept.add(e);
        }
        if (kept.isEmpty()) swept.remove("granular_markings");
        else swept.set("granular_markings", kept);
        return new Outcome(Action.REDACT, swept, null, removed, restricted.size() + " selectors");
    }

    /** Removing a key an element of a shared list needs would leave an invalid element: remove the element instead. */
    private static GranularSelector keepElementsValid(GranularSelector s) {
        List<Object> st = s.steps();
        for (int i = 2; i < st.size(); i++) {
            if (st.get(i) instanceof String key && st.get(i - 1) instanceof Integer && st.get(i - 2) instanceof String list
                    && RequiredProperties.isRequiredInElement(list, key)) {
                return new GranularSelector(st.subList(0, i));
            }
        }
        return s;
    }

    private static boolean markRemoved(ObjectNode root, GranularSelector target) {
        Optional<JsonNode> parent = target.parent().resolve(root);
        if (parent.isEmpty()) return false;
        JsonNode p = parent.get();
        if (target.last() instanceof Integer i) {
            if (!p.isArray() || i >= p.size() || p.get(i) == REMOVED) return false;
            ((ArrayNode) p).set(i, REMOVED);
        } else {
            String k = (String) target.last();
            if (!p.isObject() || !p.has(k) || p.get(k) == REMOVED) return false;
            ((ObjectNode) p).set(k, REMOVED);
        }
        return true;
    }

    /**
     * Rebuilds the tree without the marked nodes; a list or object emptied by the removal goes too (STIX forbids
     * empty lists). Records, in original coordinates, every removed path and each changed list's old->new indices.
     */
    private static JsonNode sweep(JsonNode node, GranularSelector path, Set<GranularSelector> gone, Map<GranularSelector, int[]> indexMaps) {
        if (node == REMOVED) {
            gone.add(path);
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            boolean lost = false;
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                JsonNode v = f.getValue().isContainerNode() || f.getValue() == REMOVED ? sweep(f.getValue(), path.child(f.getKey()), gone, indexMaps) : f.getValue();
                if (v == null) lost = true;
                else out.set(f.getKey(), v);
            }
            if (lost && out.isEmpty() && path.depth() > 0) {
                gone.add(path);
                return null;
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            int[] map = new int[node.size()];
            boolean lost = false;
            for (int i = 0; i < node.size(); i++) {
                JsonNode c = node.get(i);
                JsonNode v = c.isContainerNode() || c == REMOVED ? sweep(c, path.child(i), gone, indexMaps) : c;
                if (v == null) {
                    lost = true;
                    map[i] = -1;
                } else {
                    map[i] = out.size();
                    out.add(v);
                }
            }
            if (lost) indexMaps.put(path, map);
            if (lost && out.isEmpty()) {
                gone.add(path);
                return null;
            }
            return out;
        }
        return node;
    }

    /** A selector of a kept granular marking, moved to the redacted object's coordinates; empty if it went. */
    private static Optional<GranularSelector> rewrite(GranularSelector s, Set<GranularSelector> gone, Map<GranularSelector, int[]> indexMaps) {
        List<Object> out = new ArrayList<>(s.depth());
        List<Object> steps = s.steps();
        for (int i = 0; i < steps.size(); i++) {
            GranularSelector original = new GranularSelector(steps.subList(0, i + 1));
            if (gone.contains(original)) return Optional.empty();
            Object step = steps.get(i);
            if (step instanceof Integer idx) {
                int[] map = indexMaps.get(new GranularSelector(steps.subList(0, i)));
                if (map != null) {
                    if (idx >= map.length || map[idx] < 0) return Optional.empty();
                    step = map[idx];
                }
            }
            out.add(step);
        }
        return Optional.of(new GranularSelector(out));
    }
}
