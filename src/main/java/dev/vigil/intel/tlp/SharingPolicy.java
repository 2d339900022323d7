package dev.vigil.intel.tlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may receive which TLP level. The rules are fixed, only the partner list is configured:
 * <ul>
 *   <li>RED never leaves: no configuration can grant it.</li>
 *   <li>AMBER and AMBER+STRICT go only to partners granted them explicitly ({@code max_level}); AMBER+STRICT
 *       moreover only to a partner of our own organisation.</li>
 *   <li>GREEN goes to partners marked {@code community: true} (and to any partner granted a higher level).</li>
 *   <li>CLEAR goes to anyone, unlisted partners included.</li>
 * </ul>
 * Configuration (YAML or JSON, same keys; unknown keys are refused so a typo cannot loosen the policy):
 * <pre>
 * organisation: ministry-cert        # our organisation: AMBER+STRICT stays inside it
 * default_level: amber               # outbound level of objects that carry no TLP marking (default amber)
 * inbound_default_level: green       # optional: marking added to unmarked imported objects
 * unknown_markings: withhold         # withhold (default) | ignore | a level, e.g. red, to treat them as
 * non_restricting_markings:          # optional: marking-definition ids known not to limit recipients (PAP...)
 *   - marking-definition--...
 * partners:
 *   - id: soc-east                   # the partner name the TAXII/MISP layer uses
 *     organisation: ministry-cert    # optional; equal to ours means "same organisation"
 *     community: true                # member of our sharing community: receives GREEN
 *     max_level: amber+strict        # optional explicit grant: clear | green | amber | amber+strict
 * </pre>
 */
public final class SharingPolicy {
    public static final int MAX_PARTNERS = 100_000;

    /** How an object whose marking nobody can judge is treated. */
    public enum UnknownMarkings { WITHHOLD, IGNORE, AS_LEVEL }

    public record Partner(String id, String organisation, boolean community, TlpLevel maxGrant) {}

    private final String organisation;
    private final TlpLevel defaultLevel;
    private final TlpLevel inboundDefaultLevel;
    private final UnknownMarkings unknownMarkings;
    private final TlpLevel unknownAsLevel;
    private final Set<String> nonRestricting;
    private final Map<String, Partner> partners;

    private SharingPolicy(String organisation, TlpLevel defaultLevel, TlpLevel inboundDefaultLevel, UnknownMarkings unknownMarkings,
            TlpLevel unknownAsLevel, Set<String> nonRestricting, Map<String, Partner> partners) {
        this.organisation = organisation;
        this.defaultLevel = defaultLevel;
        this.inboundDefaultLevel = inboundDefaultLevel;
        this.unknownMarkings = unknownMarkings;
        this.unknownAsLevel = unknownAsLevel;
        this.nonRestricting = Set.copyOf(nonRestricting);
        this.partners = Map.copyOf(partners);
    }

    public static SharingPolicy load(Path file) throws PolicyException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (Files.size(file) > 16 * 1024 * 1024) throw new PolicyException(file + ": policy file over 16 MiB");
            return parse(Files.readString(file), name.endsWith(".yaml") || name.endsWith(".yml"));
        } catch (IOException e) {
            throw new PolicyException(file + ": " + e.getMessage(), e);
        }
    }

    public static SharingPolicy parse(String text, boolean yaml) throws PolicyException {
        ObjectMapper mapper = yaml ? new YAMLMapper() : new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return fromTree(mapper.readTree(text));
        } catch (IOException e) {
            throw new PolicyException("policy does not parse: " + e.getMessage(), e);
        }
    }

    public static SharingPolicy fromTree(JsonNode root) throws PolicyException {
        if (root == null || !root.isObject()) throw new PolicyException("policy must be a mapping");
        onlyKeys(root, "policy", "organisation", "default_level", "inbound_default_level", "unknown_markings", "non_restricting_markings", "partners");
        String org = text(root, "organisation", "policy");
        if (org == null || org.isBlank()) throw new PolicyException("policy: organisation is required (AMBER+STRICT is judged against it)");
        TlpLevel def = level(root, "default_level", TlpLevel.AMBER);
        TlpLevel inbound = level(root, "inbound_default_level", null);
        UnknownMarkings mode = UnknownMarkings.WITHHOLD;
        TlpLevel asLevel = null;
        String um = text(root, "unknown_markings", "policy");
        if (um != null) {
            switch (um.strip().toLowerCase(Locale.ROOT)) {
                case "withhold" -> mode = UnknownMarkings.WITHHOLD;
                case "ignore" -> mode = UnknownMarkings.IGNORE;
                default -> {
                    mode = UnknownMarkings.AS_LEVEL;
                    asLevel = TlpLevel.fromLabel(um).orElseThrow(() ->
                            new PolicyException("policy: unknown_markings must be withhold, ignore or a TLP level, not '" + um + "'"));
                }
            }
        }
        Set<String> nonRestricting = new HashSet<>();
        JsonNode nr = root.path("non_restricting_markings");
        if (!nr.isMissingNode() && !nr.isNull()) {
            if (!nr.isArray()) throw new PolicyException("policy: non_restricting_markings must be a list of ids");
            for (JsonNode n : nr) {
                String id = n.asText("");
                if (!n.isTextual() || !id.startsWith("marking-definition--")) throw new PolicyException("policy: non_restricting_markings: not a marking-definition id: " + n);
                if (TlpLevel.isWellKnownMarkingId(id)) throw new PolicyException("policy: " + id + " is a TLP marking and always restricts");
                nonRestricting.add(id);
            }
        }
        Map<String, Partner> partners = new HashMap<>();
        JsonNode list = root.path("partners");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) throw new PolicyException("policy: partners must be a list");
            if (list.size() > MAX_PARTNERS) throw new PolicyException("policy: more than " + MAX_PARTNERS + " partners");
            int i = 0;
            for (JsonNode p : list) {
                String where = "partners[" + i++ + "]";
                if (!p.isObject()) throw new PolicyException(where + ": must be a mapping");
                onlyKeys(p, where, "id", "organisation", "community", "max_level");
                String id = text(p, "id", where);
                if (id == null || id.isBlank()) throw new PolicyException(where + ": id is required");
                where = where + " (" + id + ")";
                String porg = text(p, "organisation", where);
                JsonNode c = p.path("community");
                if (!c.isMissingNode() && !c.isBoolean()) throw new PolicyException(where + ": community must be true or false");
                TlpLevel grant = level(p, "max_level", null);
                if (grant == TlpLevel.RED) throw new PolicyException(where + ": TLP:RED cannot be granted; RED never leaves");
                if (grant == TlpLevel.AMBER_STRICT && !org.equals(porg)) {
                    throw new PolicyException(where + ": AMBER+STRICT granted to a partner outside organisation '" + org + "'");
                }
                if (partners.put(id, new Partner(id, porg, c.asBoolean(false), grant)) != null) throw new PolicyException(where + ": duplicate partner id");
            }
        }
        return new SharingPolicy(org, def, inbound, mode, asLevel, nonRestricting, partners);
    }

    /** The most restrictive level this partner may receive; CLEAR for a partner the policy does not list. */
    public TlpLevel highestFor(String partnerId) {
        Partner p = partnerId == null ? null : partners.get(partnerId);
        if (p == null) return TlpLevel.CLEAR;
        TlpLevel top = p.community() ? TlpLevel.GREEN : TlpLevel.CLEAR;
        if (p.maxGrant() != null) top = TlpLevel.mostRestrictive(top, p.maxGrant());
        // the load-time checks already enforce these; kept here so no future path around them can leak
        if (top == TlpLevel.AMBER_STRICT && !organisation.equals(p.organisation())) top = TlpLevel.AMBER;
        if (top == TlpLevel.RED) top = TlpLevel.AMBER_STRICT;
        return top;
    }

    public boolean mayReceive(String partnerId, TlpLevel level) {
        return level != TlpLevel.RED && !level.isMoreRestrictiveThan(highestFor(partnerId));
    }

    public String organisation() {
        return organisation;
    }

    public TlpLevel defaultLevel() {
        return defaultLevel;
    }

    public Optional<TlpLevel> inboundDefaultLevel() {
        return Optional.ofNullable(inboundDefaultLevel);
    }

    public UnknownMarkings unknownMarkings() {
        return unknownMarkings;
    }

    /** The level unknown markings count as when {@link #unknownMarkings()} is {@code AS_LEVEL}. */
    public Optional<TlpLevel> unknownAsLevel() {
        return Optional.ofNullable(unknownAsLevel);
    }

    public boolean isNonRestricting(String markingId) {
        return nonRestricting.contains(markingId);
    }

    public Optional<Partner> partner(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    private static void onlyKeys(JsonNode node, String where, String... allowed) throws PolicyException {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ok.contains(k)) throw new PolicyException(where + ": unknown key '" + k + "'");
        }
    }

    private static String text(JsonNode node, String key, String where) throws PolicyException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new PolicyException(where + ": " + key + " must be text");
        return v.asText();
    }

    private static TlpLevel level(JsonNode node, String key, TlpLevel absent) throws PolicyException {
        String v = text(node, key, "policy");
        if (v == null) return absent;
        return TlpLevel.fromLabel(v).orElseThrow(() -> new PolicyException(key + ": not a TLP level: '" + v + "'"));
    }
}
