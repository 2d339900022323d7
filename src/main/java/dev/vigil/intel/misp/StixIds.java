package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Deterministic STIX identifiers and timestamps. Re-importing the same MISP event must give the same ids, so
 * nothing here draws random numbers: MISP uuids are reused where they are valid STIX UUIDs, everything else is
 * a UUIDv5 over a stable name.
 */
public final class StixIds {
    /** The STIX 2.1 namespace for SCO UUIDv5 ids. */
    public static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");
    /** Our own namespace for derived SDO/SRO ids (relationships, ids for MISP items without a usable uuid). */
    public static final UUID VIGIL_NAMESPACE = UUID.fromString("4c0f3a8e-6d2b-5e1f-9a7c-2b8d0e6f1a35");
    /** STIX accepts UUID versions 1-5 with the RFC 4122 variant. */
    private static final Pattern STIX_UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StixIds() {}

    /** The MISP uuid itself when STIX accepts it, else a UUIDv5 derived from it (or from {@code fallbackName} when absent). */
    public static String uuidOf(String mispUuid, String fallbackName) {
        if (mispUuid != null && STIX_UUID.matcher(mispUuid).matches()) return mispUuid.toLowerCase(java.util.Locale.ROOT);
        String name = mispUuid != null && !mispUuid.isBlank() ? "misp-uuid:" + mispUuid : "derived:" + fallbackName;
        return uuid5(VIGIL_NAMESPACE, name).toString();
    }

    public static boolean isStixUuid(String s) {
        return s != null && STIX_UUID.matcher(s).matches();
    }

    public static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        sha1.update(toBytes(namespace));
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0, lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long m = u.getMostSignificantBits(), l = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (m >>> (56 - 8 * i));
            b[8 + i] = (byte) (l >>> (56 - 8 * i));
        }
        return b;
    }

    /** SCO id: UUIDv5 in the STIX namespace over the canonical JSON of the SCO's id-contributing properties. */
    public static String scoId(ObjectNode sco) {
        String type = sco.path("type").asText();
        ObjectNode contributing = sco.objectNode();
        List<String> props = contributingProperties(type);
        Iterator<String> names = sco.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.equals("type") || n.equals("id") || n.equals("spec_version")) continue;
            if (props == null || props.contains(n)) contributing.set(n, sco.get(n));
        }
        return type + "--" + uuid5(SCO_NAMESPACE, canonical(contributing));
    }

    /** The STIX 2.1 id-contributing properties per SCO type (recalled from the spec's per-type "ID Contributing Properties"); null = all. */
    private static List<String> contributingProperties(String type) {
        return switch (type) {
            case "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "mac-addr" -> List.of("value");
            case "file" -> List.of("hashes", "name", "extensions", "parent_directory_ref");
            case "mutex" -> List.of("name");
            case "windows-registry-key" -> List.of("key", "values");
            case "x509-certificate" -> List.of("hashes", "serial_number");
            case "autonomous-system" -> List.of("number");
            case "network-traffic" -> List.of("start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions");
            case "email-message" -> List.of("from_ref", "subject", "body");
            case "user-account" -> List.of("account_type", "user_id", "account_login");
            default -> null;
        };
    }

    /** Sorted-key compact JSON (RFC 8785 style for the strings and integers we produce). */
    public static String canonical(JsonNode n) {
        StringBuilder b = new StringBuilder();
        canonical(n, b);
        return b.toString();
    }

    private static void canonical(JsonNode n, StringBuilder b) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            b.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) b.append(',');
                b.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(keys.get(i)));
                b.append(':');
                canonical(n.get(keys.get(i)), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) b.append(',');
                canonical(n.get(i), b);
            }
            b.append(']');
        } else {
            b.append(n.toString());
        }
    }

    public static String millis(Instant t) {
        return MILLIS.format(t);
    }

    public static String seconds(Instant t) {
        return SECONDS.format(t);
    }
}
