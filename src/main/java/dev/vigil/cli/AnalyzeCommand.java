package dev.vigil.cli;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil analyze}: capture files in, {@code eve.json} out. Takes Vigil's own options and
 * Suricata's offline ones ({@code -r -l -S -c -k --set}), so scripts written for Suricata run unchanged.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyze pcap/pcapng files (gzip too) and write EVE JSON.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Capture files, read in the order given.")
    List<Path> files = new ArrayList<>();

    @Option(names = "-r", paramLabel = "PCAP", description = "Capture file (Suricata's flag; repeatable).")
    List<Path> readFiles = new ArrayList<>();

    @Option(names = {"-o", "-l", "--output"}, paramLabel = "DIR", description = "Output directory (default: ./vigil-out).")
    Path outDir = Path.of("vigil-out");

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: available cores).")
    Integer workers;

    @Option(names = "--runmode", paramLabel = "MODE", description = "Suricata run mode; 'single' means one worker.")
    String runMode;

    @Option(names = "-S", paramLabel = "RULES", description = "Rules file or directory of *.rules (Suricata's flag).")
    Path rules;

    @Option(names = "-c", paramLabel = "YAML", description = "suricata.yaml: the eve-log types (and their options, e.g. dns version) and app-layer protocol switches are honoured.")
    Path suricataYaml;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: auto (default: all, unless the capture shows checksum offloading), all, or none.")
    String checksumMode = "auto";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (flow.memcap, defrag.memcap, flow-timeouts.*).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    @Option(names = "--no-progress", description = "Never draw the progress bar.")
    boolean noProgress;

    // an array, so that several of these (and repeats such as -vv) are accepted together, as Suricata does
    @Option(names = {"--init-errors-fatal", "--disable-detection", "-v"}, hidden = true,
            description = "Accepted for Suricata compatibility.")
    boolean[] ignored;

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = new ArrayList<>(readFiles);
        inputs.addAll(files);
        if (inputs.isEmpty()) {
            System.err.println("vigil analyze: no capture file given (vigil analyze FILE... or -r FILE)");
            return 2;
        }
        SensorConfig config = new SensorConfig();
        if (workers != null) config.workers = Math.max(1, workers);
        if ("single".equalsIgnoreCase(runMode)) config.workers = 1;
        if (checksumMode.equalsIgnoreCase("none")) config.checksumValidation = false;
        else if (checksumMode.equalsIgnoreCase("all")) config.checksumAuto = false;
        else if (!checksumMode.equalsIgnoreCase("auto")) {
            System.err.println("vigil analyze: -k takes 'all', 'none' or 'auto', not '" + checksumMode + "'");
            return 2;
        }
        if (suricataYaml != null) {
            for (String n : SuricataYamlConfig.apply(suricataYaml, config)) System.err.println("vigil: " + n);
        }
        for (String s : sets) {
            String note = Settings.apply(s, config);
            if (note != null) System.err.println("vigil: " + note);
        }
        if (rules != null) RuleSetup.load(rules, config, System.err);
        Files.createDirectories(DataDir.resolve(dataDir));
        return run(inputs, outDir, config, !noProgress && System.console() != null, System.out, System.err);
    }

    static int run(List<Path> inputs, Path outDir, SensorConfig config, boolean progress, PrintStream out, PrintStream err)
            throws IOException {
        List<CaptureFile> opened = new ArrayList<>();
        int unreadable = 0;
        try {
            for (Path p : inputs) {
                if (!Files.isReadable(p)) {
                    err.println("vigil: cannot read " + p);
                    return 1;
                }
                try {
                    opened.add(CaptureFile.open(p));
                } catch (IOException e) {
                    // a file that is not a capture is reported and skipped; the others are still analyzed
                    err.println("vigil: skipped " + e.getMessage());
                    unreadable++;
                }
            }
            config.progress = progress;
            Path eve = outDir.resolve("eve.json");
            Summary s;
            try (EveSink sink = EveSink.toFile(eve)) {
                s = new Sensor(config).run(opened, sink, err);
            }
            for (String problem : s.problems()) err.println("vigil: " + problem);
            SummaryPrinter.print(out, s, config.workers, unreadable);
            out.println("eve.json: " + eve.toAbsolutePath());
            return 0;
        } finally {
            for (CaptureFile f : opened) f.close();
        }
    }
}
