package dev.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test-side conversion of STIX JSON into the store's records (what intel.stix does in production). */
final class StixObjects {
    static final ObjectMapper JSON = new ObjectMapper();

    private StixObjects() {}

    static StoredObject fromJson(JsonNode o) {
        try {
            return StoredObject.of(o.path("id").asText(null), o.path("type").asText(null), o.path("spec_version").asText(null),
                    o.path("created").asText(null), o.path("modified").asText(null), o.path("revoked").asBoolean(false),
                    JSON.writeValueAsString(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A synthetic indicator with a body of roughly {@code bodyChars} characters. */
    static StoredObject indicator(UUID uuid, String created, String modified, int bodyChars) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + uuid)
                .put("created", created).put("modified", modified).put("pattern_type", "stix")
                .put("pattern", "[ipv4-addr:value = '198.51.100." + (uuid.hashCode() & 0xff) + "']").put("valid_from", created);
        StringBuilder description = new StringBuilder();
        while (description.length() < bodyChars - 300) description.append("synthetic indicator for store tests ");
        o.put("description", description.toString());
        return fromJson(o);
    }

    /** The objects of the medallion fixture's one populated collection. */
    static List<JsonNode> medallionObjects(Path fixture) throws IOException {
        JsonNode root = JSON.readTree(fixture.toFile());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : root.path("trustgroup1").path("collections")) {
            if (c.path("id").asText().equals("91a7b528-80eb-42ed-a74d-c6fbd5a26116")) c.path("objects").forEach(out::add);
        }
        return out;
    }
}
