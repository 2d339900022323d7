package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Structural checks every import output must pass (used by the unit tests and the fuzz target). */
public final class StixShape {
    private static final Pattern STIX_ID = Pattern.compile("[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private StixShape() {}

    /** What every output must satisfy: valid ids, no duplicate ids, every reference resolvable within the output or a TLP id, indicators well formed. */
    public static void check(ImportReport r) {
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : r.objects()) {
            String id = o.get("id").asText();
            assertThat(id).matches(STIX_ID);
            assertThat(id).startsWith(o.get("type").asText() + "--");
            assertThat(ids.add(id)).as("duplicate id " + id).isTrue();
        }
        for (ObjectNode o : r.objects()) {
            List<String> refs = new ArrayList<>();
            o.fields().forEachRemaining(f -> {
                if (f.getKey().endsWith("_ref")) refs.add(f.getValue().asText());
                if (f.getKey().endsWith("_refs")) f.getValue().forEach(v -> refs.add(v.asText()));
            });
            for (String ref : refs) assertThat(ids).as(o.get("id") + " -> " + ref).contains(ref);
            String type = o.get("type").asText();
            if (!type.equals("marking-definition") && !isSco(type)) {
                assertThat(o.get("spec_version").asText()).isEqualTo("2.1");
                assertThat(o.get("modified").asText()).isGreaterThanOrEqualTo(o.get("created").asText());
            }
            if (type.equals("indicator") && o.get("pattern_type").asText().equals("stix")) {
                PatternShape.assertWellFormed(o.get("pattern").asText());
            }
            if (type.equals("grouping")) assertThat(o.get("object_refs")).isNotEmpty();
        }
    }

    public static boolean isSco(String type) {
        return Set.of("ipv4-addr", "ipv6-addr", "domain-name", "url", "file", "email-addr", "email-message", "network-traffic", "mutex",
                "windows-registry-key", "autonomous-system", "x509-certificate", "mac-addr", "user-account").contains(type);
    }


    /** Attribute entries of an event as the importer unwraps it, counted straight from the JSON. */
    public static int attributeEntries(JsonNode root) {
        JsonNode e = root;
        if (e.has("response") && e.get("response").isArray() && e.get("response").size() == 1) e = e.get("response").get(0);
        if (e.isObject() && e.has("Event")) e = e.get("Event");
        int n = e.path("Attribute").isArray() ? e.path("Attribute").size() : 0;
        if (e.path("Object").isArray()) {
            for (JsonNode o : e.path("Object")) if (o.path("Attribute").isArray()) n += o.path("Attribute").size();
        }
        return n;
    }
}
