package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an import produced: the STIX objects, and an account of every MISP attribute (those inside MISP objects
 * included): {@code attributes == mapped + skipped.size()} always holds.
 */
public record ImportReport(List<ObjectNode> objects, int attributes, int mapped, List<Skipped> skipped) {
    /** One attribute that did not reach the STIX output, and why. */
    public record Skipped(String uuid, String type, String reason) {}

    public ImportReport {
        objects = List.copyOf(objects);
        skipped = List.copyOf(skipped);
        if (attributes != mapped + skipped.size()) {
            throw new IllegalStateException("attribute accounting broken: " + attributes + " != " + mapped + " + " + skipped.size());
        }
    }

    public List<ObjectNode> ofType(String type) {
        return objects.stream().filter(o -> type.equals(o.path("type").asText())).toList();
    }
}
