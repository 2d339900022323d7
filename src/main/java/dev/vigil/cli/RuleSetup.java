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
        Loaded l = build(rules, config, err);
        config.detect = l.engine();
        // Suricata's default request-body-limit and response-body-limit: 100 KiB of each body inspected
        if (l.engine().needsHttpInspection()) config.app.settings.putIfAbsent(HttpProtocol.INSPECT_BODY_LIMIT, String.valueOf(100 * 1024));
        config.classifications = l.classifications();
    }

    /** Loads and compiles {@code rules} as {@code config} says (stream depth, classification file), changing nothing in it. */
    static Loaded build(Path rules, SensorConfig config, PrintStream err) throws IOException {
        List<Path> files;
        try {
            files = RuleLoader.files(rules);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("-S " + rules + ": no such file");
        }
        RuleVars vars = RuleVars.defaults();
        config.ruleVars.forEach((name, value) -> {
            // a name ending in _PORTS is a port variable, as in suricata.yaml's port-groups
            if (name.endsWith("_PORTS") || name.endsWith("_PORT")) vars.setPort(name, value);
            else vars.setAddress(name, value);
        });
        RuleLoader.Result r = RuleLoader.forFiles(files, vars).load(files);
        long t0 = System.nanoTime();
        DetectEngine engine = new DetectEngine(r.rules(), config.stream.depth);
        var classifications = config.classificationFile != null ? RuleLoader.classifications(config.classificationFile) : r.classifications();
        err.printf("vigil: -S %s: %d rules loaded, %d rejected (vigil rules check tells why), in %.2f s; engine built in %.2f s%n",
                rules, r.rules().size(), r.rejected().size(), r.nanos() / 1e9, (System.nanoTime() - t0) / 1e9);
        err.printf("vigil: %d rules inspected (packet payloads, and DNS, TLS and HTTP transactions); not yet inspected: %s%n", engine.inspectedRules(),
                engine.notInspected().isEmpty() ? "none" : engine.notInspected());
        return new Loaded(engine, classifications);
    }
}
