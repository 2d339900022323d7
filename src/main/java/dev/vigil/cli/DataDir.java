package dev.vigil.cli;

import java.nio.file.Path;

/** Where persistent state lives: {@code --data-dir}, else {@code $VIGIL_HOME}, else {@code ~/.vigil}. */
final class DataDir {
    private DataDir() {}

    static Path resolve(Path option) {
        if (option != null) return option;
        String env = System.getenv("VIGIL_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".vigil");
    }
}
