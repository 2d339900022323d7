package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.output.EveTypes;
import dev.vigil.pipeline.SensorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a suricata.yaml that Vigil honours: the eve-log {@code types} list and its
 * {@code community-id} switch (off unless set, as in Suricata) and {@code community-id-seed}. Keys it does not know are ignored, so a production suricata.yaml
 * can be passed unchanged.
 */
final class SuricataYamlConfig {
    private SuricataYamlConfig() {}

    static List<String> apply(Path yaml, SensorConfig config) throws IOException {
        List<String> notes = new ArrayList<>();
        String text = Files.readString(yaml);
        // Suricata's files start with a %YAML 1.1 directive that some parsers reject; it carries nothing we need
        text = text.replaceFirst("(?m)^%YAML.*$", "");
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new IOException(yaml + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) return notes;
        for (JsonNode output : root.path("outputs")) {
            JsonNode eve = output.get("eve-log");
            if (eve == null) continue;
            if (isFalse(eve.get("enabled"))) {
                config.eveTypes = EveTypes.of(List.of());
                notes.add("eve-log disabled in " + yaml);
                continue;
            }
            // as in Suricata, community-id is off unless this eve-log asks for it, and the seed defaults to 0
            config.communityId = isTrue(eve.get("community-id"));
            JsonNode seed = eve.get("community-id-seed");
            if (seed != null && !seed.isNull()) {
                try {
                    config.communityIdSeed = Integer.parseInt(seed.asText().trim());
                } catch (NumberFormatException e) {
                    notes.add("community-id-seed '" + seed.asText() + "' in " + yaml + " is not a number; using 0");
                }
            }
            JsonNode types = eve.get("types");
            if (types != null && types.isArray()) {
                List<String> names = new ArrayList<>();
                for (JsonNode t : types) {
                    // Suricata's http and tls loggers are basic unless their entry says extended: yes; Vigil's
                    // defaults (no suricata.yaml) follow the shipped suricata.yaml, which says it
                    String typeName = t.isTextual() ? t.asText() : t.isObject() && t.size() > 0 ? t.fieldNames().next() : null;
                    if ("http".equals(typeName) || "tls".equals(typeName)) config.app.settings.put(typeName + ".extended", "no");
                    if (t.isTextual()) names.add(t.asText());
                    else if (t.isObject() && t.size() > 0) {
                        String name = t.fieldNames().next();
                        JsonNode opts = t.get(name);
                        if (!isFalse(opts.path("enabled"))) names.add(name);
                        // per-type options (dns: version: 2, types: [a, mx], tls: custom: [...]) go to the
                        // protocol of that name; a list of scalars becomes one comma-separated value, the
                        // same form --set outputs.eve-log.types.dns.types=a,mx gives
                        if (opts.isObject()) {
                            opts.fields().forEachRemaining(o -> {
                                String value = optionValue(o.getValue());
                                if (value != null) config.app.settings.put(name + "." + o.getKey(), value);
                            });
                        }
                    }
                }
                config.eveTypes = EveTypes.of(names);
            }
        }
        JsonNode protocols = root.path("app-layer").path("protocols");
        protocols.fields().forEachRemaining(e -> {
            if (isFalse(e.getValue().path("enabled"))) config.app.disabled.add(e.getKey());
            JsonNode depth = e.getValue().path("stream-depth");
            if (depth.isValueNode()) {
                try {
                    config.app.streamDepths.put(e.getKey(), Settings.sizeOrZero(depth.asText()));
                } catch (IllegalArgumentException bad) {
                    notes.add("app-layer.protocols." + e.getKey() + ".stream-depth: " + bad.getMessage() + "; ignored");
                }
            }
        });
        return notes;
    }

    /**
     * A scalar as its text, a list of scalars joined by commas, an empty key ({@code formats:} with
     * nothing after it) as the empty string; null for anything nested deeper.
     */
    static String optionValue(JsonNode v) {
        if (v.isNull()) return "";
        if (v.isValueNode()) return v.asText();
        if (!v.isArray()) return null;
        List<String> items = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode()) return null;
            items.add(item.asText().trim());
        }
        return String.join(",", items);
    }

    private static boolean isTrue(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return false;
        if (n.isBoolean()) return n.asBoolean();
        String s = n.asText().trim().toLowerCase();
        return s.equals("yes") || s.equals("true") || s.equals("on") || s.equals("1");
    }

    private static boolean isFalse(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return false;
        if (n.isBoolean()) return !n.asBoolean();
        String s = n.asText().trim().toLowerCase();
        return s.equals("no") || s.equals("false") || s.equals("off") || s.equals("0");
    }
}
