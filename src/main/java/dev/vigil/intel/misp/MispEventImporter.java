package dev.vigil.intel.misp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One MISP event (REST form, {@code {"Event":{...}}} feed form, or a one-event {@code {"response":[...]}}) ->
 * STIX 2.1 objects as Jackson trees.
 *
 * <p>Mapping, in short (misp-stix's, with the deviations named in {@link MispAttributeTypes}):
 * <ul>
 *   <li>the event -> a {@code grouping} (context {@code suspicious-activity}) with the event uuid, always,
 *       published or not: an event is usually published after first being shared, and its STIX id must not
 *       change type when that happens or re-import would leave two containers. {@link Options#publishedAsReport}
 *       turns published events into {@code report}s for consumers that want that;</li>
 *   <li>the creator org (Orgc) -> an {@code identity} with the org uuid, the {@code created_by_ref} of all;</li>
 *   <li>a {@code to_ids} attribute -> an {@code indicator} with the attribute uuid; other observables ->
 *       {@code observed-data} + SCOs (UUIDv5 ids, so the same value is one SCO across events and producers);</li>
 *   <li>a MISP object -> one indicator with the comparisons of its attributes AND-ed (if any attribute is
 *       {@code to_ids}), else observed-data; text/comment -> {@code note}; link -> an external reference;
 *       snort/suricata/yara/sigma -> indicators of that pattern_type;</li>
 *   <li>tags -> labels, {@code tlp:*} tags -> TLP markings (see {@link TlpMarkings}); galaxies -> SDOs
 *       ({@link MispGalaxies}) with {@code indicates} relationships from the indicators they are attached to
 *       (event-level ATT&CK techniques: from every indicator of the event);</li>
 *   <li>distribution / sharing group -> {@code x_misp_distribution}, {@code x_misp_sharing_group_*}.</li>
 * </ul>
 * Every attribute is accounted for in the {@link ImportReport}: mapped, or skipped with a reason (deleted,
 * warninglisted, malformed value, no STIX mapping...). Only {@link MispImportException} escapes, for input
 * that is not a MISP event at all.
 */
public final class MispEventImporter {
    /** Bounds and switches. */
    public record Options(Warninglists warninglists, boolean publishedAsReport, long maxInputBytes, int maxValueLength,
                          int maxAttributes, int maxRelationships) {
        public static Options defaults() {
            return new Options(Warninglists.none(), false, 64L << 20, 65_536, 500_000, 20_000);
        }

        public Options withWarninglists(Warninglists w) {
            return new Options(w, publishedAsReport, maxInputBytes, maxValueLength, maxAttributes, maxRelationships);
        }

        public Options withPublishedAsReport(boolean b) {
            return new Options(warninglists, b, maxInputBytes, maxValueLength, maxAttributes, maxRelationships);
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /**
     * Field names are not canonicalised: through Jackson's shared name table, whether a name with invalid UTF-8
     * was accepted depended on earlier inputs (found by MispImportFuzzTest). Without the table a name is decoded
     * the same way every time, so an import's outcome depends on its bytes alone.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(16 << 20).maxNumberLength(64).build())
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build());
    private static final Set<String> NOTE_TYPES = Set.of("text", "comment", "other");
    private static final Set<String> RULE_TYPES = Set.of("snort", "suricata", "yara", "sigma");

    private final Options options;

    public MispEventImporter() {
        this(Options.defaults());
    }

    public MispEventImporter(Options options) {
        this.options = options;
    }

    public ImportReport importEvent(byte[] json) throws MispImportException {
        if (json.length > options.maxInputBytes()) throw new MispImportException("event larger than " + options.maxInputBytes() + " bytes");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MispImportException("not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new MispImportException("unreadable: " + e.getMessage(), e);
        }
        return importEvent(root);
    }

    public ImportReport importEvent(JsonNode root) throws MispImportException {
        return new Run(eventOf(root)).run();
    }

    /** Unwraps the three shapes MISP writes an event in. */
    static ObjectNode eventOf(JsonNode root) throws MispImportException {
        if (root == null || !root.isObject()) throw new MispImportException("not a JSON object");
        JsonNode e = root;
        if (root.has("response")) {
            JsonNode r = root.get("response");
            if (!r.isArray() || r.size() != 1) throw new MispImportException("a 'response' must hold exactly one event here");
            e = r.get(0);
        }
        if (e.isObject() && e.has("Event")) e = e.get("Event");
        if (!(e instanceof ObjectNode ev)) throw new MispImportException("Event is not a JSON object");
        if (!ev.has("uuid") && !ev.has("info") && !ev.has("Attribute") && !ev.has("Object")) {
            throw new MispImportException("not a MISP event (no uuid, info, Attribute or Object)");
        }
        return ev;
    }

    /** The state of one import. */
    private final class Run {
        private final ObjectNode event;
        private final Map<String, ObjectNode> out = new LinkedHashMap<>();
        private final List<ImportReport.Skipped> skipped = new ArrayList<>();
        private final Set<String> seenUuids = new HashSet<>();
        private final Set<String> markings = new LinkedHashSet<>();
        private final List<String> indicatorIds = new ArrayList<>();
        private final List<ObjectNode> eventAttackPatterns = new ArrayList<>();
        private final ArrayNode links = F.arrayNode();
        private Set<String> ambiguousClusters = Set.of();
        private int attributes, mapped, relationships;
        private String identityId, eventMarking, created, eventUuid;
        private Instant eventCreated, eventModified;

        Run(ObjectNode event) {
            this.event = event;
        }

        ImportReport run() {
            eventUuid = MispIds.uuidOf(text(event, "uuid"), "event:" + text(event, "info") + "|" + text(event, "date") + "|" + text(event, "timestamp"));
            Instant ts = epoch(event.get("timestamp"));
            eventCreated = date(text(event, "date"));
            if (eventCreated == null) eventCreated = ts != null ? ts : Instant.EPOCH;
            if (ts != null && ts.isBefore(eventCreated)) eventCreated = ts;
            eventModified = ts != null ? ts : eventCreated;
            created = MispIds.millis(eventCreated);

            JsonNode orgc = event.has("Orgc") ? event.get("Orgc") : event.get("Org");
            String orgName = text(orgc, "name");
            if (orgName == null || orgName.isBlank()) orgName = "unknown MISP organisation";
            identityId = "identity--" + MispIds.uuidOf(text(orgc, "uuid"), "org:" + orgName);
            // identities are shared by all events of an org: a fixed timestamp keeps them one version
            ObjectNode identity = sdo("identity", identityId, Instant.EPOCH, Instant.EPOCH);
            identity.remove("created_by_ref");
            identity.put("name", orgName).put("identity_class", "organization");
            out.put(identityId, identity);

            List<String> eventLabels = new ArrayList<>();
            eventMarking = tagsOf(event.get("Tag"), eventLabels);

            ambiguousClusters = MispGalaxies.ambiguousUuids(event);
            galaxies(event.get("Galaxy"), null);
            JsonNode attrs = event.get("Attribute");
            if (attrs != null && attrs.isArray()) for (JsonNode a : attrs) attribute(a);
            JsonNode objs = event.get("Object");
            if (objs != null && objs.isArray()) for (JsonNode o : objs) object(o);
            for (ObjectNode ap : eventAttackPatterns) for (String ind : indicatorIds) indicates(ind, ap.get("id").asText(), out.get(ind));

            boolean report = options.publishedAsReport() && bool(event.get("published"));
            String type = report ? "report" : "grouping";
            ObjectNode container = sdo(type, type + "--" + eventUuid, eventCreated, eventModified);
            String info = text(event, "info");
            container.put("name", info == null || info.isBlank() ? "MISP event " + eventUuid : info);
            if (report) {
                Instant pub = epoch(event.get("publish_timestamp"));
                container.put("published", MispIds.seconds(pub != null ? pub : eventModified));
                container.putArray("report_types").add("threat-report");
            } else {
                container.put("context", "suspicious-activity");
            }
            ArrayNode refs = container.putArray("object_refs");
            for (String id : out.keySet()) if (!id.startsWith("identity--")) refs.add(id);
            if (refs.isEmpty()) refs.add(identityId);
            labels(container, eventLabels);
            ArrayNode ext = container.putArray("external_references");
            ext.addObject().put("source_name", "misp").put("external_id", text(event, "uuid") == null ? eventUuid : text(event, "uuid"));
            ext.addAll(links);
            distribution(container, event);
            putText(container, "x_misp_threat_level_id", text(event, "threat_level_id"));
            putText(container, "x_misp_analysis", text(event, "analysis"));
            if (event.has("published")) container.put("x_misp_published", bool(event.get("published")));
            mark(container, eventMarking);

            List<ObjectNode> objects = new ArrayList<>();
            objects.add(identity);
            for (String m : markings) objects.add(TlpMarkings.definition(m));
            objects.add(container);
            for (ObjectNode o : out.values()) if (o != identity) objects.add(o);
            return new ImportReport(objects, attributes, mapped, skipped);
        }

        private void attribute(JsonNode a) {
            attributes++;
            if (!(a instanceof ObjectNode attr)) {
                skip(null, null, "attribute is not a JSON object");
                return;
            }
            String uuid = text(attr, "uuid"), type = text(attr, "type");
            String why = precheck(attr, uuid, type);
            if (why != null) {
                skip(uuid, type, why);
                return;
            }
            String value = text(attr, "value");
            boolean toIds = bool(attr.get("to_ids"));
            List<String> labels = new ArrayList<>(List.of("misp:type=\"" + type + "\"", "misp:category=\"" + nz(text(attr, "category")) + "\""));
            String marking = tagsOf(attr.get("Tag"), labels);
            if (marking == null) marking = eventMarking;
            String id = MispIds.uuidOf(uuid, "attribute:" + eventUuid + ":" + type + ":" + value);
            Instant ts = orEvent(epoch(attr.get("timestamp")));
            if (taken(id)) {
                skip(uuid, type, "uuid already names another item of this event");
                return;
            }

            if (RULE_TYPES.contains(type)) {
                ObjectNode ind = indicator(id, ts, attr, labels, marking);
                ind.put("pattern", value).put("pattern_type", type);
                ind.remove("pattern_version");
                accept(ind);
                galaxies(attr.get("Galaxy"), ind);
                return;
            }
            if (NOTE_TYPES.contains(type)) {
                ObjectNode note = sdo("note", "note--" + id, eventCreated, later(ts));
                note.put("content", value);
                note.putArray("object_refs").add((options.publishedAsReport() && bool(event.get("published")) ? "report--" : "grouping--") + eventUuid);
                labels(note, labels);
                mark(note, marking);
                out.put(note.get("id").asText(), note);
                mapped++;
                return;
            }
            if (type.equals("link") && !toIds) {
                if (links.size() < 1000) {
                    links.addObject().put("source_name", "url").put("url", value);
                    mapped++;
                } else {
                    skip(uuid, type, "more than 1000 links on one event");
                }
                return;
            }
            if (type.equals("vulnerability") || type.equals("campaign-name") || type.equals("threat-actor")) {
                String stixType = switch (type) {
                    case "vulnerability" -> "vulnerability";
                    case "campaign-name" -> "campaign";
                    default -> "threat-actor";
                };
                ObjectNode o = sdo(stixType, stixType + "--" + id, eventCreated, later(ts));
                o.put("name", value);
                if (type.equals("vulnerability") && value.matches("(?i)CVE-\\d{4}-\\d{4,}")) {
                    o.putArray("external_references").addObject().put("source_name", "cve").put("external_id", value.toUpperCase(Locale.ROOT));
                }
                labels(o, labels);
                mark(o, marking);
                out.put(o.get("id").asText(), o);
                mapped++;
                return;
            }
            MispAttributeTypes.Rule rule = MispAttributeTypes.rule(type);
            if (rule == null) {
                skip(uuid, type, "MISP type '" + type + "' has no STIX mapping");
                return;
            }
            List<Comparison> comps;
            try {
                comps = rule.map(value);
            } catch (Unmappable u) {
                skip(uuid, type, u.getMessage());
                return;
            }
            if (toIds) {
                ObjectNode ind = indicator(id, ts, attr, labels, marking);
                ind.put("pattern", PatternText.observation(comps));
                accept(ind);
                galaxies(attr.get("Galaxy"), ind);
                return;
            }
            if (!rule.observable()) {
                skip(uuid, type, "to_ids is false and a '" + type + "' alone is no valid STIX observable");
                return;
            }
            List<ObjectNode> scos = ScoBuilder.build(comps);
            if (scos == null) {
                skip(uuid, type, "to_ids is false and the value makes no valid STIX observable");
                return;
            }
            observed(id, ts, scos, labels, marking, attr);
            mapped++;
        }

        private void object(JsonNode o) {
            JsonNode attrs = o == null ? null : o.get("Attribute");
            List<JsonNode> list = new ArrayList<>();
            if (attrs != null && attrs.isArray()) attrs.forEach(list::add);
            String name = text(o, "name");
            if (!(o instanceof ObjectNode obj) || list.isEmpty()) {
                for (JsonNode a : list) {
                    attributes++;
                    skip(text(a, "uuid"), text(a, "type"), "MISP object is malformed");
                }
                return;
            }
            if (bool(obj.get("deleted"))) {
                for (JsonNode a : list) {
                    attributes++;
                    skip(text(a, "uuid"), text(a, "type"), "MISP object deleted");
                }
                return;
            }
            Map<String, MispObjectTemplates.Relation> template = name == null ? null : MispObjectTemplates.template(name);
            record Pending(String uuid, String type) {}
            List<Pending> pending = new ArrayList<>();
            List<Comparison> comps = new ArrayList<>();
            Set<String> singlePaths = new HashSet<>();
            boolean toIds = false;
            Instant newest = null;
            List<String> labels = new ArrayList<>(List.of("misp:name=\"" + nz(name) + "\"", "misp:meta-category=\"" + nz(text(obj, "meta-category")) + "\""));
            String marking = tagsOf(obj.get("Tag"), labels);
            for (JsonNode a : list) {
                attributes++;
                String uuid = text(a, "uuid"), type = text(a, "type");
                if (!(a instanceof ObjectNode attr)) {
                    skip(null, null, "attribute is not a JSON object");
                    continue;
                }
                String why = precheck(attr, uuid, type);
                if (why != null) {
                    skip(uuid, type, why);
                    continue;
                }
                if (template == null) {
                    skip(uuid, type, "MISP object template '" + name + "' has no STIX mapping");
                    continue;
                }
                String relation = text(attr, "object_relation");
                MispObjectTemplates.Relation rel = relation == null ? null : template.get(relation);
                if (rel == null) {
                    skip(uuid, type, "relation '" + relation + "' of object '" + name + "' has no STIX property");
                    continue;
                }
                if (rel.skipReason() != null) {
                    skip(uuid, type, name + "/" + relation + ": " + rel.skipReason());
                    continue;
                }
                List<Comparison> c;
                try {
                    c = rel.mapper().map(text(attr, "value"));
                } catch (Unmappable u) {
                    skip(uuid, type, name + "/" + relation + ": " + u.getMessage());
                    continue;
                }
                String clash = null;
                for (Comparison x : c) if (!x.path().contains("[*]") && !x.path().endsWith(".type") && singlePaths.contains(x.path())) clash = x.path();
                if (clash != null) {
                    skip(uuid, type, "second value for " + clash + " in one object would make the AND-ed pattern unmatchable");
                    continue;
                }
                for (Comparison x : c) if (!x.path().contains("[*]") && !x.path().endsWith(".type")) singlePaths.add(x.path());
                for (Comparison x : c) if (!comps.contains(x)) comps.add(x);
                toIds |= bool(attr.get("to_ids"));
                Instant t = epoch(attr.get("timestamp"));
                if (t != null && (newest == null || t.isAfter(newest))) newest = t;
                labels.addAll(tagLabels(attr.get("Tag")));
                pending.add(new Pending(uuid, type));
            }
            if (pending.isEmpty()) return;
            if (marking == null) marking = eventMarking;
            String id = MispIds.uuidOf(text(obj, "uuid"), "object:" + eventUuid + ":" + name + ":" + comps);
            Instant ts = orEvent(newest != null ? newest : epoch(obj.get("timestamp")));
            if (taken(id)) {
                for (Pending p : pending) skip(p.uuid(), p.type(), "object uuid already names another item of this event");
                return;
            }
            if (toIds) {
                ObjectNode ind = indicator(id, ts, obj, labels, marking);
                ind.put("pattern", PatternText.observation(comps));
                accept(ind);
                mapped += pending.size() - 1;
                for (JsonNode a : list) galaxies(a.get("Galaxy"), ind);
                return;
            }
            List<ObjectNode> scos = ScoBuilder.build(comps);
            if (scos == null) {
                for (Pending p : pending) skip(p.uuid(), p.type(), "object '" + name + "' has no to_ids attribute and its values make no valid STIX observable");
                return;
            }
            observed(id, ts, scos, labels, marking, obj);
            mapped += pending.size();
        }

        /** Whether an SDO with this uuid was already emitted (hostile or broken events reuse uuids across attributes and objects). */
        private boolean taken(String uuid) {
            for (String t : List.of("indicator--", "observed-data--", "note--", "vulnerability--", "campaign--", "threat-actor--")) {
                if (out.containsKey(t + uuid)) return true;
            }
            return false;
        }

        /** Reasons to skip that do not depend on the type's mapping; null to go on. */
        private String precheck(ObjectNode attr, String uuid, String type) {
            if (type == null || type.isBlank()) return "attribute without type";
            if (bool(attr.get("deleted"))) return "deleted";
            String value = text(attr, "value");
            if (value == null || value.isEmpty()) return "attribute without value";
            if (value.length() > options.maxValueLength()) return "value longer than " + options.maxValueLength() + " characters";
            if (attributes > options.maxAttributes()) return "more than " + options.maxAttributes() + " attributes in one event";
            if (uuid != null && !seenUuids.add(uuid.toLowerCase(Locale.ROOT))) return "duplicate attribute uuid";
            String list = options.warninglists().match(type, value);
            if (list != null) return "warninglist: " + list;
            return null;
        }

        private ObjectNode indicator(String uuid, Instant ts, JsonNode source, List<String> labels, String marking) {
            ObjectNode ind = sdo("indicator", "indicator--" + uuid, min(eventCreated, ts), ts);
            String comment = text(source, "comment");
            if (comment != null && !comment.isBlank()) ind.put("description", comment);
            ind.put("pattern", "").put("pattern_type", "stix").put("pattern_version", "2.1").put("valid_from", MispIds.seconds(ts));
            String category = text(source, "category");
            if (category == null) category = text(source, "meta-category");
            if (category != null && !category.isBlank()) {
                ind.putArray("kill_chain_phases").addObject().put("kill_chain_name", "misp-category")
                        .put("phase_name", category.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            }
            labels(ind, labels);
            distribution(ind, source);
            mark(ind, marking);
            return ind;
        }

        private void accept(ObjectNode ind) {
            String id = ind.get("id").asText();
            out.put(id, ind);
            indicatorIds.add(id);
            mapped++;
        }

        private void observed(String uuid, Instant ts, List<ObjectNode> scos, List<String> labels, String marking, JsonNode source) {
            ObjectNode od = sdo("observed-data", "observed-data--" + uuid, min(eventCreated, ts), ts);
            od.put("first_observed", MispIds.seconds(ts)).put("last_observed", MispIds.seconds(ts)).put("number_observed", 1);
            ArrayNode refs = od.putArray("object_refs");
            for (ObjectNode s : scos) {
                refs.add(s.get("id").asText());
                mark(s, marking);
                out.putIfAbsent(s.get("id").asText(), s);
            }
            labels(od, labels);
            distribution(od, source);
            mark(od, marking);
            out.put(od.get("id").asText(), od);
        }

        private void galaxies(JsonNode galaxies, ObjectNode indicator) {
            if (galaxies == null || !galaxies.isArray()) return;
            for (JsonNode g : galaxies) {
                JsonNode clusters = g.get("GalaxyCluster");
                if (clusters == null || !clusters.isArray()) continue;
                for (JsonNode c : clusters) {
                    String cu = text(c, "uuid");
                    ObjectNode sdo = MispGalaxies.sdo(g, c, identityId, created, created, cu == null || !ambiguousClusters.contains(cu.toLowerCase(Locale.ROOT)));
                    if (sdo == null) continue;
                    String id = sdo.get("id").asText();
                    ObjectNode existing = out.get(id);
                    if (existing == null) {
                        mark(sdo, eventMarking);
                        out.put(id, sdo);
                        existing = sdo;
                    }
                    if (indicator != null) indicates(indicator.get("id").asText(), id, indicator);
                    else if (existing.get("type").asText().equals("attack-pattern") && !eventAttackPatterns.contains(existing)) eventAttackPatterns.add(existing);
                }
            }
        }

        private void indicates(String source, String target, ObjectNode indicator) {
            String id = "relationship--" + MispIds.uuid5(MispIds.VIGIL_NAMESPACE, "indicates|" + source + "|" + target);
            if (out.containsKey(id) || relationships >= options.maxRelationships()) return;
            relationships++;
            ObjectNode r = F.objectNode().put("type", "relationship").put("spec_version", "2.1").put("id", id)
                    .put("created_by_ref", identityId)
                    .put("created", indicator.get("created").asText()).put("modified", indicator.get("modified").asText())
                    .put("relationship_type", "indicates").put("source_ref", source).put("target_ref", target);
            if (indicator.has("object_marking_refs")) r.set("object_marking_refs", indicator.get("object_marking_refs").deepCopy());
            out.put(id, r);
        }

        /** Adds non-TLP tag names to labels; returns the TLP marking id of the tags, or null. */
        private String tagsOf(JsonNode tags, List<String> labels) {
            String marking = null;
            if (tags == null || !tags.isArray()) return null;
            for (JsonNode t : tags) {
                String name = text(t, "name");
                if (name == null || name.isBlank()) continue;
                String m = TlpMarkings.forTag(name);
                if (m != null) marking = stricter(marking, m);
                else if (labels.size() < 200) labels.add(name);
            }
            return marking;
        }

        private List<String> tagLabels(JsonNode tags) {
            List<String> l = new ArrayList<>();
            tagsOf(tags, l);
            return l;
        }

        private void mark(ObjectNode o, String marking) {
            if (marking == null) return;
            markings.add(marking);
            o.putArray("object_marking_refs").add(marking);
        }

        private ObjectNode sdo(String type, String id, Instant created, Instant modified) {
            ObjectNode o = F.objectNode().put("type", type).put("spec_version", "2.1").put("id", id).put("created_by_ref", identityId);
            o.put("created", MispIds.millis(created)).put("modified", MispIds.millis(modified.isBefore(created) ? created : modified));
            return o;
        }

        private void skip(String uuid, String type, String reason) {
            skipped.add(new ImportReport.Skipped(uuid == null ? "" : uuid, type == null ? "" : type, reason));
        }

        private Instant orEvent(Instant t) {
            return t != null ? t : eventModified;
        }

        private Instant later(Instant t) {
            return t.isBefore(eventCreated) ? eventCreated : t;
        }
    }

    private static final List<String> TLP_ORDER = List.of(TlpMarkings.TLP1_WHITE, TlpMarkings.TLP2_CLEAR, TlpMarkings.TLP2_GREEN,
            TlpMarkings.TLP2_AMBER, TlpMarkings.TLP2_AMBER_STRICT, TlpMarkings.TLP2_RED);

    /** Two TLP tags on one item: the stricter wins. */
    static String stricter(String a, String b) {
        if (a == null) return b;
        return TLP_ORDER.indexOf(b) > TLP_ORDER.indexOf(a) ? b : a;
    }

    private static void labels(ObjectNode o, List<String> labels) {
        if (labels.isEmpty()) return;
        ArrayNode a = o.putArray("labels");
        new LinkedHashSet<>(labels).forEach(a::add);
    }

    private static void distribution(ObjectNode o, JsonNode source) {
        String d = text(source, "distribution");
        if (d == null) return;
        Long n = Values.unsigned(d, 5);
        if (n == null) return;
        o.put("x_misp_distribution", n.intValue());
        if (n == 4) {
            putText(o, "x_misp_sharing_group_id", text(source, "sharing_group_id"));
            JsonNode sg = source.get("SharingGroup");
            if (sg != null && sg.isObject()) {
                putText(o, "x_misp_sharing_group_uuid", text(sg, "uuid"));
                putText(o, "x_misp_sharing_group_name", text(sg, "name"));
            }
        }
    }

    private static void putText(ObjectNode o, String field, String v) {
        if (v != null && !v.isBlank()) o.put(field, v);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static boolean bool(JsonNode n) {
        if (n == null || n.isNull()) return false;
        if (n.isBoolean()) return n.booleanValue();
        if (n.isNumber()) return n.asLong() != 0;
        String s = n.asText().trim();
        return s.equals("1") || s.equalsIgnoreCase("true");
    }

    /** MISP epoch seconds (string or number) in the years 1970..9999, else null. */
    static Instant epoch(JsonNode n) {
        if (n == null || !n.isValueNode()) return null;
        Long s = Values.unsigned(n.asText().trim(), 253_402_300_799L);
        return s == null ? null : Instant.ofEpochSecond(s);
    }

    private static Instant date(String s) {
        if (s == null || s.length() != 10) return null;
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
