package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every object the importers emit validates against the OASIS STIX 2.1 JSON Schemas in the corpus (the
 * stricter checks of the intel.stix model come at integration).
 */
class StixSchemaTest {
    private static final String BASE = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    @Test
    void importedObjectsValidate() throws Exception {
        Path schemas = Corpus.root().resolve("intel/stix21/schemas/schemas");
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix(BASE, schemas.toUri().toString())));
        Map<String, JsonSchema> byType = new HashMap<>();
        List<ObjectNode> objects = new ArrayList<>();
        Path misp = MispEventImporterTest.misp();
        for (String f : List.of("events/pymisp-existing_event-sednit.json", "events/pymisp-mainly_objects_1-samsam.json",
                "feed-sample/57c4445b-c548-4654-af0b-4be3950d210f.json")) {
            objects.addAll(new MispEventImporter().importEvent(Files.readAllBytes(misp.resolve(f))).objects());
        }
        JsonNode table = MispEventImporterTest.JSON.readTree(misp.resolve("misp-stix/mapping/misp_attributes_to_stix21.json").toFile());
        ObjectNode ev = MispEventImporterTest.event();
        ev.withArray("Tag").addObject().put("name", "tlp:amber+strict");
        table.fields().forEachRemaining(e -> {
            ObjectNode a = ((ObjectNode) e.getValue().get("MISP")).deepCopy();
            a.put("uuid", java.util.UUID.nameUUIDFromBytes(e.getKey().getBytes()).toString());
            ev.withArray("Attribute").add(a.deepCopy().put("to_ids", true));
            ev.withArray("Attribute").add(a.put("to_ids", false).put("uuid", java.util.UUID.nameUUIDFromBytes((e.getKey() + "o").getBytes()).toString()));
        });
        ImportReport all = new MispEventImporter().importEvent(ev);
        objects.addAll(all.objects());
        int failures = 0;
        Map<String, Integer> perType = new HashMap<>();
        for (ObjectNode o : objects) {
            String type = o.get("type").asText();
            perType.merge(type, 1, Integer::sum);
            JsonSchema schema = byType.computeIfAbsent(type, t -> factory.getSchema(SchemaLocation.of(BASE + folder(t) + t + ".json")));
            Set<ValidationMessage> errors = schema.validate(o);
            if (!errors.isEmpty()) {
                failures++;
                System.out.println("INVALID " + o.get("id").asText() + ": " + errors + "\n   " + o);
            }
        }
        System.out.println("schema-validated " + objects.size() + " objects " + perType + "; invalid: " + failures);
        assertThat(objects.size()).isGreaterThan(200);
        assertThat(failures).isZero();
    }

    private static String folder(String type) {
        if (type.equals("marking-definition")) return "common/";
        if (type.equals("relationship") || type.equals("sighting")) return "sros/";
        if (StixShape.isSco(type)) return "observables/";
        return "sdos/";
    }
}
