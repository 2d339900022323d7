package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * STIX identifiers: {@code type--uuid}. SDOs and SROs get random (v4) UUIDs; SCOs get name-based (v5) UUIDs
 * over their ID-contributing properties (STIX 2.1 section 2.9), so that two producers describing the same
 * IP address or file mint the same id and consumers can de-duplicate.
 */
public final class StixIds {
    /** The namespace STIX 2.1 fixes for deterministic SCO identifiers. */
    public static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private static final Pattern ID = Pattern.compile(
            "([a-z0-9][a-z0-9-]*)--([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})");

    /** Per SCO type, the properties that feed the v5 UUID; types absent here (process) always get a v4. */
    private static final Map<String, List<String>> CONTRIBUTING = Map.ofEntries(
            Map.entry("artifact", List.of("hashes", "payload_bin")),
            Map.entry("autonomous-system", List.of("number")),
            Map.entry("directory", List.of("path")),
            Map.entry("domain-name", List.of("value")),
            Map.entry("email-addr", List.of("value")),
            Map.entry("email-message", List.of("from_ref", "subject", "body")),
            Map.entry("file", List.of("hashes", "name", "extensions", "parent_directory_ref")),
            Map.entry("ipv4-addr", List.of("value")),
            Map.entry("ipv6-addr", List.of("value")),
            Map.entry("mac-addr", List.of("value")),
            Map.entry("mutex", List.of("name")),
            Map.entry("network-traffic", List.of("start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions")),
            Map.entry("software", List.of("name", "cpe", "swid", "vendor", "version")),
            Map.entry("url", List.of("value")),
            Map.entry("user-account", List.of("account_type", "user_id", "account_login")),
            Map.entry("windows-registry-key", List.of("key", "values")),
            Map.entry("x509-certificate", List.of("hashes", "serial_number")));
    /** When an SCO carries several hashes only one contributes, picked in this order (spec 2.9). */
    private static final List<String> HASH_PREFERENCE = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

    private StixIds() {}

    public static String random(String type) {
        return type + "--" + UUID.randomUUID();
    }

    /** The parts of a well-formed id, or null. Does not judge the UUID version; see {@link #uuidVersion}. */
    public static Parsed parse(String id) {
        if (id == null || id.length() > 300) return null;
        var m = ID.matcher(id);
        if (!m.matches()) return null;
        try {
            return new Parsed(m.group(1), UUID.fromString(id.substring(m.group(1).length() + 2)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code id} is {@code type--uuid} with an RFC 4122 UUID of version 1 to 5 (what the schemas accept). */
    public static boolean isValid(String id) {
        Parsed p = parse(id);
        return p != null && p.uuid.variant() == 2 && p.uuid.version() >= 1 && p.uuid.version() <= 5;
    }

    public static String typeOf(String id) {
        if (id == null) return null;
        int i = id.indexOf("--");
        return i <= 0 ? null : id.substring(0, i);
    }

    /**
     * The deterministic id of an SCO from its contributing properties, or a random v4 id when the type has none
     * or the object carries none of them (as the spec says).
     */
    public static String forSco(ObjectNode sco) {
        JsonNode t = sco.get("type");
        if (t == null || !t.isTextual()) throw new IllegalArgumentException("SCO without a type");
        String type = t.textValue();
        List<String> props = CONTRIBUTING.get(type);
        if (props == null) return random(type);
        ObjectNode picked = JsonNodeFactory.instance.objectNode();
        for (String p : props) {
            JsonNode v = sco.get(p);
            if (v == null) continue;
            if (p.equals("hashes") && v.isObject()) {
                JsonNode one = oneHash(v);
                if (one != null) picked.set(p, one);
            } else {
                picked.set(p, v);
            }
        }
        if (picked.isEmpty()) return random(type);
        return type + "--" + uuid5(SCO_NAMESPACE, canonical(picked));
    }

    private static String canonical(JsonNode n) {
        try {
            return dev.vigil.intel.sign.JsonCanonicalizer.canonicalString(n);
        } catch (dev.vigil.intel.sign.CanonicalizationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonNode oneHash(JsonNode hashes) {
        for (String algo : HASH_PREFERENCE) {
            if (hashes.has(algo)) return JsonNodeFactory.instance.objectNode().set(algo, hashes.get(algo));
        }
        var it = hashes.fieldNames();
        if (!it.hasNext()) return null;
        String first = it.next();
        return JsonNodeFactory.instance.objectNode().set(first, hashes.get(first));
    }

    /** Whether the SCO carries any property that feeds its deterministic id. */
    public static boolean hasContributingProperties(ObjectNode sco) {
        List<String> props = CONTRIBUTING.get(sco.path("type").asText(""));
        if (props == null) return false;
        for (String p : props) if (sco.has(p)) return true;
        return false;
    }

    /** RFC 4122 section 4.3 name-based UUID with SHA-1. */
    public static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    public record Parsed(String type, UUID uuid) {}
}
