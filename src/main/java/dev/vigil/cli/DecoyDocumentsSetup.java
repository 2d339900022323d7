package dev.vigil.cli;

import java.nio.file.Path;
import java.util.Map;

/** Placeholder until the false documents land: the SSH decoys' filesystem holds only its skeleton. */
final class DecoyDocumentsSetup {
    private DecoyDocumentsSetup() {}

    static Map<String, byte[]> forShell(DecoyYaml cfg, Path dataDir) {
        return Map.of();
    }
}
