package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * MISP {@code tlp:*} tags -> STIX marking-definition ids. Names only TLP 1.0 has ({@code white}) keep the
 * predefined STIX 1.0 id; every other level uses the OASIS TLP 2.0 extension's fixed ids (MISP's taxonomy is
 * TLP 2.0 since 2022, and {@code clear}/{@code amber+strict} exist only there). An unknown {@code tlp:} tag is
 * treated as the most restrictive level, RED, rather than dropped.
 */
public final class TlpMarkings {
    public static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    public static final String TLP1_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    public static final String TLP1_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    public static final String TLP1_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    public static final String TLP1_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    public static final String TLP2_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    public static final String TLP2_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    public static final String TLP2_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    public static final String TLP2_AMBER_STRICT = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    public static final String TLP2_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    private static final Map<String, String> BY_TAG = Map.of(
            "white", TLP1_WHITE, "clear", TLP2_CLEAR, "green", TLP2_GREEN, "amber", TLP2_AMBER,
            "amber+strict", TLP2_AMBER_STRICT, "red", TLP2_RED);
    private static final Map<String, String> LEVEL = Map.of(
            TLP1_WHITE, "white", TLP2_CLEAR, "clear", TLP2_GREEN, "green", TLP2_AMBER, "amber", TLP2_AMBER_STRICT, "amber+strict", TLP2_RED, "red");

    private TlpMarkings() {}

    /** The marking id for a tag, or null when the tag is not a TLP tag. */
    public static String forTag(String tag) {
        if (tag == null) return null;
        String t = tag.trim().toLowerCase(Locale.ROOT);
        if (!t.startsWith("tlp:")) return null;
        String level = t.substring(4).replace("\"", "").trim();
        if (level.equals("ex:chr")) return TLP2_RED;
        return BY_TAG.getOrDefault(level, TLP2_RED);
    }

    /** The marking-definition object for an id {@link #forTag} returns (TLP 2.0 ones are not predefined, so recipients need them). */
    public static ObjectNode definition(String id) {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("type", "marking-definition").put("spec_version", "2.1").put("id", id);
        String level = LEVEL.get(id);
        if (level == null) throw new IllegalArgumentException("not a marking this class issues: " + id);
        if (id.equals(TLP1_WHITE)) {
            m.put("created", "2017-01-20T00:00:00.000Z").put("definition_type", "tlp").put("name", "TLP:WHITE");
            m.putObject("definition").put("tlp", "white");
        } else {
            m.put("created", "2022-10-01T00:00:00.000Z").put("name", "TLP:" + level.toUpperCase(Locale.ROOT));
            m.putObject("extensions").putObject(TLP2_EXTENSION).put("extension_type", "property-extension").put("tlp_2_0", level);
        }
        return m;
    }
}
