package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code vigil <command>}. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Vigil: open, Java-native counter-espionage sensor for network defenders.",
        subcommands = {AnalyzeCommand.class, SensorCommand.class, ScenarioCommand.class, DemoCommand.class, BenchCommand.class, RulesCommand.class, IntelCommand.class, ServeCommand.class, TokenCommand.class, DecoyCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setFormatter(new java.util.logging.SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return "vigil: " + r.getLevel().getName().toLowerCase() + ": " + r.getMessage() + System.lineSeparator();
            }
        });
        root.addHandler(h);
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("vigil: error: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }
}
