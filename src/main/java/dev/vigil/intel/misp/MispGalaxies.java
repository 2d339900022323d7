package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MISP galaxy clusters -> STIX SDOs, following misp-stix's grouping of galaxy types: ATT&CK techniques become
 * {@code attack-pattern} with the {@code mitre-attack} external id (the link detections use), malware families
 * {@code malware}, actors {@code threat-actor}/{@code intrusion-set}, tools and exploit kits {@code tool}.
 * Other galaxy types are not mapped (their tags still travel as labels). The cluster uuid is reused.
 */
final class MispGalaxies {
    private static final Set<String> ATTACK_PATTERN = Set.of("mitre-attack-pattern", "mitre-enterprise-attack-attack-pattern",
            "mitre-mobile-attack-attack-pattern", "mitre-ics-techniques", "mitre-pre-attack-attack-pattern", "cmtmf-attack-pattern");
    private static final Set<String> MALWARE = Set.of("mitre-malware", "mitre-enterprise-attack-malware", "mitre-mobile-attack-malware",
            "mitre-ics-software", "malpedia", "ransomware", "banker", "backdoor", "stealer", "android", "cryptominers");
    private static final Set<String> THREAT_ACTOR = Set.of("threat-actor", "microsoft-activity-group", "360net-threat-actor", "mitre-ics-groups");
    private static final Set<String> INTRUSION_SET = Set.of("mitre-intrusion-set", "mitre-enterprise-attack-intrusion-set",
            "mitre-mobile-attack-intrusion-set", "mitre-pre-attack-intrusion-set");
    private static final Set<String> TOOL = Set.of("tool", "mitre-tool", "mitre-enterprise-attack-tool", "mitre-mobile-attack-tool",
            "exploit-kit", "rat", "botnet", "tds");
    private static final Pattern TECHNIQUE = Pattern.compile("^(.*?)\\s*-\\s*((?:T|TA)\\d{4}(?:\\.\\d{3})?)$");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("(?:T|TA)\\d{4}(?:\\.\\d{3})?");

    private MispGalaxies() {}

    static String stixType(String galaxyType) {
        if (ATTACK_PATTERN.contains(galaxyType)) return "attack-pattern";
        if (MALWARE.contains(galaxyType)) return "malware";
        if (THREAT_ACTOR.contains(galaxyType)) return "threat-actor";
        if (INTRUSION_SET.contains(galaxyType)) return "intrusion-set";
        if (TOOL.contains(galaxyType)) return "tool";
        return null;
    }

    /**
     * The SDO for one cluster, or null when its galaxy type is not mapped or it has no name. {@code trustUuid}
     * false (the uuid is the galaxy's own, or names several clusters in the event, as in some exported test data)
     * derives the id from galaxy type and value instead, so distinct clusters never share an id.
     */
    static ObjectNode sdo(JsonNode galaxy, JsonNode cluster, String createdBy, String created, String modified, boolean trustUuid) {
        String galaxyType = text(cluster, "type", text(galaxy, "type", ""));
        String type = stixType(galaxyType);
        String value = text(cluster, "value", "").trim();
        if (type == null || value.isEmpty() || value.length() > 1024) return null;
        String clusterUuid = text(cluster, "uuid", null);
        if (clusterUuid != null && clusterUuid.equalsIgnoreCase(text(galaxy, "uuid", ""))) trustUuid = false;
        String uuid = trustUuid ? MispIds.uuidOf(clusterUuid, "galaxy:" + galaxyType + ":" + value)
                : MispIds.uuid5(MispIds.VIGIL_NAMESPACE, "galaxy:" + galaxyType + ":" + value).toString();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", type + "--" + uuid).put("created_by_ref", createdBy)
                .put("created", created).put("modified", modified);
        String name = value;
        String externalId = cluster.path("meta").path("external_id").isTextual() ? cluster.path("meta").path("external_id").asText() : null;
        if (externalId == null && cluster.path("meta").path("external_id").isArray() && !cluster.path("meta").path("external_id").isEmpty()) {
            externalId = cluster.path("meta").path("external_id").get(0).asText();
        }
        if (type.equals("attack-pattern")) {
            Matcher m = TECHNIQUE.matcher(value);
            if (m.matches()) {
                name = m.group(1).isEmpty() ? value : m.group(1);
                if (externalId == null) externalId = m.group(2);
            }
        }
        o.put("name", name);
        String description = text(cluster, "description", "");
        if (!description.isEmpty()) o.put("description", description);
        if (type.equals("malware")) o.put("is_family", true);
        if (type.equals("attack-pattern")) {
            var phases = o.putArray("kill_chain_phases");
            for (JsonNode k : cluster.path("meta").path("kill_chain")) {
                String s = k.asText();
                int colon = s.indexOf(':');
                if (colon > 0 && colon < s.length() - 1) {
                    phases.addObject().put("kill_chain_name", s.substring(0, colon)).put("phase_name", s.substring(colon + 1).toLowerCase(Locale.ROOT));
                }
            }
            if (phases.isEmpty()) o.remove("kill_chain_phases");
        }
        var labels = o.putArray("labels");
        labels.add("misp:galaxy-type=\"" + galaxyType + "\"");
        var refs = o.putArray("external_references");
        if (externalId != null && TECHNIQUE_ID.matcher(externalId).matches()) {
            ObjectNode r = refs.addObject().put("source_name", "mitre-attack").put("external_id", externalId);
            r.put("url", "https://attack.mitre.org/" + (externalId.startsWith("TA") ? "tactics/" : "techniques/") + externalId.replace('.', '/'));
        }
        for (JsonNode ref : cluster.path("meta").path("refs")) {
            if (ref.isTextual() && refs.size() < 50) refs.addObject().put("source_name", "url").put("url", ref.asText());
        }
        if (refs.isEmpty()) o.remove("external_references");
        if (type.equals("threat-actor") || type.equals("intrusion-set") || type.equals("malware") || type.equals("tool")) {
            var aliases = JsonNodeFactory.instance.arrayNode();
            for (JsonNode s : cluster.path("meta").path("synonyms")) if (s.isTextual() && aliases.size() < 100) aliases.add(s.asText());
            if (!aliases.isEmpty() && !type.equals("tool")) o.set(type.equals("malware") ? "aliases" : "aliases", aliases);
        }
        return o;
    }

    /** Cluster uuids that name more than one distinct cluster value anywhere in the event. */
    static java.util.Set<String> ambiguousUuids(JsonNode event) {
        java.util.Map<String, java.util.Set<String>> values = new java.util.HashMap<>();
        java.util.List<JsonNode> galaxyLists = new java.util.ArrayList<>();
        galaxyLists.add(event.get("Galaxy"));
        for (JsonNode a : event.path("Attribute")) galaxyLists.add(a.get("Galaxy"));
        for (JsonNode o : event.path("Object")) for (JsonNode a : o.path("Attribute")) galaxyLists.add(a.get("Galaxy"));
        for (JsonNode gl : galaxyLists) {
            if (gl == null || !gl.isArray()) continue;
            for (JsonNode g : gl) {
                for (JsonNode c : g.path("GalaxyCluster")) {
                    String u = text(c, "uuid", null);
                    if (u != null) values.computeIfAbsent(u.toLowerCase(Locale.ROOT), k -> new java.util.HashSet<>()).add(text(c, "value", ""));
                }
            }
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        values.forEach((u, v) -> { if (v.size() > 1) out.add(u); });
        return out;
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : dflt;
    }
}
