package dev.vigil.applayer.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link FileMagic} gives Tika's answer: over every file Vigil extracts from the corpus, and over
 * synthetic files built from every signature of Vigil's table and from random bytes.
 */
class FileMagicAgreementTest {

    private record Seen(byte[] head, String name, String answer, boolean byTika) {}

    @Test
    void agreesWithTikaOnEveryFileTheCorpusYields() throws Exception {
        Map<String, Seen> unique = new LinkedHashMap<>();
        Map<String, Integer> why = new TreeMap<>();
        int[] files = {0};
        FileMagic.observer = (head, name, answer, byTika) -> {
            files[0]++;
            why.merge((byTika ? "Tika  " : "fast  ") + FileMagic.explain(head), 1, Integer::sum);
            unique.putIfAbsent(Arrays.hashCode(head) + "/" + head.length + "/" + name, new Seen(head, name, answer, byTika));
        };
        long t0 = FileMagic.TABLE.sum(), n0 = FileMagic.NO_SIGNATURE.sum(), k0 = FileMagic.TIKA.sum();
        long p0 = FileMagic.MAGIC_PASS.sum(), r0 = FileMagic.ROOT_BY_TIKA.sum();
        String only;
        try {
            // -Dvigil.filemagic.capture=F: only that capture (e.g. the bench's unit, to count its paths)
            only = System.getProperty("vigil.filemagic.capture");
            for (Path p : only != null ? List.of(Path.of(only)) : Corpus.allCaptures()) {
                CaptureFile cf;
                try {
                    cf = CaptureFile.open(p);
                } catch (Exception e) {
                    continue;
                }
                SensorConfig c = new SensorConfig();
                c.workers = 1;
                c.flow.midstream = true;
                try (cf; EveSink sink = new EveSink(OutputStream.nullOutputStream())) {
                    new Sensor(c).run(List.of(cf), sink, null);
                } catch (Exception e) {
                    // a capture the reader cannot walk yields no files; not this test's subject
                }
            }
        } finally {
            FileMagic.observer = null;
        }
        long table = FileMagic.TABLE.sum() - t0, none = FileMagic.NO_SIGNATURE.sum() - n0, tika = FileMagic.TIKA.sum() - k0;
        List<String> disagree = new ArrayList<>();
        Map<String, int[]> byType = new TreeMap<>();
        for (Seen s : unique.values()) {
            String expected = FileMagic.tika(s.head, s.name);
            byType.computeIfAbsent(expected, k -> new int[2])[0]++;
            if (!Objects.equals(expected, s.answer)) {
                disagree.add(s.name + " (" + s.head.length + " bytes): Vigil " + s.answer + ", Tika " + expected);
            } else {
                byType.get(expected)[1]++;
            }
        }
        long pass = FileMagic.MAGIC_PASS.sum() - p0, rootByTika = FileMagic.ROOT_BY_TIKA.sum() - r0;
        System.out.printf("file magic: %d files (%d distinct), answered by the table %d, no signature %d, candidate pass %d"
                + " (roots read by Tika's parser %d), Tika %d%n", files[0], unique.size(), table, none, pass, rootByTika, tika);
        // the root-element scanner, wherever it is sure, says what Tika's XML parser says, on every file
        int rootsSure = 0;
        List<String> rootDisagree = new ArrayList<>();
        for (Seen s : unique.values()) {
            XmlRoot.Root mine = XmlRoot.scan(s.head);
            if (mine == XmlRoot.UNSURE) continue;
            rootsSure++;
            javax.xml.namespace.QName q = new org.apache.tika.detect.XmlRootExtractor().extractRootElement(s.head);
            String theirs = q == null ? "none" : q.getNamespaceURI() + "|" + q.getLocalPart();
            String ours = mine == XmlRoot.NONE ? "none" : mine.namespace() + "|" + mine.local();
            if (!theirs.equals(ours)) rootDisagree.add(s.name + ": Vigil " + ours + ", Tika " + theirs + " " + hexOf(s.head, 48));
        }
        System.out.printf("xml root: sure on %d of %d distinct files, %d disagree%n", rootsSure, unique.size(), rootDisagree.size());
        rootDisagree.forEach(d -> System.out.println("  ROOT DISAGREE " + d));
        why.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.printf("  %4d %s%n", e.getValue(), e.getKey()));
        byType.forEach((t, c) -> System.out.printf("  %-70s %4d agree of %4d%n", t, c[1], c[0]));
        disagree.forEach(d -> System.out.println("  DISAGREE " + d));
        if (only != null) return;
        assertThat(unique).hasSizeGreaterThan(300);
        assertThat(disagree).isEmpty();
        assertThat(rootDisagree).isEmpty();
        // the point of the table: Tika's magic pass must not be what answers most files. Counted over
        // distinct files: one capture repeats the same HTML page about a thousand times, and HTML (whose
        // root element Tika inspects) is still Tika's
        long distinctByTika = unique.values().stream().filter(Seen::byTika).count();
        System.out.printf("distinct files answered by Tika: %d of %d%n", distinctByTika, unique.size());
        assertThat(distinctByTika).isLessThan(unique.size() * 2L / 5);
    }

    @Test
    void agreesWithTikaOnSyntheticFiles() {
        Random r = new Random(42);
        String[] prefixes = {
            "89504e470d0a1a0a", "ffd8ffe0", "474946383961", "52494646000000005745425056503820", "00000100",
            "255044462d312e34", "7b5c727466", "1f8b08", "fd377a585a00", "377abcaf271c", "52617221", "28b52ffd",
            "4d534346", "504b0304", "504b030414000600", "4d5a9000", "7f454c46020101", "cafebabe", "0061736d",
            "494433", "4f676753", "465753", "435753", "0000001866747970", "000000186d6f6f7600", "00010000",
            "425a6839", "d0cf11e0a1b11ae1", "3c68746d6c3e", "3c3f786d6c", "7b22", "2321", "", "efbbbf",
            "424d", "4d4d002a", "49492a00"};
        String[] names = {null, "a.bin", "x.docx", "x.jar", "x.js", "x.txt", "x.html", "x.exe", "/dir/y.png", "noext",
            "x.tar.gz", "x.xlsx", "x.css", "x.json", "x.apk", "x.mp4"};
        long t0 = FileMagic.TABLE.sum(), n0 = FileMagic.NO_SIGNATURE.sum(), k0 = FileMagic.TIKA.sum();
        int n = 0, differ = 0;
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            byte[] pre = unhex(prefixes[r.nextInt(prefixes.length)]);
            int len = pre.length + r.nextInt(r.nextBoolean() ? 64 : 3000);
            byte[] b = Arrays.copyOf(pre, len);
            boolean text = r.nextBoolean();
            for (int j = pre.length; j < len; j++) b[j] = (byte) (text ? 32 + r.nextInt(95) : r.nextInt(256));
            if (i % 7 == 0 && len > 300) System.arraycopy("ustar\0".getBytes(), 0, b, 257, 6);
            String name = names[r.nextInt(names.length)];
            String a = FileMagic.detect(b, name), t = FileMagic.tika(b, name);
            n++;
            if (!a.equals(t)) {
                differ++;
                if (bad.size() < 20) bad.add(name + " " + hexOf(b, 16) + ": Vigil " + a + ", Tika " + t);
            }
        }
        bad.forEach(x -> System.out.println("  DISAGREE " + x));
        System.out.printf("synthetic: %d files, %d differ; answered by the table %d, no signature %d, Tika %d%n", n, differ,
                FileMagic.TABLE.sum() - t0, FileMagic.NO_SIGNATURE.sum() - n0, FileMagic.TIKA.sum() - k0);
        assertThat(bad).isEmpty();
    }

    private static byte[] unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    private static String hexOf(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(max, b.length); i++) sb.append(String.format("%02x", b[i]));
        return sb.toString();
    }
}
