package dev.vigil.detect.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads rule files: one rule per line (a trailing backslash continues it), {@code #} comments and
 * commented-out rules skipped. Every rule either loads or is rejected with its file, line, sid and
 * reason; one bad rule never stops the rest. Of two rules with one gid:sid, the higher rev stays.
 */
public final class RuleLoader {
    /** A rule that did not load. */
    public record Rejected(String file, int line, long sid, String keyword, String reason) {}

    /** What a load produced; {@code classifications} from the {@code classification.config} found, if any. */
    public record Result(List<Rule> rules, List<Rejected> rejected, int files, long nanos, Map<String, Classification> classifications) {}

    /** A {@code classification.config} entry: the alert's category and default severity. */
    public record Classification(String name, String description, int priority) {}

    private static final Pattern SID = Pattern.compile("(?:^|[;(\\s])sid\\s*:\\s*(\\d+)");
    private static final int MAX_RULE_CHARS = 64 * 1024;

    private final RuleParser parser;
    private Dialect forced;
    private Map<String, Classification> classes = Map.of();

    public RuleLoader(RuleParser parser) {
        this.parser = parser;
    }

    /** Reads every file in this dialect instead of telling it from the file. */
    public RuleLoader dialect(Dialect d) {
        forced = d;
        return this;
    }

    /**
     * A parser for rules next to a Suricata {@code classification.config}: its classtypes are the only
     * ones accepted, as in Suricata; without one any classtype is.
     */
    public static RuleLoader forFiles(List<Path> files, RuleVars vars) throws IOException {
        return forFiles(files, vars, Map.of());
    }

    /** As {@link #forFiles(List, RuleVars)}, with classtypes of Vigil's own rules added to the table. */
    public static RuleLoader forFiles(List<Path> files, RuleVars vars, Map<String, Classification> own) throws IOException {
        Map<String, Classification> table = null;
        for (Path f : files) {
            Path c = f.toAbsolutePath().getParent().resolve("classification.config");
            if (Files.isRegularFile(c)) {
                table = classifications(c);
                break;
            }
        }
        Map<String, Classification> all = new java.util.LinkedHashMap<>(table == null ? Map.of() : table);
        all.putAll(own);
        RuleLoader loader = new RuleLoader(new RuleParser(vars, table == null ? null : all.keySet()));
        loader.classes = all;
        return loader;
    }

    /** The entries of a {@code classification.config} ({@code config classification: name,description,priority}). */
    public static Map<String, Classification> classifications(Path file) throws IOException {
        Map<String, Classification> table = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String t = line.trim();
            if (!t.startsWith("config classification:")) continue;
            String[] f = t.substring("config classification:".length()).split(",");
            if (f.length < 2 || f[0].isBlank()) continue;
            int priority = 3;
            if (f.length >= 3) {
                try {
                    priority = Integer.parseInt(f[f.length - 1].trim());
                } catch (NumberFormatException e) {
                    priority = 3;
                }
            }
            String name = f[0].trim();
            table.put(name, new Classification(name, f[1].trim(), priority));
        }
        return table;
    }

    /** A rules file as given, or the {@code *.rules} files of a directory in name order. */
    public static List<Path> files(Path fileOrDirectory) throws IOException {
        if (Files.isDirectory(fileOrDirectory)) {
            try (java.util.stream.Stream<Path> s = Files.list(fileOrDirectory)) {
                return s.filter(f -> f.getFileName().toString().endsWith(".rules")).sorted().toList();
            }
        }
        if (Files.isRegularFile(fileOrDirectory)) return List.of(fileOrDirectory);
        throw new java.nio.file.NoSuchFileException(fileOrDirectory.toString());
    }

    public Result load(List<Path> files) throws IOException {
        return load(files, Map.of());
    }

    /**
     * The rules of {@code files} and of {@code texts} (rules made by Vigil itself, by a name for reports:
     * the honeytokens' rules), as one set: a sid given twice is reported once whichever source holds it.
     */
    public Result load(List<Path> files, Map<String, List<String>> texts) throws IOException {
        long t0 = System.nanoTime();
        List<Rule> rules = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<Long, Integer> bySid = new HashMap<>();
        Map<String, List<String>> sources = new java.util.LinkedHashMap<>();
        for (Path f : files) sources.put(f.toString(), Files.readAllLines(f, StandardCharsets.ISO_8859_1));
        sources.putAll(texts);
        for (Map.Entry<String, List<String>> source : sources.entrySet()) {
            String name = source.getKey();
            List<String> lines = source.getValue();
            Dialect dialect = forced != null ? forced : Dialect.of(lines);
            StringBuilder cur = new StringBuilder();
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (cur.isEmpty()) {
                    String t = line.trim();
                    if (t.isEmpty() || t.startsWith("#")) continue;
                    start = i + 1;
                }
                if (line.endsWith("\\") && cur.length() < MAX_RULE_CHARS) {
                    cur.append(line, 0, line.length() - 1);
                    continue;
                }
                cur.append(line);
                String text = cur.toString();
                cur.setLength(0);
                if (text.length() > MAX_RULE_CHARS) {
                    rejected.add(new Rejected(name, start, sidOf(text), null, "rule longer than " + MAX_RULE_CHARS + " characters"));
                    continue;
                }
                try {
                    Rule r = parser.parse(text, name, start, dialect);
                    long key = (long) r.gid() << 32 | r.sid();
                    Integer at = bySid.get(key);
                    if (at == null) {
                        bySid.put(key, rules.size());
                        rules.add(r);
                    } else {
                        Rule other = rules.get(at);
                        Rule drop = r.rev() > other.rev() ? other : r;
                        if (drop == other) rules.set(at, r);
                        rejected.add(new Rejected(drop.file(), drop.line(), drop.sid(), null,
                                "duplicate sid " + r.sid() + " (rev " + drop.rev() + "; rev " + Math.max(r.rev(), other.rev()) + " kept)"));
                    }
                } catch (RuleException e) {
                    rejected.add(new Rejected(name, start, sidOf(text), e.keyword(), e.getMessage()));
                } catch (RuntimeException e) {
                    // a parser bug must not stop the load: the rule is refused and says why
                    rejected.add(new Rejected(name, start, sidOf(text), null, "internal error: " + e));
                }
            }
            if (!cur.isEmpty()) rejected.add(new Rejected(name, start, sidOf(cur.toString()), null, "file ends inside a continued rule"));
        }
        return new Result(rules, rejected, sources.size(), System.nanoTime() - t0, classes);
    }

    static long sidOf(String text) {
        Matcher m = SID.matcher(text);
        long sid = 0;
        while (m.find()) {
            try {
                sid = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                sid = 0;
            }
        }
        return sid;
    }
}
