package dev.vigil.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, as the commands that keep state take it (a picocli mixin base). */
class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    Path dir() {
        return DataDir.resolve(dataDir);
    }
}
