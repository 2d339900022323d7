package dev.vigil.intel.tlp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The five TLP 2.0 marking-definition objects as OASIS publishes them. STIX core predefines only the TLP 1.0
 * ones, so whatever we send marked with a 2.0 id must carry its definition for the recipient to read it.
 */
public final class TlpMarkingObjects {
    static final String CREATED = "2022-10-01T00:00:00.000Z";

    private TlpMarkingObjects() {}

    public static ObjectNode definition(TlpLevel level) {
        ObjectNode md = JsonNodeFactory.instance.objectNode();
        md.put("type", "marking-definition");
        md.put("spec_version", "2.1");
        md.put("id", level.markingId());
        md.put("created", CREATED);
        md.put("name", level.label());
        ObjectNode ext = md.putObject("extensions").putObject(TlpLevel.TLP2_EXTENSION_ID);
        ext.put("extension_type", "property-extension");
        ext.put("tlp_2_0", level.word());
        return md;
    }
}
