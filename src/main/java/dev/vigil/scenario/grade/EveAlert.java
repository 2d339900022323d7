package dev.vigil.scenario.grade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the grader reads of one {@code alert} EVE record: when, between which endpoints, which signature,
 * the names the alerted traffic used ({@code dns} query and answer names, {@code http.hostname},
 * {@code tls.sni}, {@code quic.sni}) and the ATT&CK technique ids it claims ({@code alert.mitre} as Vigil
 * writes it, {@code alert.metadata.mitre_technique_id} as ET rules carry it).
 *
 * @param srcPort  null when the record has none (ICMP, an analyst's finding without ports)
 * @param names    lower case, without a trailing dot
 */
record EveAlert(Instant time, String srcIp, Integer srcPort, String destIp, Integer destPort,
                long signatureId, String signature, Set<String> names, Set<String> techniques) {

    // a dns object is shallow in every format Suricata has had (v1/v2 flat, v3 queries/answers arrays)
    private static final int DNS_DEPTH = 4;

    /**
     * @return null when the record is not an alert
     * @throws IllegalArgumentException for an alert that cannot be placed in time
     */
    static EveAlert from(JsonNode record) {
        if (!record.isObject() || !"alert".equals(record.path("event_type").asText(null))) return null;
        JsonNode ts = record.get("timestamp");
        if (ts == null || !ts.isTextual()) throw new IllegalArgumentException("alert without a timestamp");
        Instant time = EveTimestamp.parse(ts.asText());
        JsonNode alert = record.path("alert");
        Set<String> names = new LinkedHashSet<>();
        collectDnsNames(record.path("dns"), names, 0);
        addName(names, record.path("http").path("hostname"));
        addName(names, record.path("tls").path("sni"));
        addName(names, record.path("quic").path("sni"));
        Set<String> techniques = new LinkedHashSet<>();
        addTechniques(alert.path("mitre"), techniques);
        addTechniques(alert.path("metadata").path("mitre_technique_id"), techniques);
        return new EveAlert(time, text(record.get("src_ip")), port(record.get("src_port")),
                text(record.get("dest_ip")), port(record.get("dest_port")),
                alert.path("signature_id").asLong(0), alert.path("signature").asText(""), names, techniques);
    }

    /** A DNS name as the grader compares it. */
    static String normalizeName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        return n;
    }

    private static void collectDnsNames(JsonNode node, Set<String> out, int depth) {
        if (depth > DNS_DEPTH) return;
        if (node.isArray()) {
            for (JsonNode e : node) collectDnsNames(e, out, depth + 1);
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String key = field.getKey();
                JsonNode v = field.getValue();
                if (v.isTextual() && (key.equals("rrname") || key.equals("query"))) addName(out, v);
                else if (v.isContainerNode()) collectDnsNames(v, out, depth + 1);
            }
        }
    }

    private static void addName(Set<String> out, JsonNode v) {
        if (v.isTextual() && !v.asText().isBlank()) out.add(normalizeName(v.asText()));
    }

    private static void addTechniques(JsonNode v, Set<String> out) {
        if (v.isTextual()) {
            out.add(v.asText().trim().toUpperCase(Locale.ROOT));
        } else if (v.isArray()) {
            for (JsonNode e : v) addTechniques(e, out);
        } else if (v.isObject()) {
            // other tools write technique objects; their id is the part that compares
            addTechniques(v.path("technique_id"), out);
            addTechniques(v.path("id"), out);
        }
    }

    private static String text(JsonNode v) {
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Integer port(JsonNode v) {
        if (v == null) return null;
        if (v.isIntegralNumber()) return v.asInt();
        if (v.isTextual()) {
            try {
                return Integer.valueOf(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
