package dev.vigil.cli;

import dev.vigil.detect.rules.RuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Vigil's own signatures (resource {@code rules/vigil-default.rules}, sids 7000000-7099999): what {@code
 * analyze} and {@code sensor} inspect when no {@code -S} ruleset is given, so the embedded defaults catch
 * the exploitation and tool transfer an intrusion starts with.
 */
final class DefaultRules {
    private DefaultRules() {}

    static final String SOURCE = "vigil-default.rules";

    /** The classtypes Vigil's own rules use, as Suricata's classification.config describes them. */
    static final Map<String, RuleLoader.Classification> CLASSIFICATIONS = Map.of(
            "web-application-attack", new RuleLoader.Classification("web-application-attack", "Web Application Attack", 1),
            "trojan-activity", new RuleLoader.Classification("trojan-activity", "A Network Trojan was detected", 1),
            TokenSetup.CLASSIFICATION.name(), TokenSetup.CLASSIFICATION);

    static Map<String, List<String>> rules() {
        try (InputStream in = DefaultRules.class.getResourceAsStream("/rules/" + SOURCE)) {
            if (in == null) throw new IllegalStateException("resource rules/" + SOURCE + " missing from the build");
            return Map.of(SOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
