package dev.vigil.cli;

import dev.vigil.deception.token.Honeytoken;
import dev.vigil.deception.token.TokenRules;
import dev.vigil.deception.token.TokenStore;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.store.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The honeytokens' part in {@code vigil analyze} and {@code vigil sensor}: the data directory's active
 * tokens become rules loaded next to the {@code -S} ones, so every token is a detection on every sensor
 * that shares the data directory (and, exported with {@code vigil token rules}, on Suricata too).
 */
final class TokenSetup {
    private TokenSetup() {}

    /** The rules' name in reports. */
    static final String SOURCE = "honeytokens";
    static final RuleLoader.Classification CLASSIFICATION = new RuleLoader.Classification(TokenRules.CLASSTYPE, TokenRules.CLASS_DESCRIPTION,
            Integer.parseInt(TokenRules.CLASS_PRIORITY));

    /** The active tokens' rules by source name; empty when the data directory has no store or no active token. */
    static Map<String, List<String>> rules(Path dataDir, PrintStream err) {
        if (!Files.exists(dataDir.resolve(Database.FILE_NAME))) return Map.of();
        List<Honeytoken> active;
        try (TokenStore s = TokenStore.open(dataDir)) {
            active = s.active();
        }
        if (active.isEmpty()) return Map.of();
        List<String> lines = TokenRules.of(active);
        err.printf("vigil: honeytokens: %d active in %s%n", active.size(), dataDir.resolve(Database.FILE_NAME));
        return Map.of(SOURCE, lines);
    }
}
