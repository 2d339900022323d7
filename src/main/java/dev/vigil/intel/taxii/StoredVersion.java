package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One stored version of a STIX object in a collection: the manifest record plus the object as the
 * caller may see it (after the outbound filter).
 *
 * @param version   the STIX {@code modified} (else {@code created}) string as stored, or the formatted
 *                  date_added for an object that has neither
 * @param mediaType e.g. {@code application/stix+json;version=2.1}
 * @param json      {@code object} already serialized as JSON, when the backend has it at hand (the
 *                  server then copies these bytes instead of serializing the tree), else null. It must
 *                  be exactly {@code object}: a backend passes it only when the view returned the stored
 *                  object unchanged.
 */
public record StoredVersion(String id, String version, Instant dateAdded, String mediaType, ObjectNode object, byte[] json) {
    public StoredVersion(String id, String version, Instant dateAdded, String mediaType, ObjectNode object) {
        this(id, version, dateAdded, mediaType, object, null);
    }
}
