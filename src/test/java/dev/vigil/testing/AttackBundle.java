package dev.vigil.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The live (not revoked, not deprecated) ATT&CK Enterprise techniques of the corpus bundle, id to name. */
public final class AttackBundle {
    private static Map<String, String> names;

    private AttackBundle() {}

    public static synchronized Map<String, String> techniqueNames() throws IOException {
        if (names != null) return names;
        Map<String, String> m = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Corpus.root().resolve("intel/attack/enterprise-attack-18.1.stix21.reconstructed.json.gz")));
                JsonParser p = json.getFactory().createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("objects")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode o = json.readTree(p);
                        if (!o.path("type").asText().equals("attack-pattern") || o.path("revoked").asBoolean() || o.path("x_mitre_deprecated").asBoolean()) continue;
                        for (JsonNode r : o.path("external_references")) {
                            if (r.path("source_name").asText().equals("mitre-attack")) m.put(r.path("external_id").asText(), o.path("name").asText());
                        }
                    }
                }
            }
        }
        names = Map.copyOf(m);
        return names;
    }
}
