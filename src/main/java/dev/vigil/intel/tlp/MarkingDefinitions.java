package dev.vigil.intel.tlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges marking-definition ids: the well-known TLP ids first (a bundle cannot redefine them), then the
 * definitions learnt from marking-definition objects seen in bundles or the store. A learnt definition is a
 * TLP level when it says so by any of the forms in use: TLP 1.0 {@code definition_type: tlp}, the TLP 2.0
 * extension's {@code tlp_2_0}, OpenCTI's {@code x_opencti_definition} or a {@code TLP:X} name. Bounded, because
 * bundles come from partners.
 */
public final class MarkingDefinitions {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, MarkingJudgement> learnt = new ConcurrentHashMap<>();
    private final int capacity;

    public MarkingDefinitions() {
        this(DEFAULT_CAPACITY);
    }

    public MarkingDefinitions(int capacity) {
        this.capacity = capacity;
    }

    public MarkingJudgement judge(String markingId) {
        if (markingId == null) return new MarkingJudgement.Unknown("null");
        Optional<TlpLevel> known = TlpLevel.fromMarkingId(markingId);
        if (known.isPresent()) return new MarkingJudgement.Tlp(known.get());
        MarkingJudgement j = learnt.get(markingId);
        return j != null ? j : new MarkingJudgement.Unknown(markingId);
    }

    /**
     * Learns one marking-definition object; other objects are ignored. Returns false when the object is not a
     * usable marking-definition, tries to redefine a well-known TLP id, or the table is full.
     */
    public boolean learn(JsonNode object) {
        if (object == null || !object.isObject() || !"marking-definition".equals(object.path("type").asText())) return false;
        String id = object.path("id").asText("");
        if (!id.startsWith("marking-definition--") || TlpLevel.isWellKnownMarkingId(id)) return false;
        if (learnt.size() >= capacity && !learnt.containsKey(id)) return false;
        // STIX marking-definitions never change; a second definition of an id may only make it stricter, so a
        // later bundle cannot downgrade what an earlier one said
        learnt.merge(id, judgeDefinition(object), (old, now) -> strictness(now) > strictness(old) ? now : old);
        return true;
    }

    private static int strictness(MarkingJudgement j) {
        return switch (j) {
            case MarkingJudgement.NotTlp n -> 0;
            case MarkingJudgement.Tlp t -> 1 + t.level().ordinal();
            case MarkingJudgement.Unknown u -> 100;
        };
    }

    /** Learns every marking-definition in a bundle's {@code objects}; returns how many were learnt. */
    public int learnBundle(JsonNode bundle) {
        int n = 0;
        for (JsonNode o : bundle.path("objects")) if (learn(o)) n++;
        return n;
    }

    static MarkingJudgement judgeDefinition(JsonNode md) {
        String type = md.path("definition_type").asText("");
        if ("tlp".equals(type)) {
            Optional<TlpLevel> l = TlpLevel.fromLabel(md.path("definition").path("tlp").asText(""));
            if (l.isPresent()) return new MarkingJudgement.Tlp(l.get());
        }
        JsonNode ext = md.path("extensions").path(TlpLevel.TLP2_EXTENSION_ID);
        if (ext.isObject()) {
            Optional<TlpLevel> l = TlpLevel.fromLabel(ext.path("tlp_2_0").asText(""));
            if (l.isPresent()) return new MarkingJudgement.Tlp(l.get());
        }
        for (String field : new String[] {"x_opencti_definition", "name"}) {
            String v = md.path(field).asText("");
            if (TlpLevel.looksLikeTlpLabel(v)) {
                Optional<TlpLevel> l = TlpLevel.fromLabel(v);
                // says it is TLP but names no level we know (TLP:UNCLEAR...): nobody can judge it
                return l.<MarkingJudgement>map(MarkingJudgement.Tlp::new).orElseGet(() -> new MarkingJudgement.Unknown(md.path("id").asText()));
            }
        }
        // a copyright/terms statement limits use, not recipients; anything else we do not understand is unknown
        if ("statement".equals(type) && !hasTlpExtension(md)) return new MarkingJudgement.NotTlp(type);
        return new MarkingJudgement.Unknown(md.path("id").asText());
    }

    private static boolean hasTlpExtension(JsonNode md) {
        for (Iterator<String> it = md.path("extensions").fieldNames(); it.hasNext(); ) {
            if (it.next().equals(TlpLevel.TLP2_EXTENSION_ID)) return true;
        }
        return false;
    }
}
