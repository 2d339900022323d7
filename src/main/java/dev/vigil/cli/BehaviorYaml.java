package dev.vigil.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.detect.behavior.BehaviorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code behavior:} settings (thresholds, windows, caps, allow-lists; docs/DETECTION.md lists every
 * key and default) from YAML. A key Vigil does not know is an error naming it: a misspelt threshold
 * must not silently keep its default.
 */
final class BehaviorYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BehaviorYaml() {}

    /** The section as a tree (from vigil.yaml) to settings. */
    static BehaviorConfig of(JsonNode section, String where) {
        try {
            return YAML.treeToValue(section, BehaviorConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().lines().findFirst().orElse("invalid"));
        }
    }

    /** A file holding either the section's keys at the top or a {@code behavior:} mapping. */
    static BehaviorConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) return new BehaviorConfig();
        if (root.has("behavior") && root.size() == 1) root = root.get("behavior");
        return of(root, file.toString());
    }
}
