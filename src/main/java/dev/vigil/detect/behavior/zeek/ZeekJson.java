package dev.vigil.detect.behavior.zeek;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Rows of Zeek's JSON logs: one object per line, keys as {@code #fields} names them ("id.orig_h"), or nested ("id": {"orig_h"}). */
final class ZeekJson {
    // exact decimals: a double holds an epoch time with microseconds only to about a tenth of a microsecond
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ZeekJson() {}

    /** @throws ZeekMalformed when the line is not one JSON object */
    static Row row(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException | RuntimeException e) {
            throw new ZeekMalformed("not JSON");
        }
        if (n == null || !n.isObject()) throw new ZeekMalformed("not a JSON object");
        return new Row(n);
    }

    static final class Row implements ZeekRow {
        private final JsonNode node;

        Row(JsonNode node) { this.node = node; }

        boolean has(String field) { return node(field) != null; }

        private JsonNode node(String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                int dot = field.indexOf('.');
                if (dot > 0) {
                    JsonNode parent = node.get(field.substring(0, dot));
                    if (parent != null && parent.isObject()) v = parent.get(field.substring(dot + 1));
                }
            }
            return v == null || v.isNull() || v.isMissingNode() ? null : v;
        }

        @Override
        public String text(String field) {
            JsonNode v = node(field);
            if (v == null || v.isObject()) return null;
            if (v.isArray()) return String.join(",", list(field));
            return v.asText();
        }

        @Override
        public List<String> list(String field) {
            JsonNode v = node(field);
            if (v == null || v.isObject()) return List.of();
            if (!v.isArray()) return v.asText().isEmpty() ? List.of() : List.of(v.asText());
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode e : v) if (e.isValueNode() && !e.isNull()) out.add(e.asText());
            return out;
        }
    }
}
