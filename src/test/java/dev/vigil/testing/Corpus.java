package dev.vigil.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared third-party corpus: {@code $VIGIL_CORPUS}, else the nearest {@code shared/corpus} above
 * the working directory. Absent corpus: the test is skipped with a loud message on a developer
 * machine, and fails under CI ({@code CI=true}), where it must always be present.
 */
public final class Corpus {
    private Corpus() {}

    public static Path root() {
        Path found = locate();
        if (found == null) {
            String msg = "CORPUS MISSING: set VIGIL_CORPUS or place shared/corpus above the project";
            System.err.println("*** " + msg + " ***");
            if (Ci.active()) throw new AssertionError(msg);
            assumeTrue(false, msg);
        }
        return found;
    }

    private static Path locate() {
        String env = System.getenv("VIGIL_CORPUS");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) return Path.of(env);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path c = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(c)) return c;
            dir = dir.getParent();
        }
        return null;
    }

    public static Path pcapDir() {
        return root().resolve("pcap");
    }

    public static Path file(String relativeToPcap) {
        return pcapDir().resolve(relativeToPcap);
    }

    /** Every capture listed in the pcap MANIFEST.tsv, in manifest order. */
    public static List<Path> allCaptures() {
        Path dir = pcapDir();
        List<Path> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(dir.resolve("MANIFEST.tsv"))) {
            lines.skip(1).map(l -> l.split("\t", 2)[0]).filter(s -> !s.isBlank()).forEach(s -> out.add(dir.resolve(s)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Path suricataVerify() {
        return root().resolve("suricata-verify");
    }
}
