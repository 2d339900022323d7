package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every capture of the corpus must yield as many records as Wireshark's capinfos counts. Where
 * libwiretap itself fails on a file, the MANIFEST's {@code packets} column (taken from the records
 * read before the error, or from tcpdump) is the reference, and the reader must report a problem.
 */
class CorpusCountTest {

    /**
     * Files where we deliberately differ from the MANIFEST, with our count and the reason. Each must
     * still produce exactly that count, so a change in behaviour shows up here.
     */
    private static final Map<String, Known> KNOWN_DIFFERENCES = Map.of(
            "malformed/sv-fuzz.pcap", new Known(1,
                    "record 2 claims a 1,409,179,648-byte caplen; libpcap/tcpdump stop there after 1 record as we do,"
                    + " while libwiretap, seeing a bad record, guesses the 24-byte-header 'Red Hat 6.1' pcap variant"
                    + " and reads one more bogus 1-byte record before failing"));

    record Known(long count, String why) {}

    /** capinfos names a file it could not read to the end in lines like: The file "F" appears to ... */
    private static final Pattern CAPINFOS_ERROR = Pattern.compile("The file \"([^\"]+)\" (?:appears|contains)");

    /** "2 (then read error)", "0 (unreadable)", "1 (via tcpdump)" or a plain number. */
    private static final Pattern MANIFEST_COUNT = Pattern.compile("(\\d+)(?: \\((.*)\\))?");

    @Test
    void recordCountsAgreeWithCapinfos() throws Exception {
        Tools.require("capinfos");
        List<Path> files = Corpus.allCaptures();
        Set<Path> capinfosFailed = new HashSet<>();
        Map<Path, Long> capinfos = capinfosCounts(files, capinfosFailed);
        Map<Path, String> manifest = manifestCounts();

        int withCapinfos = 0, agreeCapinfos = 0, withManifest = 0, agreeManifest = 0, explained = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path file : files) {
            Read ours = read(file);
            Known known = KNOWN_DIFFERENCES.get(rel(file));
            if (known != null) {
                if (ours.count == known.count && !ours.problems.isEmpty()) {
                    explained++;
                    System.out.println("  EXPLAINED " + rel(file) + ": " + ours.count + " records; " + known.why);
                } else {
                    disagreements.add(rel(file) + ": ours " + ours + ", expected " + known.count + " (" + known.why + ")");
                }
                continue;
            }
            Long reference = capinfos.get(file);
            if (reference != null) {
                withCapinfos++;
                if (ours.count != reference) {
                    disagreements.add(rel(file) + ": ours " + ours + ", capinfos " + reference);
                } else if (capinfosFailed.contains(file) && ours.problems.isEmpty()) {
                    disagreements.add(rel(file) + ": capinfos reports damage after " + reference + " records, we report none");
                } else {
                    agreeCapinfos++;
                    if (!capinfosFailed.contains(file) && !ours.problems.isEmpty()) {
                        System.out.println("  NOTE " + rel(file) + ": we report " + ours.problems + " where capinfos is silent");
                    }
                }
                continue;
            }
            // capinfos printed no row: libwiretap refused the file or failed part-way
            withManifest++;
            String cell = manifest.get(file);
            Matcher m = MANIFEST_COUNT.matcher(cell == null ? "" : cell);
            if (!m.matches()) {
                disagreements.add(rel(file) + ": no capinfos row and no usable MANIFEST count '" + cell + "'");
                continue;
            }
            long expected = Long.parseLong(m.group(1));
            String note = m.group(2);
            boolean ok;
            if ("unreadable".equals(note)) {
                // refusing the file, or reading nothing and saying why, are both faithful
                ok = ours.refused != null || (ours.count == 0 && !ours.problems.isEmpty());
            } else if ("then read error".equals(note)) {
                ok = ours.count == expected && !ours.problems.isEmpty();
            } else {
                ok = ours.count == expected;
            }
            if (ok) agreeManifest++;
            else disagreements.add(rel(file) + ": ours " + ours + ", MANIFEST '" + cell + "'");
        }
        System.out.printf("capture record counts: %d files; %d/%d agree with capinfos; %d/%d without a capinfos count"
                        + " agree with the MANIFEST; %d explained differences; %d disagreements; capinfos flagged damage in %d files%n",
                files.size(), agreeCapinfos, withCapinfos, agreeManifest, withManifest, explained, disagreements.size(),
                capinfosFailed.size());
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
    }

    record Read(long count, List<String> problems, String refused) {
        @Override
        public String toString() {
            return refused != null ? "refused (" + refused + ")" : count + " records" + (problems.isEmpty() ? "" : " " + problems);
        }
    }

    static Read read(Path file) {
        try (CaptureFile cf = CaptureFile.open(file); PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            long n = 0;
            while (src.next(f)) n++;
            return new Read(n, List.copyOf(src.problems()), null);
        } catch (IOException e) {
            return new Read(0, List.of(), e.getMessage());
        }
    }

    /** Runs capinfos over the files in batches; a file it cannot finish gets no row. */
    private static Map<Path, Long> capinfosCounts(List<Path> files, Set<Path> failed) throws IOException, InterruptedException {
        Map<Path, Long> out = new HashMap<>();
        Path stderr = Files.createTempFile("vigil-capinfos-", ".err");
        try {
            for (int i = 0; i < files.size(); i += 100) {
                List<String> cmd = new ArrayList<>(List.of("capinfos", "-T", "-r", "-c", "-M"));
                for (Path p : files.subList(i, Math.min(files.size(), i + 100))) cmd.add(p.toString());
                Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
                String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("capinfos timed out");
                }
                for (String line : stdout.split("\n")) {
                    String[] cols = line.split("\t");
                    if (cols.length == 2 && cols[1].matches("\\d+")) out.put(Path.of(cols[0]), Long.parseLong(cols[1]));
                }
                Matcher m = CAPINFOS_ERROR.matcher(Files.readString(stderr));
                while (m.find()) failed.add(Path.of(m.group(1)));
            }
        } finally {
            Files.deleteIfExists(stderr);
        }
        return out;
    }

    private static Map<Path, String> manifestCounts() throws IOException {
        Map<Path, String> out = new HashMap<>();
        Path dir = Corpus.pcapDir();
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        List<String> header = List.of(lines.getFirst().split("\t"));
        int path = header.indexOf("path"), packets = header.indexOf("packets");
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            out.put(dir.resolve(cols[path]), cols[packets]);
        }
        return out;
    }

    private static String rel(Path file) {
        return Corpus.pcapDir().relativize(file).toString();
    }
}
