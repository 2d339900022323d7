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
public final class MispIds {
    /** The STIX 2.1 namespace for SCO UUIDv5 ids. */
    public static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");
    /** Our own namespace for derived SDO/SRO ids (relationships, ids for MISP items without a usable uuid). */
    public static final UUID VIGIL_NAMESPACE = UUID.fromString("4c0f3a8e-6d2b-5e1f-9a7c-2b8d0e6f1a35");
    /** STIX accepts UUID versions 1-5 with the RFC 4122 variant. */
    private static final Pattern STIX_UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private MispIds() {}

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
        return dev.vigil.intel.stix.StixIds.uuid5(namespace, name);
    }

    /** SCO id: the STIX model's deterministic id (UUIDv5 over the type's id-contributing properties). */
    public static String scoId(ObjectNode sco) {
        return dev.vigil.intel.stix.StixIds.forSco(sco);
    }

    /** RFC 8785 canonical JSON (the signing package's canonicaliser: one implementation for ids and signatures). */
    public static String canonical(JsonNode n) {
        try {
            return dev.vigil.intel.sign.JsonCanonicalizer.canonicalString(n);
        } catch (dev.vigil.intel.sign.CanonicalizationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static String millis(Instant t) {
        return MILLIS.format(t);
    }

    public static String seconds(Instant t) {
        return SECONDS.format(t);
    }
}
