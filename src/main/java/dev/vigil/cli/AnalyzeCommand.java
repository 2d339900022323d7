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

    @picocli.CommandLine.Mixin
    AnalysisOptions analysis = new AnalysisOptions();

    @Option(names = "--runmode", paramLabel = "MODE", description = "Suricata run mode; 'single' means one worker.")
    String runMode;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    @Option(names = "--eve", paramLabel = "EVE.json", description = "Instead of captures: run the behavioural detectors over an eve.json "
            + "(Suricata's or Vigil's; .gz too) and write their alerts.")
    Path eveInput;

    @Option(names = "--zeek", paramLabel = "DIR", description = "Instead of captures: run the behavioural detectors over Zeek logs "
            + "(conn, open_conn, dns, http, ssl, ssh, ftp, smb, notice; TSV or JSON, .gz too; a file or a directory searched recursively).")
    Path zeekInput;

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
        boolean replay = eveInput != null || zeekInput != null;
        if (replay && (!inputs.isEmpty() || eveInput != null && zeekInput != null)) {
            System.err.println("vigil analyze: --eve and --zeek take the place of capture files; give one input kind");
            return 2;
        }
        if (!replay && inputs.isEmpty()) {
            System.err.println("vigil analyze: no capture file given (vigil analyze FILE... or -r FILE)");
            return 2;
        }
        SensorConfig config = new SensorConfig();
        String wrong = analysis.applyTo(config, System.err);
        if (wrong != null) {
            System.err.println("vigil analyze: " + wrong);
            return 2;
        }
        if (replay) return replay(config);
        if ("single".equalsIgnoreCase(runMode)) config.workers = 1;
        Path data = DataDir.resolve(dataDir);
        Files.createDirectories(data);
        analysis.loadRules(config, data, System.err);
        IntelSetup.load(data, config, System.err);
        int rc = run(inputs, outDir, config, !noProgress && System.console() != null, System.out, System.err);
        IntelSetup.record(data, config, System.out);
        return rc;
    }

    /** Another sensor's output (--eve, --zeek) through the behavioural detectors. */
    private int replay(SensorConfig config) throws IOException {
        Path in = eveInput != null ? eveInput : zeekInput;
        if (!Files.isReadable(in)) {
            System.err.println("vigil analyze: cannot read " + in);
            return 1;
        }
        if (zeekInput != null) {
            return BehaviorReplay.run(out -> dev.vigil.detect.behavior.zeek.ZeekLogs.read(zeekInput, e -> out.accept(e, e.orderNanos())).summary(),
                    outDir, config.behavior, config.ruleVars.get("HOME_NET"), System.out);
        }
        return BehaviorReplay.run(out -> {
            var r = dev.vigil.detect.behavior.eve.EveFile.readWithRecordTime(eveInput, out);
            return eveInput + ": " + r.records() + " records used, " + r.malformed() + " malformed";
        }, outDir, config.behavior, config.ruleVars.get("HOME_NET"), System.out);
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
