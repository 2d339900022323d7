package dev.vigil.cli;

import dev.vigil.detect.rules.Dialect;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil rules}: rule-file tools. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with signature rule files.",
        subcommands = {RulesCommand.Check.class})
public final class RulesCommand {

    /**
     * {@code vigil rules check FILE|DIR...}: loads the rules as the sensor would and reports what loaded,
     * what did not and why (grouped by keyword, each rejected rule with file, line and sid), the load
     * time and the heap the loaded rules hold.
     */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Load rule files and report loaded and rejected rules.")
    public static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule files, or directories of *.rules files.")
        List<Path> paths;

        @Option(names = "--dialect", paramLabel = "suricata|snort3", description = "Read every file in this rule language (default: told per file).")
        String dialect;

        @Option(names = "--list", description = "Print every rejected rule (default: the first 20).")
        boolean list;

        @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Set an address or port variable, e.g. HOME_NET=[10.0.0.0/8] or HTTP_PORTS=[80,8080] (a name ending in _PORTS is a port variable).")
        List<String> varSettings = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> files = new ArrayList<>();
            for (Path p : paths) {
                try {
                    files.addAll(RuleLoader.files(p));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new IllegalArgumentException("no such file: " + p);
                }
            }
            RuleVars vars = RuleVars.defaults();
            for (String s : varSettings) {
                int eq = s.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--var wants NAME=VALUE: " + s);
                String name = s.substring(0, eq).replaceFirst("^\\$", "");
                if (name.endsWith("_PORTS") || name.endsWith("_PORT")) vars.setPort(name, s.substring(eq + 1));
                else vars.setAddress(name, s.substring(eq + 1));
            }
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = mem.getHeapMemoryUsage().getUsed();
            RuleLoader loader = RuleLoader.forFiles(files, vars);
            if (dialect != null) loader.dialect(switch (dialect) {
                case "suricata" -> Dialect.SURICATA;
                case "snort3" -> Dialect.SNORT3;
                default -> throw new IllegalArgumentException("--dialect is suricata or snort3, not " + dialect);
            });
            RuleLoader.Result r = loader.load(files);
            System.gc();
            long held = Math.max(0, mem.getHeapMemoryUsage().getUsed() - before);
            int total = r.rules().size() + r.rejected().size();
            out.printf("files: %d, rules: %d, loaded: %d (%.2f%%), rejected: %d%n", r.files(), total, r.rules().size(),
                    total == 0 ? 0.0 : 100.0 * r.rules().size() / total, r.rejected().size());
            out.printf("load time: %.3f s, heap held by the loaded rules: %.1f MiB%n", r.nanos() / 1e9, held / 1048576.0);
            Map<String, Integer> byKeyword = new TreeMap<>();
            for (RuleLoader.Rejected x : r.rejected()) byKeyword.merge(x.keyword() == null ? "(header or form)" : x.keyword(), 1, Integer::sum);
            if (!byKeyword.isEmpty()) {
                out.println("rejected by keyword:");
                byKeyword.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                        .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
                out.println(list ? "rejected rules:" : "rejected rules (first 20; --list for all):");
                r.rejected().stream().limit(list ? Long.MAX_VALUE : 20)
                        .forEach(x -> out.printf("  %s:%d sid %d: %s%n", x.file(), x.line(), x.sid(), x.reason()));
            }
            return r.rules().isEmpty() && total > 0 ? 1 : 0;
        }
    }
}
