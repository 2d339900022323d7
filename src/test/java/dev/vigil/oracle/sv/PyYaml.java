package dev.vigil.oracle.sv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * test.yaml loaded the way suricata-verify loads it: PyYAML {@code safe_load}, i.e. YAML 1.1 plain
 * scalar resolution, and duplicate keys rejected.
 *
 * <p>SnakeYAML (already on the classpath through jackson-dataformat-yaml) is a YAML 1.1 engine derived
 * from PyYAML, but its implicit float pattern is looser ({@code 1e5} and {@code 1.0e5} become floats,
 * PyYAML keeps them strings because it wants a dot and a signed exponent). This resolver registers
 * PyYAML's own patterns, in PyYAML's order: bool ({@code yes/no/on/off/true/false} in three casings),
 * float, int (binary, octal {@code 012}, decimal, hex, sexagesimal {@code 1:30}), merge, null
 * ({@code ~}, {@code null}, empty), timestamp. Values therefore come out as Boolean, Integer/Long/
 * BigInteger, Double, String, null, java.util.Date, List and Map, matching PyYAML's bool, int, float,
 * str, None, datetime, list and dict. Jackson's own YAML parser is not used: it resolves scalars with
 * YAML 1.2-like rules (only true/false are booleans).
 */
public final class PyYaml {
    private PyYaml() {}

    static final class PyYamlResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile(
                    "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"), "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                            + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                            + "|[-+]?\\.(?:inf|Inf|INF)"
                            + "|\\.(?:nan|NaN|NAN))$"), "-+0123456789.", 1024);
            addImplicitResolver(Tag.INT, Pattern.compile(
                    "^(?:[-+]?0b[0-1_]+"
                            + "|[-+]?0[0-7_]+"
                            + "|[-+]?(?:0|[1-9][0-9_]*)"
                            + "|[-+]?0x[0-9a-fA-F_]+"
                            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"), "-+0123456789", 1024);
            addImplicitResolver(Tag.MERGE, Pattern.compile("^(?:<<)$"), "<", 10);
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL|)$"), "~nN\0", 10);
            addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null, 10);
            addImplicitResolver(Tag.TIMESTAMP, Pattern.compile(
                    "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                            + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
                            + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                            + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"), "0123456789", 1024);
        }
    }

    static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(1000);
        return new Yaml(new SafeConstructor(lo), new Representer(new DumperOptions()), new DumperOptions(), lo,
                new PyYamlResolver());
    }

    public static Object load(String text) {
        return yaml().load(text);
    }

    public static Object load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return yaml().load(r);
        }
    }
}
