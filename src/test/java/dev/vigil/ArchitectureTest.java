package dev.vigil;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction of DESIGN.md: a package may only use the packages listed for it. */
class ArchitectureTest {
    private static JavaClasses classes;

    /** package -> packages it may depend on (besides itself and the JDK/libraries). */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("capture", List.of()),
            Map.entry("decode", List.of("capture")),
            Map.entry("flow", List.of("decode", "capture")),
            Map.entry("stream", List.of("flow", "decode", "capture")),
            Map.entry("applayer", List.of("stream", "flow", "decode", "capture")),
            Map.entry("detect", List.of("applayer", "stream", "flow", "decode", "capture")),
            Map.entry("output", List.of("detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("pipeline", List.of("output", "detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("ledger", List.of("output", "detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("store", List.of("output", "detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("intel", List.of("store", "output", "detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("deception", List.of("intel", "store", "output", "detect", "applayer", "stream", "flow", "decode", "capture")),
            Map.entry("scenario", List.of("capture", "decode")));

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vigil");
    }

    @Test
    void packagesDependOnlyOnThoseBelowThem() {
        for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
            String pkg = e.getKey();
            List<String> forbidden = ALLOWED.keySet().stream()
                    .filter(other -> !other.equals(pkg) && !e.getValue().contains(other))
                    .map(other -> "dev.vigil." + other + "..")
                    .toList();
            forbidden = new java.util.ArrayList<>(forbidden);
            for (String top : List.of("cli", "console", "hub")) forbidden.add("dev.vigil." + top + "..");
            noClasses().that().resideInAPackage("dev.vigil." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void noCycles() {
        slices().matching("dev.vigil.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }
}
