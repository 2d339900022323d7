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
 */
public record StoredVersion(String id, String version, Instant dateAdded, String mediaType, ObjectNode object) {}
