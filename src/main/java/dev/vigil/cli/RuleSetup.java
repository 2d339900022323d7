package dev.vigil.cli;

import dev.vigil.applayer.http.HttpProtocol;
import dev.vigil.detect.engine.DetectEngine;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.pipeline.SensorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code -S RULES} for analyze and bench: loads a rules file (or a directory of them) into the sensor's engine. */
final class RuleSetup {
    private RuleSetup() {}

    /** A rule set ready to run: the engine and the classifications its alerts use. */
    record Loaded(DetectEngine engine, java.util.Map<String, RuleLoader.Classification> classifications) {}

    static void load(Path rules, SensorConfig config, PrintStream err) throws IOException {
        load(rules, java.util.Map.of(), config, err);
    }

    /** Loads {@code -S} rules (may be null) and Vigil's own rules (the honeytokens'); nothing when there are neither. */
    static void load(Path rules, java.util.Map<String, List<String>> own, SensorConfig config, PrintStream err) throws IOException {
        if (rules == null && own.isEmpty()) return;
        Loaded l = build(rules, own, config, err);
        config.detect = l.engine();
        // Suricata's default request-body-limit and response-body-limit: 100 KiB of each body inspected
        if (l.engine().needsHttpInspection()) config.app.settings.putIfAbsent(HttpProtocol.INSPECT_BODY_LIMIT, String.valueOf(100 * 1024));
        config.classifications = l.classifications();
    }

    /** Loads and compiles {@code rules} as {@code config} says (stream depth, classification file), changing nothing in it. */
    static Loaded build(Path rules, SensorConfig config, PrintStream err) throws IOException {
        return build(rules, java.util.Map.of(), config, err);
    }

    static Loaded build(Path rules, java.util.Map<String, List<String>> own, SensorConfig config, PrintStream err) throws IOException {
        List<Path> files;
        try {
            files = rules == null ? List.of() : RuleLoader.files(rules);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("-S " + rules + ": no such file");
        }
        RuleVars vars = RuleVars.defaults();
        config.ruleVars.forEach((name, value) -> {
            // a name ending in _PORTS is a port variable, as in suricata.yaml's port-groups
            if (name.endsWith("_PORTS") || name.endsWith("_PORT")) vars.setPort(name, value);
            else vars.setAddress(name, value);
        });
        java.util.Map<String, RuleLoader.Classification> ownClasses = own.isEmpty() ? java.util.Map.of() : DefaultRules.CLASSIFICATIONS;
        RuleLoader.Result r = RuleLoader.forFiles(files, vars, ownClasses).load(files, own);
        long t0 = System.nanoTime();
        DetectEngine engine = new DetectEngine(r.rules(), config.stream.depth);
        var classifications = config.classificationFile != null ? RuleLoader.classifications(config.classificationFile) : r.classifications();
        if (!own.isEmpty() && config.classificationFile != null) {
            classifications = new java.util.LinkedHashMap<>(classifications);
            classifications.putAll(ownClasses);
        }
        err.printf("vigil: %s: %d rules loaded, %d rejected (vigil rules check tells why), in %.2f s; engine built in %.2f s%n",
                rules == null ? String.join(", ", own.keySet()) : "-S " + rules + (own.isEmpty() ? "" : " and " + String.join(", ", own.keySet())),
                r.rules().size(), r.rejected().size(), r.nanos() / 1e9, (System.nanoTime() - t0) / 1e9);
        for (RuleLoader.Rejected x : r.rejected()) {
            if (own.containsKey(x.file())) err.println("vigil: " + x.file() + ": rule " + x.sid() + " rejected: " + x.reason());
        }
        err.printf("vigil: %d rules inspected (packet payloads, and DNS, TLS and HTTP transactions); not yet inspected: %s%n", engine.inspectedRules(),
                engine.notInspected().isEmpty() ? "none" : engine.notInspected());
        return new Loaded(engine, classifications);
    }
}
