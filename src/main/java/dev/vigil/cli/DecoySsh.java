package dev.vigil.cli;

import dev.vigil.deception.decoy.DecoyLog;
import java.nio.file.Path;

/** Placeholder until the SSH decoy lands. */
final class DecoySsh {
    private DecoySsh() {}

    static AutoCloseable start(DecoyYaml.Service s, DecoyYaml cfg, Path dataDir, DecoyLog log) {
        throw new IllegalArgumentException("ssh decoys are not available yet");
    }
}
