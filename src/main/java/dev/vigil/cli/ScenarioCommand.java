package dev.vigil.cli;

import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.key.Activity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil scenario list|generate|grade}: synthetic campaigns with answer keys, and their grading. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Generate synthetic enterprise traffic with an espionage campaign woven in, and grade findings against its answer key.",
        subcommands = {ScenarioCommand.List.class, ScenarioCommand.Generate.class})
public final class ScenarioCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios.")
    static final class List implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Campaign c : Campaigns.all()) System.out.printf("%-24s %s%n", c.name(), c.description());
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a scenario's capture and its answer key.")
    static final class Generate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Scenario name (see 'vigil scenario list').")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.pcap", description = "The capture to write.")
        Path output;

        @Option(names = "--answers", paramLabel = "OUT.json", description = "The answer key to write (default: next to the capture, .answers.json).")
        Path answers;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed: the same seed gives the same bytes (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--hosts", defaultValue = "50", description = "Workstations in the organisation (default ${DEFAULT-VALUE}).")
        int hosts;

        @Option(names = "--hours", defaultValue = "24", description = "Hours of traffic (default ${DEFAULT-VALUE}).")
        double hours;

        @Option(names = "--start", paramLabel = "ISO-TIME", description = "Start of the capture, e.g. 2026-03-02T00:00:00Z (default: that Monday).")
        Instant start = ScenarioOptions.DEFAULT_START;

        @Override
        public Integer call() throws Exception {
            Campaign c;
            ScenarioOptions o;
            try {
                c = Campaigns.get(name);
                o = new ScenarioOptions(seed, hosts, hours, start);
            } catch (IllegalArgumentException e) {
                System.err.println("vigil scenario generate: " + e.getMessage());
                return 2;
            }
            Path key = answers != null ? answers : answersNextTo(output);
            long t0 = System.nanoTime();
            ScenarioGenerator.Result r = ScenarioGenerator.generate(c, o, output);
            r.key().write(key);
            System.out.printf("%s: %,d packets, %,d bytes in %.1f s%n", output, r.packets(), Files.size(output), (System.nanoTime() - t0) / 1e9);
            System.out.println("answer key: " + key + " (" + r.key().activities().size() + " activities)");
            for (Activity a : r.key().activities()) {
                System.out.printf("  %-20s %-10s %s .. %s  %s%n", a.id(), a.technique().id(), a.start(), a.end(), a.detector());
            }
            return 0;
        }
    }

    static Path answersNextTo(Path pcap) {
        String f = pcap.getFileName().toString();
        String base = f.endsWith(".pcap") ? f.substring(0, f.length() - 5) : f;
        return pcap.resolveSibling(base + ".answers.json");
    }
}
