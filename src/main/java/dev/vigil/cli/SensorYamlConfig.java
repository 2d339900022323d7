package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vigil sensor --config vigil.yaml}: Vigil's own sensor configuration (docs/vigil.yaml is the
 * documented example, every key with its default). Every key is optional; a key Vigil does not know is an
 * error that names it, so a typo does not silently fall back to a default. Options given on the command
 * line win over the file.
 */
record SensorYamlConfig(List<String> interfaces, Integer workers, String bpf, Integer snaplen, Integer bufferMb, Integer ringMb,
                        Boolean promiscuous, Integer statsInterval, Path rules, Map<String, String> vars, Path outputDir,
                        List<String> eveTypes, Long rotateMb, Long rotateSeconds, Integer rotateKeep, String checksumChecks,
                        List<String> settings, String metrics, dev.vigil.detect.behavior.BehaviorConfig behavior) {

    private static final Set<String> TOP = Set.of("sensor", "vars", "rules", "outputs", "memcaps", "checksum-checks", "settings", "behavior");
    private static final Set<String> SENSOR = Set.of("interfaces", "workers", "bpf", "snaplen", "buffer-size-mb", "ring-size-mb",
            "promiscuous", "stats-interval");
    private static final Set<String> OUTPUTS = Set.of("dir", "eve", "prometheus");
    private static final Set<String> EVE = Set.of("types", "rotate-size-mb", "rotate-interval", "rotate-keep");
    private static final Set<String> MEMCAPS = Set.of("flow", "stream", "defrag");

    static SensorYamlConfig load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) root = new ObjectMapper().createObjectNode();
        if (!root.isObject()) throw new IllegalArgumentException(file + ": expected a mapping at the top");
        known(file, "", root, TOP);
        JsonNode s = root.path("sensor");
        known(file, "sensor.", s, SENSOR);
        JsonNode out = root.path("outputs");
        known(file, "outputs.", out, OUTPUTS);
        JsonNode eve = out.path("eve");
        known(file, "outputs.eve.", eve, EVE);
        JsonNode mem = root.path("memcaps");
        known(file, "memcaps.", mem, MEMCAPS);

        Map<String, String> vars = new LinkedHashMap<>();
        JsonNode v = root.path("vars");
        if (!v.isMissingNode() && !v.isObject()) throw new IllegalArgumentException(file + ": vars: expected NAME: value pairs");
        for (Map.Entry<String, JsonNode> e : v.properties()) vars.put(e.getKey(), e.getValue().asText());
        // memcaps and free settings become --set KEY=VALUE lines, applied through the same code as the flag
        List<String> settings = new ArrayList<>();
        if (mem.has("flow")) settings.add("flow.memcap=" + mem.get("flow").asText());
        if (mem.has("stream")) settings.add("stream.reassembly.memcap=" + mem.get("stream").asText());
        if (mem.has("defrag")) settings.add("defrag.memcap=" + mem.get("defrag").asText());
        JsonNode free = root.path("settings");
        if (!free.isMissingNode() && !free.isObject()) throw new IllegalArgumentException(file + ": settings: expected KEY: value pairs");
        for (Map.Entry<String, JsonNode> e : free.properties()) settings.add(e.getKey() + "=" + e.getValue().asText());
        List<String> types = strings(file, "outputs.eve.types", eve.path("types"));
        if (types != null) for (String t : types) {
            if (!dev.vigil.output.EveTypes.KNOWN.contains(t)) {
                throw new IllegalArgumentException(file + ": outputs.eve.types: unknown type " + t + " (known: " + new java.util.TreeSet<>(dev.vigil.output.EveTypes.KNOWN) + ")");
            }
        }
        Path base = file.toAbsolutePath().getParent();
        return new SensorYamlConfig(strings(file, "sensor.interfaces", s.path("interfaces")), integer(file, "sensor.workers", s.path("workers")),
                text(s.path("bpf")), integer(file, "sensor.snaplen", s.path("snaplen")), integer(file, "sensor.buffer-size-mb", s.path("buffer-size-mb")),
                integer(file, "sensor.ring-size-mb", s.path("ring-size-mb")), bool(file, "sensor.promiscuous", s.path("promiscuous")),
                integer(file, "sensor.stats-interval", s.path("stats-interval")), path(base, root.path("rules")), vars,
                path(base, out.path("dir")), types,
                longValue(file, "outputs.eve.rotate-size-mb", eve.path("rotate-size-mb")), longValue(file, "outputs.eve.rotate-interval", eve.path("rotate-interval")),
                integer(file, "outputs.eve.rotate-keep", eve.path("rotate-keep")), text(root.path("checksum-checks")), settings,
                text(out.path("prometheus")),
                root.has("behavior") ? BehaviorYaml.of(root.get("behavior"), file + ": behavior") : null);
    }

    private static void known(Path file, String prefix, JsonNode n, Set<String> keys) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isObject()) throw new IllegalArgumentException(file + ": " + (prefix.isEmpty() ? "top" : prefix.substring(0, prefix.length() - 1)) + ": expected a mapping");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String k = e.getKey();
            if (!keys.contains(k)) throw new IllegalArgumentException(file + ": unknown key " + prefix + k + " (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static Path path(Path base, JsonNode n) {
        String t = text(n);
        return t == null ? null : base.resolve(t);
    }

    private static Integer integer(Path file, String key, JsonNode n) {
        Long l = longValue(file, key, n);
        if (l == null) return null;
        if (l > Integer.MAX_VALUE) throw new IllegalArgumentException(file + ": " + key + ": too large: " + l);
        return l.intValue();
    }

    private static Long longValue(Path file, String key, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (!n.canConvertToLong() || n.asLong() < 0 || !(n.isIntegralNumber() || n.asText().matches("\\d+"))) {
            throw new IllegalArgumentException(file + ": " + key + ": expected a whole number >= 0, not " + n.asText());
        }
        return n.asLong();
    }

    private static Boolean bool(Path file, String key, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (!n.isBoolean()) throw new IllegalArgumentException(file + ": " + key + ": expected true or false, not " + n.asText());
        return n.asBoolean();
    }

    private static List<String> strings(Path file, String key, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        List<String> out = new ArrayList<>();
        if (n.isTextual()) out.add(n.asText());
        else if (n.isArray()) n.forEach(x -> out.add(x.asText()));
        else throw new IllegalArgumentException(file + ": " + key + ": expected a list");
        return out;
    }
}
