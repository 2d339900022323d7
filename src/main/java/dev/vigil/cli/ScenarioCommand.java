package dev.vigil.cli;

import dev.vigil.scenario.ScenarioGenerator;
import dev.vigil.scenario.ScenarioOptions;
import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil scenario list|generate|grade}: synthetic campaigns with answer keys, and their grading. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Generate synthetic enterprise traffic with an espionage campaign woven in, and grade findings against its answer key.",
        subcommands = {ScenarioCommand.List.class, ScenarioCommand.Generate.class, ScenarioCommand.Grade.class})
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

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = "Score alerts (Vigil's eve.json, or an analyst's findings in the same format) against an answer key.")
    static final class Grade implements Callable<Integer> {
        @Option(names = "--answers", required = true, paramLabel = "KEY.json", description = "The answer key 'generate' wrote.")
        Path answers;

        @Parameters(index = "0", paramLabel = "EVE.json", description = "EVE JSON lines (alerts are graded, other records skipped; .gz read too).")
        Path eve;

        @Option(names = "--training", description = "Print hints for the activities that were missed.")
        boolean training;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Option(names = "--slack", paramLabel = "SECONDS", defaultValue = "60", description = "Alerts this long before an activity's start still count (default ${DEFAULT-VALUE}).")
        long slack;

        @Option(names = "--lateness", paramLabel = "SECONDS", defaultValue = "3600", description = "Alerts this long after an activity's end still count (default ${DEFAULT-VALUE}).")
        long lateness;

        @Override
        public Integer call() throws Exception {
            AnswerKey key;
            try {
                key = AnswerKey.read(answers);
            } catch (java.io.IOException e) {
                System.err.println("vigil scenario grade: cannot read the answer key " + answers + ": " + e.getMessage());
                return 2;
            }
            if (!Files.isReadable(eve)) {
                System.err.println("vigil scenario grade: cannot read " + eve);
                return 2;
            }
            GradeReport r;
            try {
                r = Grader.grade(key, eve, Grader.Options.DEFAULTS.withSlack(Duration.ofSeconds(slack)).withLateness(Duration.ofSeconds(lateness)));
            } catch (IllegalArgumentException e) {
                System.err.println("vigil scenario grade: " + e.getMessage());
                return 2;
            }
            if (json) System.out.println(r.toJson());
            else r.print(System.out, training);
            return 0;
        }
    }

    static Path answersNextTo(Path pcap) {
        String f = pcap.getFileName().toString();
        String base = f.endsWith(".pcap") ? f.substring(0, f.length() - 5) : f;
        return pcap.resolveSibling(base + ".answers.json");
    }
}
