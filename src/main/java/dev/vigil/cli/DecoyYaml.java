package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.DecoyLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vigil decoy --config decoy.yaml}: which decoys listen where, and the policy they share (see
 * docs/DECEPTION.md). Unknown keys are errors, so a typo never leaves a decoy silently unconfigured.
 */
record DecoyYaml(String organisation, String canaryZone, DecoyLog.Policy policy, DecoyLimits limits, List<Service> ssh, List<Service> http,
                 List<Service> dns, List<Service> banners) {

    /** One decoy: its name, where it listens, and its own settings (kind-specific keys, checked by the command). */
    record Service(String name, String host, int port, JsonNode settings) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("organisation", "canary_zone", "alerts", "limits", "ssh", "http", "dns", "banners");

    /** Every decoy on loopback, on unprivileged ports: what {@code vigil decoy} runs without a config. */
    static DecoyYaml loopbackDefaults(String zone, String organisation) {
        return new DecoyYaml(organisation, zone, DecoyLog.Policy.DEFAULTS, DecoyLimits.DEFAULTS,
                List.of(new Service("ssh", "127.0.0.1", 2222, sshDefaults())),
                List.of(new Service("vpn-portal", "127.0.0.1", 8443, YAML.createObjectNode().put("theme", "vpn"))),
                List.of(new Service("canary-dns", "127.0.0.1", 5353, YAML.createObjectNode())),
                List.of(new Service("ftp", "127.0.0.1", 2121, YAML.createObjectNode().put("kind", "ftp")),
                        new Service("telnet", "127.0.0.1", 2323, YAML.createObjectNode().put("kind", "telnet")),
                        new Service("redis", "127.0.0.1", 6380, YAML.createObjectNode().put("kind", "redis")),
                        new Service("mysql", "127.0.0.1", 3307, YAML.createObjectNode().put("kind", "mysql"))));
    }

    /** The weak logins a default SSH decoy lets in, the first ones a brute force tries. */
    private static JsonNode sshDefaults() {
        com.fasterxml.jackson.databind.node.ObjectNode n = YAML.createObjectNode();
        n.putObject("accept").put("root", "123456").put("admin", "admin");
        return n;
    }

    static DecoyYaml load(Path file, String defaultZone, String defaultOrganisation) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": not a YAML mapping");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) throw new IllegalArgumentException(file + ": unknown key " + k + " (keys: " + new java.util.TreeSet<>(TOP) + ")");
        }
        JsonNode a = root.path("alerts");
        known(file, "alerts", a, Set.of("interval_seconds", "brute_force_failures", "brute_force_window_seconds"));
        DecoyLog.Policy d = DecoyLog.Policy.DEFAULTS;
        DecoyLog.Policy policy = new DecoyLog.Policy(Duration.ofSeconds(a.path("interval_seconds").asLong(d.alertInterval().toSeconds())),
                positive(file, "alerts.brute_force_failures", a.path("brute_force_failures").asInt(d.bruteForceFailures())),
                Duration.ofSeconds(a.path("brute_force_window_seconds").asLong(d.bruteForceWindow().toSeconds())));
        JsonNode l = root.path("limits");
        known(file, "limits", l, Set.of("max_sessions", "max_sessions_per_source", "max_bytes_per_session", "max_session_seconds", "idle_seconds", "max_request_bytes"));
        DecoyLimits dl = DecoyLimits.DEFAULTS;
        DecoyLimits limits = new DecoyLimits(positive(file, "limits.max_sessions", l.path("max_sessions").asInt(dl.maxSessions())),
                positive(file, "limits.max_sessions_per_source", l.path("max_sessions_per_source").asInt(dl.maxSessionsPerSource())),
                l.path("max_bytes_per_session").asLong(dl.maxBytesPerSession()),
                Duration.ofSeconds(l.path("max_session_seconds").asLong(dl.maxSessionTime().toSeconds())),
                Duration.ofSeconds(l.path("idle_seconds").asLong(dl.idleTimeout().toSeconds())),
                positive(file, "limits.max_request_bytes", l.path("max_request_bytes").asInt(dl.maxRequestBytes())));
        return new DecoyYaml(root.path("organisation").asText(defaultOrganisation), root.path("canary_zone").asText(defaultZone), policy, limits,
                services(file, root, "ssh"), services(file, root, "http"), services(file, root, "dns"), services(file, root, "banners"));
    }

    private static List<Service> services(Path file, JsonNode root, String kind) {
        JsonNode list = root.path(kind);
        if (list.isMissingNode() || list.isNull()) return List.of();
        if (!list.isArray()) throw new IllegalArgumentException(file + ": " + kind + " must be a list of decoys");
        List<Service> out = new ArrayList<>();
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (JsonNode s : list) {
            String name = s.path("name").asText(kind + "-" + (out.size() + 1));
            if (names.put(name, true) != null) throw new IllegalArgumentException(file + ": two " + kind + " decoys named " + name);
            String listen = s.path("listen").asText(null);
            if (listen == null) throw new IllegalArgumentException(file + ": " + kind + " decoy " + name + " has no listen (HOST:PORT)");
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(file + ": " + kind + " decoy " + name + ": listen is HOST:PORT, not " + listen);
            int port;
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": " + kind + " decoy " + name + ": bad port in " + listen);
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException(file + ": " + kind + " decoy " + name + ": port out of range in " + listen);
            String host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            out.add(new Service(name, host, port, s));
        }
        return out;
    }

    private static void known(Path file, String section, JsonNode n, Set<String> keys) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isObject()) throw new IllegalArgumentException(file + ": " + section + " must be a mapping");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) throw new IllegalArgumentException(file + ": " + section + ": unknown key " + k + " (keys: " + new java.util.TreeSet<>(keys) + ")");
        }
    }

    private static int positive(Path file, String key, int v) {
        if (v <= 0) throw new IllegalArgumentException(file + ": " + key + " must be positive");
        return v;
    }

    /** A service's own keys, checked: the name and listen every decoy has, and those of its kind. */
    static void keys(Service s, String kind, Set<String> own) {
        Set<String> all = new java.util.HashSet<>(own);
        all.add("name");
        all.add("listen");
        for (Iterator<String> it = s.settings().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!all.contains(k)) throw new IllegalArgumentException(kind + " decoy " + s.name() + ": unknown key " + k + " (keys: " + new java.util.TreeSet<>(all) + ")");
        }
    }
}
