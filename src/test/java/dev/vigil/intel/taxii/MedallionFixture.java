package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference server's test state ({@code taxii/medallion-default_data.json}) loaded into a
 * {@link MemoryTaxiiBackend}: API roots, collections, every object version with its manifest
 * date_added, and the status resources (owned by {@link #statusOwner}).
 */
final class MedallionFixture {
    static final String ROOT = "trustgroup1";
    static final String HIGH_VALUE = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"; // read+write, holds the objects
    static final String ADD_ONLY = "472c94ae-3113-4e3e-a4dd-a9f4ac7471d4"; // write only
    static final String READ_WRITE_EMPTY = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
    static final String READ_ONLY = "52892447-4d7e-4f70-b94d-d7f22742ff63";
    static final String SECRET = "64993447-4d7e-4f70-b94d-d7f33742ee63"; // neither
    static final String INDICATOR_3V = "indicator--6770298f-0fd8-471a-ab8c-1c658a46574e";
    static final String MALWARE_2SPEC = "malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec";

    final JsonNode data;
    /** Collection id -> access as the fixture's can_read/can_write describe it. */
    final Map<String, String> fixtureAccess = new LinkedHashMap<>();

    MedallionFixture() throws IOException {
        Path file = Corpus.root().resolve("intel/taxii/medallion-default_data.json");
        data = new ObjectMapper().readTree(file.toFile());
        for (JsonNode c : data.path(ROOT).path("collections")) {
            boolean r = c.path("can_read").asBoolean(), w = c.path("can_write").asBoolean();
            fixtureAccess.put(c.path("id").asText(), r && w ? "read-write" : r ? "read" : w ? "write" : "none");
        }
    }

    MemoryTaxiiBackend seed(int maxObjects, String statusOwner) {
        MemoryTaxiiBackend b = new MemoryTaxiiBackend(maxObjects);
        data.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("/")) return;
            String root = e.getKey();
            b.addApiRoot(root, (ObjectNode) e.getValue().path("information"));
            for (JsonNode c : e.getValue().path("collections")) {
                b.addCollection(root, (ObjectNode) c);
                String cid = c.path("id").asText();
                for (JsonNode o : c.path("objects")) {
                    b.put(root, cid, (ObjectNode) o, dateAdded(c, o));
                }
            }
            for (JsonNode s : e.getValue().path("status")) b.putStatus(root, new TaxiiBackend.StatusRecord(statusOwner, (ObjectNode) s));
        });
        return b;
    }

    /** The manifest's date_added for an object version (version = modified, else created). */
    static Instant dateAdded(JsonNode collection, JsonNode o) {
        String version = o.hasNonNull("modified") ? o.get("modified").asText() : o.path("created").asText();
        for (JsonNode m : collection.path("manifest")) {
            if (m.path("id").asText().equals(o.path("id").asText()) && m.path("version").asText().equals(version))
                return TaxiiTime.parseOrNull(m.path("date_added").asText());
        }
        throw new IllegalStateException("no manifest entry for " + o.path("id").asText() + " " + version);
    }

    JsonNode collection(String id) {
        for (JsonNode c : data.path(ROOT).path("collections")) if (c.path("id").asText().equals(id)) return c;
        throw new IllegalArgumentException(id);
    }
}
