package dev.vigil.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Both MITRE ATT&CK v18.1 bundles stream completely, with the published per-type counts; their issues are summarised. */
class AttackBundleTest {
    private static Path attack() {
        return Corpus.root().resolve("intel/attack");
    }

    /** The per-type object counts of one bundle section in COUNTS.txt. */
    static Map<String, Integer> expectedCounts(String bundleName) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        boolean in = false;
        Pattern line = Pattern.compile("  ([a-z0-9-]+): (\\d+)");
        for (String l : Files.readAllLines(attack().resolve("COUNTS.txt"))) {
            if (l.startsWith("== ")) {
                in = l.startsWith("== " + bundleName);
                continue;
            }
            Matcher m = line.matcher(l);
            if (in && m.matches()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    private record Summary(Map<String, Integer> byType, Map<String, Integer> issues, long objects, long invalid,
                           java.util.Set<String> errorPaths, long nanos) {}

    private static Summary streamAndValidate(Path file) throws IOException {
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> issues = new TreeMap<>();
        long[] invalid = {0};
        java.util.Set<String> errorPaths = new java.util.TreeSet<>();
        StixValidator v = new StixValidator();
        long t0 = System.nanoTime();
        BundleReader.Result r;
        try (InputStream in = Files.newInputStream(file)) {
            r = new BundleReader().read(in, o -> {
                byType.merge(o.type(), 1, Integer::sum);
                List<StixIssue> found = v.validate(o);
                if (StixValidator.hasErrors(found)) invalid[0]++;
                for (StixIssue i : found) {
                    issues.merge(i.level() + " " + i.check(), 1, Integer::sum);
                    if (i.level() == StixIssue.Level.ERROR) {
                        errorPaths.add(o.type() + " " + i.check() + " " + i.path());
                        System.out.println("  " + o.id() + ": " + i);
                    }
                }
            });
        }
        long nanos = System.nanoTime() - t0;
        assertThat(r.skipped()).isZero();
        return new Summary(byType, issues, r.delivered(), invalid[0], errorPaths, nanos);
    }

    private static void print(String name, Summary s) {
        System.out.printf("%s: %d objects streamed and validated in %.2f s, %d with errors%n", name, s.objects(), s.nanos() / 1e9, s.invalid());
        s.issues().forEach((k, c) -> System.out.println("  " + k + ": " + c));
    }

    @Test
    void enterpriseBundleStreamsCompletelyWithThePublishedCounts() throws IOException {
        Summary s = streamAndValidate(attack().resolve("enterprise-attack-18.1.stix21.reconstructed.json.gz"));
        print("enterprise-attack-18.1", s);
        assertThat(s.byType()).isEqualTo(expectedCounts("enterprise-attack-18.1.json"));
        assertThat(s.objects()).isEqualTo(24_771);
        // Custom x-mitre types and x_mitre_ properties are only warnings, including the one real data fault:
        // data components whose x_mitre_data_source_ref is "" (a producer's own reference property; refusing
        // the object for it would lose the rest of it)
        assertThat(s.errorPaths()).isEmpty();
        assertThat(s.invalid()).isZero();
        assertThat(s.issues()).containsEntry("WARNING references", 7);
    }

    @Test
    void icsBundleStreamsCompletelyWithThePublishedCounts() throws IOException {
        Summary s = streamAndValidate(attack().resolve("ics-attack-18.1.json.gz"));
        print("ics-attack-18.1", s);
        assertThat(s.byType()).isEqualTo(expectedCounts("ics-attack-18.1.json"));
        assertThat(s.objects()).isEqualTo(1_826);
        assertThat(s.errorPaths()).isEmpty();
        assertThat(s.invalid()).isZero();
        assertThat(s.issues()).containsEntry("WARNING references", 5);
    }

    /**
     * The honest memory check: a child JVM with a 64 MiB heap streams and validates the 46 MB bundle (whose tree
     * would need several hundred MB). It must finish with the right count, and the heap in use after GC must stay
     * far below the bundle's size.
     */
    @Test
    void enterpriseBundleStreamsInA64MbHeap() throws Exception {
        Path file = attack().resolve("enterprise-attack-18.1.stix21.reconstructed.json.gz");
        long jsonSize;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            jsonSize = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AttackStreamMain.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        System.out.println("child JVM (-Xmx64m):\n" + out);
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, Long> values = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (String l : out.split("\n")) {
            String[] f = l.trim().split(" ");
            if (f.length == 3 && f[0].equals("count")) counts.put(f[1], Integer.parseInt(f[2]));
            else if (f.length == 2) values.put(f[0], Long.parseLong(f[1]));
        }
        assertThat(counts).isEqualTo(expectedCounts("enterprise-attack-18.1.json"));
        assertThat(values.get("objects")).isEqualTo(24_771L);
        long peak = values.get("peak-used-after-gc");
        System.out.printf("bundle JSON %d bytes; peak heap in use after GC while streaming %d bytes (%.1f%%)%n", jsonSize, peak, 100.0 * peak / jsonSize);
        assertThat(peak).isPositive().isLessThan(jsonSize / 4);
    }
}
