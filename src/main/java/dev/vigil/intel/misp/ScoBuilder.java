package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the SCOs an observed-data refers to from the same comparisons that would form the indicator's pattern,
 * so an attribute's observable and its pattern can never disagree. {@code x_ref.type}/{@code x_ref.value}
 * pairs become a referenced SCO; {@code [*]} steps become one-element lists.
 */
final class ScoBuilder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ScoBuilder() {}

    /** The SCOs (root first, then the referenced ones), or null when STIX would not accept them as an observable. */
    static List<ObjectNode> build(List<Comparison> comparisons) {
        if (comparisons.isEmpty()) return null;
        String rootType = comparisons.getFirst().rootType();
        ObjectNode root = F.objectNode().put("type", rootType).put("spec_version", "2.1");
        Map<String, String> refTypes = new LinkedHashMap<>();
        Map<String, ObjectNode> refs = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            List<Object> steps = steps(c.path());
            if (steps.size() == 2 && steps.get(0) instanceof String ref && isRef(ref) && "type".equals(steps.get(1))) {
                refTypes.put(ref, c.literal().toString());
            }
        }
        for (Comparison c : comparisons) {
            if (!c.rootType().equals(rootType)) return null;
            List<Object> steps = steps(c.path());
            if (steps.isEmpty()) return null;
            if (steps.getFirst() instanceof String ref && isRef(ref)) {
                int rest = steps.size() > 1 && steps.get(1) instanceof Integer ? 2 : 1;
                if (steps.size() != rest + 1 || !(steps.get(rest) instanceof String leaf)) return null;
                if (leaf.equals("type")) continue;
                if (!leaf.equals("value")) return null;
                String value = c.literal().toString();
                String type = refTypes.getOrDefault(ref, guessType(value));
                ObjectNode target = F.objectNode().put("type", type).put("spec_version", "2.1").put("value", value);
                refs.put(ref + "#" + refs.size(), target);
                continue;
            }
            if (!set(root, steps, c.literal())) return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        out.add(root);
        for (Map.Entry<String, ObjectNode> e : refs.entrySet()) {
            ObjectNode t = e.getValue();
            t.put("id", MispIds.scoId(t));
            String ref = e.getKey().substring(0, e.getKey().indexOf('#'));
            if (ref.endsWith("_refs")) {
                JsonNode existing = root.get(ref);
                (existing instanceof ArrayNode a ? a : root.putArray(ref)).add(t.get("id").asText());
            } else {
                if (root.has(ref)) return null;
                root.put(ref, t.get("id").asText());
            }
            out.add(t);
        }
        if (rootType.equals("network-traffic") && !root.has("protocols")) {
            String guess = refs.values().stream().map(r -> r.path("type").asText()).filter(t -> t.startsWith("ipv")).findFirst()
                    .map(t -> t.equals("ipv4-addr") ? "ipv4" : "ipv6").orElse("ip");
            root.putArray("protocols").add(root.has("dst_port") || root.has("src_port") ? "tcp" : guess);
        }
        if (rootType.equals("email-message")) root.put("is_multipart", false);
        if (!valid(root)) return null;
        root.put("id", MispIds.scoId(root));
        ObjectNode ordered = F.objectNode().put("type", rootType).put("spec_version", "2.1").put("id", root.get("id").asText());
        root.fields().forEachRemaining(e -> { if (!ordered.has(e.getKey())) ordered.set(e.getKey(), e.getValue()); });
        out.set(0, ordered);
        return out;
    }

    private static boolean isRef(String s) {
        return s.endsWith("_ref") || s.endsWith("_refs");
    }

    private static String guessType(String value) {
        if (value.indexOf('@') > 0) return "email-addr";
        String host = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        if (Values.ip(host) != null) return host.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr";
        return "domain-name";
    }

    /** The STIX 2.1 minimum per SCO type that our comparisons can miss. */
    private static boolean valid(ObjectNode sco) {
        return switch (sco.path("type").asText()) {
            // windows-pebinary-ext requires pe_type, which MISP values do not tell
            case "file" -> (sco.has("name") || sco.has("hashes")) && !sco.path("extensions").has("windows-pebinary-ext");
            case "network-traffic" -> sco.has("src_ref") || sco.has("dst_ref");
            case "windows-registry-key" -> sco.has("key");
            case "x509-certificate" -> sco.has("hashes") || sco.has("serial_number") || sco.has("issuer") || sco.has("subject");
            case "user-account" -> sco.has("account_login") || sco.has("user_id");
            case "email-message" -> sco.has("from_ref") || sco.has("to_refs") || sco.has("cc_refs") || sco.has("subject") || sco.has("body") || sco.has("message_id");
            default -> sco.size() > 2;
        };
    }

    private static boolean set(ObjectNode root, List<Object> steps, Object literal) {
        JsonNode cur = root;
        for (int i = 0; i < steps.size(); i++) {
            Object s = steps.get(i);
            boolean last = i == steps.size() - 1;
            Object next = last ? null : steps.get(i + 1);
            if (s instanceof String name) {
                if (!(cur instanceof ObjectNode o)) return false;
                if (last) {
                    if (o.has(name)) return false;
                    o.set(name, leaf(literal));
                    return true;
                }
                JsonNode child = o.get(name);
                if (child == null) child = next instanceof Integer ? o.putArray(name) : o.putObject(name);
                cur = child;
            } else {
                if (!(cur instanceof ArrayNode a)) return false;
                if (last) {
                    a.add(leaf(literal));
                    return true;
                }
                if (a.isEmpty()) a.add(next instanceof Integer ? F.arrayNode() : F.objectNode());
                cur = a.get(0);
            }
        }
        return false;
    }

    private static JsonNode leaf(Object literal) {
        if (literal instanceof Long l) return F.numberNode(l);
        if (literal instanceof Double d) return F.numberNode(d);
        return F.textNode(literal.toString());
    }

    /** Path steps after {@code type:}: names (plain or quoted) and list steps (as Integer 0). */
    static List<Object> steps(String path) {
        List<Object> out = new ArrayList<>();
        int i = path.indexOf(':') + 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) return List.of();
                out.add(0);
                i = close + 1;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < path.length() && path.charAt(i) != '\'') {
                    if (path.charAt(i) == '\\' && i + 1 < path.length()) i++;
                    b.append(path.charAt(i++));
                }
                i++;
                out.add(b.toString());
            } else {
                int start = i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') i++;
                out.add(path.substring(start, i));
            }
        }
        return out;
    }
}
