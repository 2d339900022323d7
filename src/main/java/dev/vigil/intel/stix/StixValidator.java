package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.stix.StixIssue.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks STIX 2.1 objects and bundles against the MUST rules of the spec (always errors) and its SHOULD rules
 * (warnings, errors under {@link Options#strict()}). SHOULD checks carry the OASIS validator's names so users
 * can switch them off the same way ({@code disabled}/{@code enabled}). Hand-written rather than driven by the
 * JSON Schemas: the rules that matter for sharing (ordering of timestamps, reference targets, markings) are
 * beyond what the schemas express, and the schemas are a test-time cross-check only.
 */
public final class StixValidator {
    /**
     * @param strict SHOULD-level findings become errors
     * @param strictTypes custom object types are errors
     * @param strictProperties custom properties are errors
     * @param disabled SHOULD checks not run (names or the validator's numeric codes / groups "1", "2")
     * @param enabled when not empty, only these SHOULD checks run
     * @param patternCheck validates an indicator's STIX pattern: an error message, or null when fine
     */
    public record Options(boolean strict, boolean strictTypes, boolean strictProperties, Set<String> disabled,
                          Set<String> enabled, Function<String, String> patternCheck) {
        public static final Options DEFAULT = new Options(false, false, false, Set.of(), Set.of(), p -> null);
        public static final Options STRICT = DEFAULT.withStrict(true);

        public Options {
            disabled = Set.copyOf(disabled);
            enabled = Set.copyOf(enabled);
        }

        public Options withStrict(boolean s) {
            return new Options(s, strictTypes, strictProperties, disabled, enabled, patternCheck);
        }

        public Options withStrictTypes(boolean s) {
            return new Options(strict, s, strictProperties, disabled, enabled, patternCheck);
        }

        public Options withStrictProperties(boolean s) {
            return new Options(strict, strictTypes, s, disabled, enabled, patternCheck);
        }

        public Options withDisabled(Collection<String> checks) {
            return new Options(strict, strictTypes, strictProperties, Set.copyOf(checks), enabled, patternCheck);
        }

        public Options withEnabled(Collection<String> checks) {
            return new Options(strict, strictTypes, strictProperties, disabled, Set.copyOf(checks), patternCheck);
        }

        public Options withPatternCheck(Function<String, String> check) {
            return new Options(strict, strictTypes, strictProperties, disabled, enabled, check);
        }

        boolean runs(String check) {
            String group = GROUPS.getOrDefault(check, "");
            String code = CODES.getOrDefault(check, "-");
            if (disabled.contains(check) || disabled.contains(group) || disabled.contains(code)) return false;
            return enabled.isEmpty() || enabled.contains(check) || enabled.contains(group) || enabled.contains(code);
        }
    }

    /** The OASIS validator's check groups: 1 = format checks, 2 = approved values. */
    private static final Map<String, String> GROUPS = groups();
    private static final Map<String, String> CODES = Map.of("observable-object-keys", "141",
            "observable-dictionary-keys", "142", "deprecated-properties", "304");

    private static Map<String, String> groups() {
        Map<String, String> m = new HashMap<>();
        for (String c : List.of("custom-prefix", "custom-prefix-lax", "open-vocab-format", "kill-chain-names",
                "observable-object-keys", "observable-dictionary-keys", "malware-analysis-product",
                "windows-process-priority-format", "hash-length")) m.put(c, "1");
        for (String c : List.of("marking-definition-type", "relationship-types", "duplicate-ids", "all-vocabs",
                "attack-motivation", "attack-resource-level", "identity-class", "indicator-types", "industry-sector",
                "malware-types", "report-types", "threat-actor-types", "threat-actor-role", "threat-actor-sophistication",
                "tool-types", "region", "hash-algo", "windows-pebinary-type", "account-type", "indicator-pattern-types",
                "infrastructure-types", "grouping-context", "malware-result", "implementation-languages",
                "processor-architecture", "malware-capabilities", "encryption-algo", "all-external-sources", "mime-type",
                "protocols", "ipfix", "http-request-headers", "socket-options", "pdf-doc-info", "countries",
                "network-traffic-ports", "extref-hashes")) m.put(c, "2");
        return m;
    }

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z_][a-z0-9_]{2,249}");
    private static final Pattern PREFIX_STRICT_EXTENSION = Pattern.compile("x-[a-z0-9]+-[a-z0-9-]+-ext");
    private static final Pattern PREFIX_LAX_EXTENSION = Pattern.compile("x-[a-z0-9-]+-ext");
    /** Object paths in a STIX pattern: type:property outside string literals. */
    private static final Pattern OBJECT_PATH = Pattern.compile("([A-Za-z0-9_-]+):([A-Za-z0-9_]+)");
    private static final Pattern PREFIX_STRICT_PROPERTY = Pattern.compile("x_[a-z0-9]+_[a-z0-9_]+");
    private static final Pattern PREFIX_STRICT_TYPE = Pattern.compile("x-[a-z0-9]+-[a-z0-9-]+");
    private static final Pattern OPEN_VOCAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> RESERVED_PROPERTIES = Set.of("severity", "action", "usernames", "phone_numbers",
            "addresses", "contact_numbers");
    private static final Set<String> EXTENSION_TYPES = Set.of("new-sdo", "new-sco", "new-sro", "property-extension",
            "toplevel-property-extension");
    /** The TLP 1.0 marking definitions the spec predefines (section 7.2.1.4): level to id. */
    public static final Map<String, String> TLP1 = Map.of(
            "white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
    public static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    /** The TLP 2.0 marking definitions (OASIS extension): level to id. */
    public static final Map<String, String> TLP2 = Map.of(
            "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    private final Options options;

    public StixValidator(Options options) {
        this.options = options;
    }

    public StixValidator() {
        this(Options.DEFAULT);
    }

    public static boolean hasErrors(List<StixIssue> issues) {
        for (StixIssue i : issues) if (i.level() == Level.ERROR) return true;
        return false;
    }

    public List<StixIssue> validate(StixObject o) {
        Run r = new Run();
        r.object(o.raw(), "");
        return r.issues;
    }

    /** A whole document: a bundle, a bare array of objects, or one object. */
    public List<StixIssue> validateDocument(JsonNode root) {
        Run r = new Run();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) r.any(root.get(i), "[" + i + "]");
        } else {
            r.any(root, "");
        }
        return r.issues;
    }

    private final class Run {
        final List<StixIssue> issues = new ArrayList<>();

        void must(String check, String path, String message) {
            issues.add(new StixIssue(Level.ERROR, check, path, message));
        }

        /** A remark that never fails validation, whatever the options. */
        void advise(String check, String path, String message) {
            issues.add(new StixIssue(Level.WARNING, check, path, message));
        }

        void should(String check, String path, String message) {
            if (!options.runs(check)) return;
            issues.add(new StixIssue(options.strict() ? Level.ERROR : Level.WARNING, check, path, message));
        }

        void any(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                must("json-object", path, "not a JSON object");
                return;
            }
            if ("bundle".equals(n.path("type").asText(null))) bundle((ObjectNode) n, path);
            else object((ObjectNode) n, path);
        }

        void bundle(ObjectNode b, String path) {
            String p = prefix(path);
            String id = text(b, "id");
            if (id == null) must("required", p + "id", "a bundle needs an id");
            else idFormat(id, "bundle", p + "id", true);
            if (b.has("spec_version")) must("bundle-version", p + "spec_version", "a STIX 2.1 bundle has no spec_version");
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("type", "id", "objects", "spec_version").contains(f)) {
                    must("bundle-properties", p + f, "a bundle has only type, id and objects");
                }
            }
            JsonNode objs = b.get("objects");
            if (objs == null) return;
            if (!objs.isArray() || objs.isEmpty()) {
                must("bundle-objects", p + "objects", "objects must be a non-empty array");
                return;
            }
            Map<String, Set<String>> versions = new HashMap<>();
            for (int i = 0; i < objs.size(); i++) {
                JsonNode o = objs.get(i);
                String op = p + "objects[" + i + "]";
                if (!o.isObject()) {
                    must("json-object", op, "not a JSON object");
                    continue;
                }
                if ("bundle".equals(text(o, "type"))) must("bundle-object-categories", op, "a bundle cannot contain a bundle");
                object((ObjectNode) o, op);
                String oid = text(o, "id");
                if (oid != null) {
                    String v = text(o, "modified");
                    if (v == null) v = text(o, "created");
                    if (!versions.computeIfAbsent(oid, k -> new HashSet<>()).add(String.valueOf(v))) {
                        should("duplicate-ids", op + ".id", "the same version of " + oid + " appears twice");
                    }
                }
            }
        }

        void object(ObjectNode o, String path) {
            String p = prefix(path);
            if (IJson.hasLoneSurrogate(o)) must("i-json", path, IJson.LONE_SURROGATE);
            String type = text(o, "type");
            if (type == null) {
                must("required", p + "type", "missing type");
                return;
            }
            if (type.length() < 3 || type.length() > 250 || !TYPE_NAME.matcher(type).matches()) {
                must("type-name", p + "type", "type must be 3-250 characters of a-z, 0-9 and single hyphens");
            }
            if ("bundle".equals(type)) {
                must("bundle-object-categories", p + "type", "a bundle is not a STIX object");
                return;
            }
            Set<String> defined = StixProperties.defined(type);
            boolean custom = defined == null;
            boolean sco = StixTypes.SCO.contains(type) || (custom && !o.has("created") && !o.has("modified"));
            if (custom) customType(o, type, p);
            for (String r : custom ? (sco ? Set.of("type", "id") : Set.of("type", "id", "spec_version", "created", "modified"))
                    : StixProperties.required(type)) {
                if (!o.has(r)) must("required", p + r, "missing required property " + r + " on " + type);
            }
            String sv = text(o, "spec_version");
            if (o.has("spec_version") && !"2.1".equals(sv)) must("spec-version", p + "spec_version", "spec_version must be \"2.1\"");
            String id = text(o, "id");
            if (o.has("id")) {
                if (id == null) must("id", p + "id", "id must be a string");
                else idFormat(id, type, p + "id", !sco);
            }
            timestamps(o, p, "");
            String created = text(o, "created"), modified = text(o, "modified");
            if (created != null && modified != null && StixTimestamps.isValid(created) && StixTimestamps.isValid(modified)
                    && StixTimestamps.micros(modified) < StixTimestamps.micros(created)) {
                must("modified-after-created", p + "modified", "modified is earlier than created");
            }
            common(o, type, p);
            properties(o, type, defined, p, sco);
            switch (type) {
                case "indicator" -> indicator(o, p);
                case "observed-data" -> observedData(o, p);
                case "relationship" -> relationship(o, p);
                case "sighting" -> sighting(o, p);
                case "marking-definition" -> markingDefinition(o, p);
                case "malware" -> malware(o, p);
                case "report", "grouping", "note", "opinion" -> nonEmptyRefs(o, "object_refs", p);
                case "location" -> location(o, p);
                case "extension-definition" -> extensionDefinition(o, p);
                case "language-content" -> languageContent(o, p);
                case "malware-analysis" -> malwareAnalysis(o, p);
                default -> { }
            }
            if (sco) StixObservables.check(this::mustHook, this::shouldHook, (name, where) -> customProperty(o, name, where, false), o, type, p);
            vocabularies(o, type, p);
            sequencedTimes(o, p);
        }

        void mustHook(String check, String path, String message) { must(check, path, message); }

        void shouldHook(String check, String path, String message) { should(check, path, message); }

        void customType(ObjectNode o, String type, String p) {
            if (options.strictTypes()) must("strict-types", p + "type", "custom object type " + type + " not allowed");
            boolean viaExtension = false;
            JsonNode ext = o.get("extensions");
            if (ext != null && ext.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
                    JsonNode e = it.next().getValue();
                    String et = e.path("extension_type").asText("");
                    if (et.startsWith("new-")) viaExtension = true;
                }
            }
            if (options.runs("extensions-use")) {
                // STIX 2.1 replaced name prefixes with extension definitions; prefixes are judged only when that check is off.
                if (!viaExtension) should("extensions-use", p + "type", "custom object type " + type + " should be defined by an extension-definition");
                return;
            }
            if (!type.startsWith("x-")) {
                should("custom-prefix-lax", p + "type", "custom object type " + type + " should start with x-");
            }
            if (!PREFIX_STRICT_TYPE.matcher(type).matches()) {
                should("custom-prefix", p + "type", "custom object type " + type + " should be x-<source>-<name>");
            }
        }

        void idFormat(String id, String type, String path, boolean wantV4) {
            StixIds.Parsed parsed = StixIds.parse(id);
            if (parsed == null) {
                must("id", path, "not an identifier of the form type--uuid: " + id);
                return;
            }
            if (!parsed.type().equals(type)) must("id", path, "identifier type " + parsed.type() + " does not match " + type);
            int v = parsed.uuid().version();
            if (parsed.uuid().variant() != 2 || v < 1 || v > 5) {
                must("id", path, "not an RFC 4122 UUID (version 1-5): " + id);
            } else if (wantV4 && v != 4) {
                should("uuid-check", path, "identifiers of non-observable objects should use UUID version 4");
            }
        }

        void refFormat(String ref, String path, Set<String> allowedTypes) {
            StixIds.Parsed parsed = StixIds.parse(ref);
            if (parsed == null || parsed.uuid().variant() != 2 || parsed.uuid().version() < 1 || parsed.uuid().version() > 5) {
                // a producer's own (x_) reference property is outside the spec's rules: ATT&CK ships empty
                // x_mitre_data_source_ref values, and refusing the object would lose the rest of it
                if (path.startsWith("x_")) should("references", path, "not a valid identifier: " + ref);
                else must("references", path, "not a valid identifier: " + ref);
                return;
            }
            if (allowedTypes != null && !allowedTypes.contains(parsed.type())) {
                must("references", path, "must refer to " + String.join("/", allowedTypes) + ", not " + parsed.type());
            }
        }

        /** Top-level properties that hold timestamps (nested ones of observables are walked by StixObservables). */
        void timestamps(ObjectNode o, String p, String inner) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (StixProperties.TIMESTAMPS.contains(k)) {
                    if (!v.isTextual() || !StixTimestamps.isValid(v.textValue())) {
                        must("timestamp", p + inner + k, "not an RFC 3339 UTC timestamp: " + v);
                    }
                }
            }
        }

        void sequencedTimes(ObjectNode o, String p) {
            order(o, p, "first_seen", "last_seen", false);
            order(o, p, "first_observed", "last_observed", false);
            order(o, p, "start_time", "stop_time", true);
            order(o, p, "analysis_started", "analysis_ended", false);
        }

        void order(ObjectNode o, String p, String first, String last, boolean strictlyAfter) {
            String a = text(o, first), b = text(o, last);
            if (a == null || b == null || !StixTimestamps.isValid(a) || !StixTimestamps.isValid(b)) return;
            long x = StixTimestamps.micros(a), y = StixTimestamps.micros(b);
            if (strictlyAfter ? y <= x : y < x) must("timestamp-order", p + last, last + " must be " + (strictlyAfter ? "later than " : "at or after ") + first);
        }

        void common(ObjectNode o, String type, String p) {
            String cbr = text(o, "created_by_ref");
            if (o.has("created_by_ref")) {
                if (cbr == null) must("references", p + "created_by_ref", "must be a string");
                else {
                    refFormat(cbr, p + "created_by_ref", null);
                    // The spec says identity; the reference validator lets other types through, so this only advises.
                    if (!"identity".equals(StixIds.typeOf(cbr))) advise("created-by-ref", p + "created_by_ref", "created_by_ref should refer to an identity");
                }
            }
            JsonNode omr = o.get("object_marking_refs");
            if (omr != null) {
                if (!omr.isArray() || omr.isEmpty()) must("references", p + "object_marking_refs", "must be a non-empty list");
                else for (int i = 0; i < omr.size(); i++) {
                    String r = omr.get(i).asText(null);
                    if (!omr.get(i).isTextual()) must("references", p + "object_marking_refs[" + i + "]", "must be a string");
                    else {
                        refFormat(r, p + "object_marking_refs[" + i + "]", Set.of("marking-definition"));
                        if (r.equals(text(o, "id"))) must("marking-circular-ref", p + "object_marking_refs[" + i + "]", "an object cannot mark itself");
                    }
                }
            }
            JsonNode gm = o.get("granular_markings");
            if (gm != null) granularMarkings(o, gm, p);
            JsonNode conf = o.get("confidence");
            if (conf != null && (!conf.isIntegralNumber() || conf.asLong() < 0 || conf.asLong() > 100)) {
                must("confidence", p + "confidence", "confidence must be an integer 0-100");
            }
            JsonNode rev = o.get("revoked");
            if (rev != null && !rev.isBoolean()) must("type-mismatch", p + "revoked", "revoked must be a boolean");
            for (String listProp : List.of("labels", "external_references", "kill_chain_phases", "aliases")) {
                JsonNode l = o.get(listProp);
                if (l != null && (!l.isArray() || l.isEmpty())) must("list", p + listProp, listProp + " must be a non-empty list");
            }
            JsonNode lang = o.get("lang");
            if (lang != null && (!lang.isTextual() || !Languages.isTag(lang.textValue()))) {
                must("lang", p + "lang", "lang must be an RFC 5646 language tag");
            }
            JsonNode refs = o.get("external_references");
            if (refs != null && refs.isArray()) for (int i = 0; i < refs.size(); i++) externalReference(refs.get(i), p + "external_references[" + i + "]");
            JsonNode kcp = o.get("kill_chain_phases");
            if (kcp != null && kcp.isArray()) for (int i = 0; i < kcp.size(); i++) killChainPhase(kcp.get(i), p + "kill_chain_phases[" + i + "]");
            extensions(o, type, p);
            refs(o, p);
        }

        void externalReference(JsonNode r, String path) {
            if (!r.isObject()) {
                must("external-reference", path, "must be an object");
                return;
            }
            String src = text(r, "source_name");
            if (src == null) must("external-reference", path + ".source_name", "source_name is required");
            if (!r.has("description") && !r.has("url") && !r.has("external_id")) {
                must("external-reference", path, "needs at least one of description, url, external_id");
            }
            String eid = text(r, "external_id");
            if (src != null && eid != null) {
                if (src.equals("cve") && !eid.matches("CVE-\\d{4}-(0\\d{3}|[1-9]\\d{3,})")) {
                    should("all-external-sources", path + ".external_id", "a cve external_id looks like CVE-YYYY-NNNN");
                } else if (src.equals("capec") && !eid.matches("CAPEC-\\d+")) {
                    should("all-external-sources", path + ".external_id", "a capec external_id looks like CAPEC-N");
                }
            }
            if (src != null && !src.equals(src.toLowerCase(java.util.Locale.ROOT)) && Set.of("cve", "capec").contains(src.toLowerCase(java.util.Locale.ROOT))) {
                should("all-external-sources", path + ".source_name", "source name " + src + " should be lowercase");
            }
            if (r.has("url") && !r.has("hashes")) {
                should("extref-hashes", path, "an external reference to a URL should carry hashes");
            }
            JsonNode hashes = r.get("hashes");
            if (hashes != null) StixObservables.hashesCheck(this::mustHook, this::shouldHook, hashes, path + ".hashes");
        }

        void killChainPhase(JsonNode k, String path) {
            if (!k.isObject() || text(k, "kill_chain_name") == null || text(k, "phase_name") == null) {
                must("kill-chain-phase", path, "needs kill_chain_name and phase_name");
                return;
            }
            for (String f : List.of("kill_chain_name", "phase_name")) {
                String v = text(k, f);
                if (!OPEN_VOCAB.matcher(v).matches()) should("kill-chain-names", path + "." + f, f + " should be lowercase, hyphen-separated");
            }
        }

        void granularMarkings(ObjectNode o, JsonNode gm, String p) {
            if (!gm.isArray() || gm.isEmpty()) {
                must("granular-markings", p + "granular_markings", "must be a non-empty list");
                return;
            }
            for (int i = 0; i < gm.size(); i++) {
                JsonNode g = gm.get(i);
                String gp = p + "granular_markings[" + i + "]";
                if (!g.isObject()) {
                    must("granular-markings", gp, "must be an object");
                    continue;
                }
                String ref = text(g, "marking_ref");
                boolean hasLang = g.has("lang");
                if (ref == null && !hasLang) must("granular-markings", gp, "needs marking_ref or lang");
                if (ref != null && hasLang) must("granular-markings", gp, "has both marking_ref and lang");
                if (ref != null) {
                    refFormat(ref, gp + ".marking_ref", Set.of("marking-definition"));
                    if (ref.equals(text(o, "id"))) must("marking-circular-ref", gp + ".marking_ref", "an object cannot mark itself");
                }
                JsonNode sel = g.get("selectors");
                if (sel == null || !sel.isArray() || sel.isEmpty()) {
                    must("granular-markings", gp + ".selectors", "selectors must be a non-empty list");
                    continue;
                }
                for (int j = 0; j < sel.size(); j++) {
                    String s = sel.get(j).asText(null);
                    if (s == null || !selectorResolves(o, s)) {
                        must("marking-selector-syntax", gp + ".selectors[" + j + "]", "selector does not resolve in this object: " + s);
                    }
                }
            }
        }

        /** Whether a granular-marking selector ({@code a.b.[0].c}) names something present in the object. */
        boolean selectorResolves(JsonNode o, String selector) {
            JsonNode cur = o;
            for (String step : selector.split("\\.", -1)) {
                if (step.isEmpty()) return false;
                if (step.startsWith("[") && step.endsWith("]")) {
                    if (!cur.isArray()) return false;
                    try {
                        int idx = Integer.parseInt(step.substring(1, step.length() - 1));
                        if (idx < 0 || idx >= cur.size()) return false;
                        cur = cur.get(idx);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                } else {
                    if (!cur.isObject() || !cur.has(step)) return false;
                    cur = cur.get(step);
                }
            }
            return true;
        }

        void extensions(ObjectNode o, String type, String p) {
            JsonNode ext = o.get("extensions");
            if (ext == null) return;
            if (!ext.isObject() || ext.isEmpty()) {
                must("extensions", p + "extensions", "extensions must be a non-empty dictionary");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode v = e.getValue();
                String ep = p + "extensions." + name;
                if (!v.isObject()) {
                    must("extensions", ep, "an extension must be a dictionary");
                    continue;
                }
                if (name.startsWith("extension-definition--")) {
                    refFormat(name, ep, Set.of("extension-definition"));
                    JsonNode et = v.get("extension_type");
                    if (et != null && (!et.isTextual() || !EXTENSION_TYPES.contains(et.textValue()))) {
                        must("extension-type", ep + ".extension_type", "unknown extension_type " + et);
                    }
                    if (!"toplevel-property-extension".equals(v.path("extension_type").asText()) && v.size() <= (et == null ? 0 : 1)
                            && !v.path("extension_type").asText().startsWith("new-")) {
                        should("extension-properties", ep, "a property extension should carry properties");
                    }
                    continue;
                }
                Set<String> predefined = StixProperties.SCO_EXTENSIONS.get(name);
                if (predefined != null && StixTypes.SCO.contains(type)) {
                    for (Iterator<String> f = v.fieldNames(); f.hasNext(); ) {
                        String prop = f.next();
                        if (!predefined.contains(prop)) customProperty(o, prop, ep + "." + prop, false);
                    }
                    continue;
                }
                if (options.runs("extensions-use")) {
                    should("extensions-use", ep, "custom extension " + name + " should be an extension-definition");
                    continue;
                }
                if (!PREFIX_LAX_EXTENSION.matcher(name).matches()) should("custom-prefix-lax", ep, "custom extension name should be x-<name>-ext");
                if (!PREFIX_STRICT_EXTENSION.matcher(name).matches()) should("custom-prefix", ep, "custom extension name should be x-<source>-<name>-ext");
            }
        }

        boolean hasToplevelExtension(ObjectNode o) {
            JsonNode ext = o.get("extensions");
            if (ext == null || !ext.isObject()) return false;
            for (JsonNode v : ext) if ("toplevel-property-extension".equals(v.path("extension_type").asText())) return true;
            return false;
        }

        void properties(ObjectNode o, String type, Set<String> defined, String p, boolean sco) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("id") && !PROPERTY_NAME.matcher(k).matches()) {
                    must("property-name", p + k, "property names are 3-250 characters of a-z, 0-9 and _");
                    continue;
                }
                if (defined == null || defined.contains(k)) continue;
                if (RESERVED_PROPERTIES.contains(k)) {
                    must("reserved-property", p + k, k + " is a reserved property name");
                    continue;
                }
                customProperty(o, k, p + k, true);
            }
        }

        void customProperty(ObjectNode o, String name, String path, boolean topLevel) {
            if (options.strictProperties()) {
                must("strict-properties", path, "custom property " + name + " not allowed");
                return;
            }
            if (options.runs("extensions-use")) {
                // A toplevel-property-extension declares the object's extra top-level properties (SDOs; the
                // reference validator does not extend this to observables).
                if (topLevel && hasToplevelExtension(o) && !StixTypes.SCO.contains(text(o, "type"))) return;
                should("extensions-use", path, "custom property " + name + " should be defined by an extension");
                return;
            }
            if (!PREFIX_STRICT_PROPERTY.matcher(name).matches()) {
                should("custom-prefix", path, "custom property " + name + " should be x_<source>_<name>");
            }
            if (!name.startsWith("x_")) should("custom-prefix-lax", path, "custom property " + name + " should start with x_");
        }

        /** {@code *_ref} and {@code *_refs} anywhere outside extensions must be well-formed identifiers. */
        /**
         * Observables' references are judged by their shape only: the reference validator accepts malformed UUIDs
         * there, and rejecting an observable for its reference would drop the observation itself.
         */
        void looseRef(String ref, String path) {
            String t = StixIds.typeOf(ref);
            if (t == null || !TYPE_NAME.matcher(t).matches()) must("references", path, "not an identifier: " + ref);
            else if (!StixIds.isValid(ref)) advise("references", path, "identifier with a malformed UUID: " + ref);
        }

        void refs(ObjectNode o, String p) {
            boolean sco = StixTypes.SCO.contains(text(o, "type"));
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (k.equals("object_marking_refs") || k.equals("created_by_ref")) continue;
                if (k.endsWith("_ref")) {
                    if (!v.isTextual()) must("references", p + k, k + " must be an identifier string");
                    else if (sco) looseRef(v.textValue(), p + k);
                    else refFormat(v.textValue(), p + k, null);
                } else if (k.endsWith("_refs")) {
                    if (!v.isArray() || v.isEmpty()) {
                        must("references", p + k, k + " must be a non-empty list of identifiers");
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        if (!v.get(i).isTextual()) must("references", p + k + "[" + i + "]", "must be an identifier string");
                        else if (sco) looseRef(v.get(i).textValue(), p + k + "[" + i + "]");
                        else refFormat(v.get(i).textValue(), p + k + "[" + i + "]", null);
                    }
                }
            }
        }

        void indicator(ObjectNode o, String p) {
            String from = text(o, "valid_from"), until = text(o, "valid_until");
            if (from != null && until != null && StixTimestamps.isValid(from) && StixTimestamps.isValid(until)
                    && StixTimestamps.micros(until) <= StixTimestamps.micros(from)) {
                must("indicator-validity", p + "valid_until", "valid_until must be later than valid_from");
            }
            if (!o.has("name") || !o.has("description")) {
                should("indicator-properties", p, "an indicator should have a name and a description");
            }
            String pattern = text(o, "pattern");
            if (o.has("pattern") && pattern == null) must("type-mismatch", p + "pattern", "pattern must be a string");
            if (pattern != null && "stix".equals(text(o, "pattern_type"))) {
                String err;
                try {
                    err = options.patternCheck().apply(pattern);
                } catch (RuntimeException e) {
                    err = "pattern check failed: " + e;
                }
                if (err != null) must("pattern", p + "pattern", err);
                patternObjects(pattern, p + "pattern");
            }
        }

        /** The object types and properties a STIX pattern names obey the same naming rules as objects do. */
        void patternObjects(String pattern, String path) {
            StringBuilder outside = new StringBuilder(pattern.length());
            boolean inString = false;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (inString) {
                    if (c == '\\') i++;
                    else if (c == '\'') inString = false;
                    outside.append(' ');
                } else if (c == '\'') {
                    inString = true;
                    outside.append(' ');
                } else {
                    outside.append(c);
                }
            }
            var m = OBJECT_PATH.matcher(outside);
            while (m.find()) {
                String type = m.group(1), prop = m.group(2);
                if (type.length() < 3 || type.length() > 250 || !TYPE_NAME.matcher(type).matches()) {
                    must("pattern-object-type", path, "object type " + type + " in the pattern is not a valid type name");
                    continue;
                }
                if (!PROPERTY_NAME.matcher(prop).matches() && !prop.equals("id")) {
                    must("pattern-property", path, "property " + prop + " in the pattern is not a valid property name");
                }
                Set<String> defined = StixProperties.defined(type);
                if (defined == null) {
                    if (options.strictTypes()) must("strict-types", path, "custom object type " + type + " in the pattern");
                    if (!options.runs("extensions-use")) {
                        if (!type.startsWith("x-")) should("custom-prefix-lax", path, "custom object type " + type + " should start with x-");
                        if (!PREFIX_STRICT_TYPE.matcher(type).matches()) should("custom-prefix", path, "custom object type " + type + " should be x-<source>-<name>");
                    }
                } else if (!defined.contains(prop)) {
                    if (options.strictProperties()) must("strict-properties", path, "custom property " + prop + " of " + type + " in the pattern");
                    if (!options.runs("extensions-use")) {
                        if (!prop.startsWith("x_")) should("custom-prefix-lax", path, "custom property " + prop + " should start with x_");
                        if (!PREFIX_STRICT_PROPERTY.matcher(prop).matches()) should("custom-prefix", path, "custom property " + prop + " should be x_<source>_<name>");
                    }
                }
            }
        }

        void observedData(ObjectNode o, String p) {
            JsonNode n = o.get("number_observed");
            if (n != null && (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 999_999_999L)) {
                must("number-observed", p + "number_observed", "number_observed must be an integer 1-999,999,999");
            }
            boolean refs = o.has("object_refs"), objs = o.has("objects");
            if (refs == objs) must("observed-data-content", p, "exactly one of object_refs and objects is required");
            JsonNode or = o.get("object_refs");
            if (or != null && or.isArray()) for (int i = 0; i < or.size(); i++) {
                String t = StixIds.typeOf(or.get(i).asText(null));
                if (t != null && (StixTypes.SDO.contains(t) || StixTypes.META.contains(t) || t.equals("bundle"))) {
                    must("references", p + "object_refs[" + i + "]", "observed-data refers to observables and relationships, not " + t);
                }
            }
            if (objs) {
                should("deprecated-properties", p + "objects", "objects is deprecated in STIX 2.1; use object_refs");
                JsonNode m = o.get("objects");
                if (!m.isObject() || m.isEmpty()) {
                    must("observed-data-content", p + "objects", "objects must be a non-empty dictionary");
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!e.getKey().matches("\\d+")) should("observable-object-keys", p + "objects." + e.getKey(), "object keys should be non-negative integers");
                        if (!e.getValue().isObject() || !e.getValue().has("type")) {
                            must("observed-data-content", p + "objects." + e.getKey(), "each observable needs a type");
                            continue;
                        }
                        embeddedRefs(e.getValue(), m, p + "objects." + e.getKey());
                    }
                }
            }
        }

        /** In 2.0-style embedded observables, refs are keys of the same objects dictionary. */
        void embeddedRefs(JsonNode sco, JsonNode objects, String p) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sco.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<JsonNode> vals = new ArrayList<>();
                if (e.getKey().endsWith("_ref")) vals.add(e.getValue());
                else if (e.getKey().endsWith("_refs") && e.getValue().isArray()) e.getValue().forEach(vals::add);
                for (JsonNode v : vals) {
                    if (!objects.has(v.asText())) must("observed-data-refs", p + "." + e.getKey(), "refers to " + v + " which is not in objects");
                }
            }
        }

        void relationship(ObjectNode o, String p) {
            String rt = text(o, "relationship_type");
            String src = text(o, "source_ref"), dst = text(o, "target_ref");
            Set<String> forbidden = Set.of("bundle", "relationship", "sighting", "marking-definition", "language-content", "extension-definition");
            String st = StixIds.typeOf(src), tt = StixIds.typeOf(dst);
            if (st != null && forbidden.contains(st)) must("relationship-endpoints", p + "source_ref", "source_ref cannot refer to a " + st);
            if (tt != null && forbidden.contains(tt)) must("relationship-endpoints", p + "target_ref", "target_ref cannot refer to a " + tt);
            if (rt == null) return;
            if (!OPEN_VOCAB.matcher(rt).matches()) must("relationship-type-format", p + "relationship_type", "relationship_type must be lowercase, hyphen-separated");
            if (StixVocabularies.GENERIC_RELATIONSHIPS.contains(rt) || st == null || tt == null) return;
            Map<String, Set<String>> bySource = StixVocabularies.RELATIONSHIPS.get(st);
            boolean definedAnywhere = StixVocabularies.RELATIONSHIPS.values().stream().anyMatch(m -> m.containsKey(rt));
            if (bySource == null || !bySource.containsKey(rt)) {
                if (StixTypes.isKnown(st) && StixTypes.isKnown(tt)) {
                    should("relationship-types", p + "relationship_type", (definedAnywhere ? rt + " is not defined from " + st
                            : rt + " is not a relationship type the spec defines"));
                }
            } else if (!bySource.get(rt).contains(tt) && StixTypes.isKnown(tt)) {
                should("relationship-types", p + "target_ref", st + " " + rt + " " + tt + " is not a relationship the spec defines");
            }
        }

        void sighting(ObjectNode o, String p) {
            String of = text(o, "sighting_of_ref");
            String t = StixIds.typeOf(of);
            if (t != null && !(StixTypes.SDO.contains(t) || (!StixTypes.isKnown(t) && t.startsWith("x-")))) {
                must("references", p + "sighting_of_ref", "sighting_of_ref must refer to an SDO, not " + t);
            }
            typedRefs(o, "observed_data_refs", Set.of("observed-data"), p);
            typedRefs(o, "where_sighted_refs", Set.of("identity", "location"), p);
            JsonNode c = o.get("count");
            if (c != null && (!c.isIntegralNumber() || c.asLong() < 0 || c.asLong() > 999_999_999L)) {
                must("sighting-count", p + "count", "count must be an integer 0-999,999,999");
            }
        }

        void typedRefs(ObjectNode o, String prop, Set<String> types, String p) {
            JsonNode v = o.get(prop);
            if (v == null || !v.isArray()) return;
            for (int i = 0; i < v.size(); i++) {
                String t = StixIds.typeOf(v.get(i).asText(null));
                if (t != null && !types.contains(t)) must("references", p + prop + "[" + i + "]", prop + " must refer to " + types + ", not " + t);
            }
        }

        void markingDefinition(ObjectNode o, String p) {
            if (o.has("modified")) must("marking-definition", p + "modified", "marking definitions are not versioned");
            if (o.has("revoked")) must("marking-definition", p + "revoked", "marking definitions cannot be revoked");
            String dt = text(o, "definition_type");
            JsonNode def = o.get("definition");
            JsonNode ext = o.get("extensions");
            boolean viaExtension = ext != null && ext.isObject() && !ext.isEmpty();
            if (dt == null && def == null && !viaExtension) {
                must("marking-definition", p, "needs definition_type and definition, or an extension");
            }
            if ((dt == null) != (def == null)) must("marking-definition", p + (dt == null ? "definition_type" : "definition"),
                    "definition_type and definition go together");
            String id = text(o, "id");
            if ("tlp".equals(dt)) {
                String level = def == null ? null : text(def, "tlp");
                if (def == null || !def.isObject() || level == null || !TLP1.containsKey(level) || def.size() != 1) {
                    must("marking-definition", p + "definition", "a TLP definition is {\"tlp\": white|green|amber|red}");
                } else if (id != null && !TLP1.get(level).equals(id)) {
                    must("tlp-id", p + "id", "TLP " + level + " must use the spec's id " + TLP1.get(level));
                }
            } else if ("statement".equals(dt)) {
                if (def == null || !def.isObject() || text(def, "statement") == null) {
                    must("marking-definition", p + "definition", "a statement definition is {\"statement\": text}");
                }
            } else if (dt != null) {
                should("marking-definition-type", p + "definition_type", "definition_type should be tlp or statement");
            }
            if (dt != null && def != null && !def.isObject()) must("marking-definition", p + "definition", "definition must be an object");
            JsonNode tlp2 = ext == null ? null : ext.get(TLP2_EXTENSION);
            if (tlp2 != null) {
                String level = tlp2.path("tlp_2_0").asText(null);
                if (level == null || !TLP2.containsKey(level)) {
                    must("tlp-id", p + "extensions." + TLP2_EXTENSION + ".tlp_2_0", "tlp_2_0 must be clear, green, amber, amber+strict or red");
                } else if (id != null && !TLP2.get(level).equals(id)) {
                    must("tlp-id", p + "id", "TLP 2.0 " + level + " must use the id " + TLP2.get(level));
                }
            }
        }

        void malware(ObjectNode o, String p) {
            JsonNode f = o.get("is_family");
            if (f != null && !f.isBoolean()) must("type-mismatch", p + "is_family", "is_family must be a boolean");
            if (f != null && f.asBoolean(false) && !o.has("name")) must("required", p + "name", "a malware family needs a name");
        }

        void malwareAnalysis(ObjectNode o, String p) {
            if (!o.has("result") && !o.has("analysis_sco_refs")) {
                must("required", p, "malware-analysis needs result or analysis_sco_refs");
            }
            String product = text(o, "product");
            if (product != null && !OPEN_VOCAB.matcher(product).matches()) {
                should("malware-analysis-product", p + "product", "product should be lowercase, hyphen-separated");
            }
        }

        void location(ObjectNode o, String p) {
            boolean lat = o.has("latitude"), lon = o.has("longitude");
            if (!o.has("region") && !o.has("country") && !(lat && lon)) {
                must("location", p, "location needs region, country, or latitude and longitude");
            }
            if (lat != lon) must("location", p, "latitude and longitude go together");
            if (o.has("precision") && !(lat && lon)) must("location", p + "precision", "precision needs latitude and longitude");
            if (lat && (o.get("latitude").asDouble() < -90 || o.get("latitude").asDouble() > 90)) must("location", p + "latitude", "out of range");
            if (lon && (o.get("longitude").asDouble() < -180 || o.get("longitude").asDouble() > 180)) must("location", p + "longitude", "out of range");
            String country = text(o, "country");
            if (country != null && !Languages.isCountry(country)) should("countries", p + "country", "country should be an ISO 3166-1 alpha-2 code");
        }

        void extensionDefinition(ObjectNode o, String p) {
            JsonNode types = o.get("extension_types");
            if (types != null) {
                if (!types.isArray() || types.isEmpty()) must("extension-type", p + "extension_types", "must be a non-empty list");
                else for (JsonNode t : types) if (!EXTENSION_TYPES.contains(t.asText())) must("extension-type", p + "extension_types", "unknown extension type " + t);
                boolean toplevel = false;
                for (JsonNode t : types) toplevel |= "toplevel-property-extension".equals(t.asText());
                if (toplevel && !o.has("extension_properties")) {
                    should("extension-properties", p + "extension_properties", "a toplevel-property-extension should list its extension_properties");
                }
                if (o.has("extension_properties") && !toplevel) {
                    must("extension-properties", p + "extension_properties", "extension_properties only go with toplevel-property-extension");
                }
            }
            if (!o.has("description")) should("extension-description", p, "an extension definition should have a description");
        }

        void languageContent(ObjectNode o, String p) {
            JsonNode c = o.get("contents");
            if (c == null || !c.isObject()) return;
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!Languages.isTag(e.getKey())) must("lang", p + "contents." + e.getKey(), "contents keys are language tags");
                if (!e.getValue().isObject()) continue;
                for (Iterator<String> f = e.getValue().fieldNames(); f.hasNext(); ) {
                    String k = f.next();
                    if (!PROPERTY_NAME.matcher(k).matches()) must("property-name", p + "contents." + e.getKey() + "." + k, "not a property name");
                }
            }
        }

        void nonEmptyRefs(ObjectNode o, String prop, String p) {
            JsonNode v = o.get(prop);
            if (v != null && (!v.isArray() || v.isEmpty())) must("references", p + prop, prop + " must be a non-empty list");
        }

        void vocabularies(ObjectNode o, String type, String p) {
            Map<String, StixVocabularies.Vocab> vocabs = StixVocabularies.BY_TYPE.getOrDefault(type, Map.of());
            for (Map.Entry<String, StixVocabularies.Vocab> e : vocabs.entrySet()) {
                JsonNode v = o.get(e.getKey());
                if (v == null) continue;
                List<JsonNode> vals = new ArrayList<>();
                if (v.isArray()) v.forEach(vals::add);
                else vals.add(v);
                for (JsonNode x : vals) {
                    String s = x.asText("");
                    if (!e.getValue().values().contains(s)) {
                        should(e.getValue().check(), p + e.getKey(), "'" + s + "' is not in the " + e.getKey() + " vocabulary");
                    }
                    if (!OPEN_VOCAB.matcher(s).matches() && !e.getValue().values().contains(s)) {
                        should("open-vocab-format", p + e.getKey(), "'" + s + "' should be lowercase, hyphen-separated");
                    }
                }
            }
        }
    }

    static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    /** Callback for the observable checks, which live in their own class. */
    @FunctionalInterface
    interface Report {
        void issue(String check, String path, String message);
    }
}
