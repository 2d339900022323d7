package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What an add request produced: the TAXII status resource, already stored and retrievable by its id. */
public record AddResult(ObjectNode status) {
    public String statusId() {
        return status.path("id").asText();
    }
}
