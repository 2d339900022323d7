package dev.vigil.cli;

import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.DemoCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil demo}: writes a small mixed capture with Vigil's own pcap writer and analyzes it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Write a small synthetic capture, analyze it, and show where the EVE output is.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to put demo.pcap and eve.json (default: ./vigil-demo).")
    Path outDir = Path.of("vigil-demo");

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(outDir);
        Path pcap = DemoCapture.write(outDir.resolve("demo.pcap"));
        System.out.println("demo capture:   " + pcap.toAbsolutePath());
        SensorConfig config = new SensorConfig();
        return AnalyzeCommand.run(List.of(pcap), outDir, config, false, System.out, System.err);
    }
}
