package dev.vigil.cli;

import dev.vigil.pipeline.SensorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The analysis options {@code analyze} and {@code sensor} share, Suricata's flags where it has them:
 * workers, rules ({@code -S}) and their variables ({@code --var}), suricata.yaml ({@code -c}), checksum checks ({@code -k}) and settings
 * ({@code --set}).
 */
final class AnalysisOptions {
    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: available cores).")
    Integer workers;

    @Option(names = "-S", paramLabel = "RULES", description = "Rules file or directory of *.rules (Suricata's flag).")
    Path rules;

    @Option(names = "--no-default-rules", description = "Without -S, Vigil's own default signatures are inspected (exploitation, tool transfer); this leaves them out.")
    boolean noDefaultRules;

    @Option(names = "-c", paramLabel = "YAML", description = "suricata.yaml: the eve-log types (and their options, e.g. dns version) and app-layer protocol switches are honoured.")
    Path suricataYaml;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: auto (default: validate, unless they show NIC offloading: "
            + "a capture file in its first 1,000 packets, read before it is analyzed; live, once 1,000 were seen), all, or none.")
    String checksumMode = "auto";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (flow.memcap, defrag.memcap, flow-timeouts.*).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Rule variable, e.g. HOME_NET=[10.0.0.0/8] or HTTP_PORTS=[80,8080] (repeatable).")
    List<String> vars = new ArrayList<>();

    @Option(names = "--behavior-config", paramLabel = "YAML", description = "Behavioural detector settings (the behavior: section; see docs/DETECTION.md).")
    Path behaviorConfig;

    @Option(names = "--no-behavior", description = "Run without the behavioural detectors (beaconing, tunnelling, scans, ...).")
    boolean noBehavior;

    /**
     * Sets {@code config} from these options (the rules apart: {@link #loadRules}, once the data directory is known), notes on {@code err}.
     *
     * @return null, or the error message for an option that is wrong
     */
    String applyTo(SensorConfig config, PrintStream err) throws IOException {
        if (workers != null) config.workers = Math.max(1, workers);
        if (behaviorConfig != null) {
            try {
                config.behavior = BehaviorYaml.read(behaviorConfig);
            } catch (java.nio.file.NoSuchFileException e) {
                return "--behavior-config " + behaviorConfig + ": no such file";
            } catch (IllegalArgumentException e) {
                return "--behavior-config " + e.getMessage();
            }
        }
        if (noBehavior) config.behavior.enabled = false;
        if (checksumMode.equalsIgnoreCase("none")) config.checksumValidation = false;
        else if (checksumMode.equalsIgnoreCase("all")) config.checksumAuto = false;
        else if (!checksumMode.equalsIgnoreCase("auto")) return "-k takes 'all', 'none' or 'auto', not '" + checksumMode + "'";
        if (suricataYaml != null) {
            for (String n : SuricataYamlConfig.apply(suricataYaml, config)) err.println("vigil: " + n);
        }
        for (String s : sets) {
            String note = Settings.apply(s, config);
            if (note != null) err.println("vigil: " + note);
        }
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) return "--var wants NAME=VALUE, not " + v;
            config.ruleVars.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return null;
    }

    /**
     * Loads the {@code -S} rules (else Vigil's default rules, unless {@code --no-default-rules}) and the data
     * directory's honeytoken rules into {@code config}'s engine.
     */
    void loadRules(SensorConfig config, Path dataDir, PrintStream err) throws IOException {
        RuleSetup.load(rules, ownRules(dataDir, err), config, err);
    }

    /** Vigil's own rules for this run: the defaults when no -S ruleset replaces them, and the honeytokens'. */
    java.util.Map<String, List<String>> ownRules(Path dataDir, PrintStream err) {
        java.util.Map<String, List<String>> own = new java.util.LinkedHashMap<>();
        if (rules == null && !noDefaultRules) own.putAll(DefaultRules.rules());
        if (dataDir != null) own.putAll(TokenSetup.rules(dataDir, err));
        return own;
    }
}
