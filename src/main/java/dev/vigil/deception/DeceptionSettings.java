package dev.vigil.deception;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The site's deception settings, {@code <data-dir>/deception.yaml}: the canary zone DNS tokens are made
 * under (and the canary DNS decoy answers for), the host web bugs and document beacons point at, and the
 * organisation's name and mail domain on decoy pages and in false documents. Each is optional; absent,
 * the defaults apply.
 */
public record DeceptionSettings(String canaryZone, String beaconHost, String organisation, String domain) {
    public static final String FILE_NAME = "deception.yaml";
    public static final DeceptionSettings NONE = new DeceptionSettings(null, null, null, null);
    private static final Set<String> KEYS = Set.of("canary_zone", "beacon_host", "organisation", "domain");

    public String organisationName() {
        return organisation == null || organisation.isBlank() ? "Example Corp" : organisation;
    }

    public String mailDomain() {
        return domain == null || domain.isBlank() ? "example.com" : domain;
    }

    public static DeceptionSettings load(Path dataDir) {
        Path f = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) return NONE;
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
            if (n == null || n.isNull()) return NONE;
            if (!n.isObject()) throw new IllegalArgumentException(f + ": not a YAML mapping");
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!KEYS.contains(k)) throw new IllegalArgumentException(f + ": unknown key " + k + " (keys: " + new java.util.TreeSet<>(KEYS) + ")");
            }
            return new DeceptionSettings(n.path("canary_zone").asText(null), n.path("beacon_host").asText(null), n.path("organisation").asText(null),
                    n.path("domain").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
    }
}
