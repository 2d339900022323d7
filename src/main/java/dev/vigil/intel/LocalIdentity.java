package dev.vigil.intel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.stix.StixIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Who this Vigil is in STIX: the {@code identity} its sightings and exports are created by, made once per
 * data directory ({@code identity.json}) so that every sighting a partner receives from us names the same
 * identity, across runs and restarts.
 */
public final class LocalIdentity {
    private LocalIdentity() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE = "identity.json";

    public static ObjectNode load(Path dataDir, String nameIfNew) throws IOException {
        Path f = dataDir.resolve(FILE);
        if (Files.exists(f)) return (ObjectNode) JSON.readTree(f.toFile());
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        ObjectNode id = JSON.createObjectNode();
        id.put("type", "identity").put("spec_version", "2.1").put("id", StixIds.random("identity")).put("created", now).put("modified", now)
                .put("name", nameIfNew).put("identity_class", "organization");
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), id);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    public static String defaultName() {
        // the kernel's name for the machine: no resolver is asked (a sensor may have no DNS)
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            return h.isEmpty() ? "Vigil" : "Vigil on " + h;
        } catch (IOException | RuntimeException e) {
            return "Vigil";
        }
    }
}
