package dev.vigil.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static byte[] line(int n) {
        return ("{\"event_type\":\"test\",\"n\":" + n + ",\"pad\":\"" + "x".repeat(n % 50) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bySizeEveryRecordIsKeptWholeInExactlyOneFile() throws IOException {
        AtomicLong now = new AtomicLong(1_790_000_000_000L);
        Path eve = dir.resolve("eve.json");
        try (EveSink sink = new EveSink(new RotatingFile(eve, new RotatingFile.Policy(10_000, 0, 0), now::get))) {
            // batches of 1 to 7 records, as workers hand them over
            int n = 0;
            while (n < 3000) {
                int batch = 1 + n % 7;
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < batch && n < 3000; i++) b.write(line(n++), 0, line(n - 1).length);
                sink.write(b.toByteArray(), 0, b.size(), batch);
                now.addAndGet(1000);
            }
        }
        List<Path> all = files();
        assertThat(all.size()).as("rotated by size").isGreaterThan(10);
        List<Integer> seen = new ArrayList<>();
        for (Path p : all) {
            if (!p.equals(eve)) assertThat(Files.size(p)).as("a rotated file is about the size cap").isBetween(10_000L, 10_000L + 7 * 200);
            for (String l : Files.readAllLines(p)) {
                assertThat(l).startsWith("{").endsWith("}");
                seen.add(Integer.parseInt(l.replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
        }
        seen.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) expected.add(i);
        assertThat(seen).isEqualTo(expected);
        // rotated files sort by name in the order they were written
        List<Path> rotated = all.stream().filter(p -> !p.equals(eve)).toList();
        int last = -1;
        for (Path p : rotated) {
            int first = Integer.parseInt(Files.readAllLines(p).getFirst().replaceAll(".*\"n\":(\\d+).*", "$1"));
            assertThat(first).isGreaterThan(last);
            last = first;
        }
    }

    @Test
    void byAgeOnFlushAndOnlyTheNewestKept() throws IOException {
        AtomicLong now = new AtomicLong(1_790_000_000_000L);
        Path eve = dir.resolve("eve.json");
        try (EveSink sink = new EveSink(new RotatingFile(eve, new RotatingFile.Policy(0, 60_000, 3), now::get))) {
            for (int minute = 0; minute < 6; minute++) {
                byte[] l = line(minute);
                sink.write(l, 0, l.length, 1);
                now.addAndGet(30_000);
                sink.flush();
                assertThat(files()).as("not due yet at minute %d and a half", minute).contains(eve);
                now.addAndGet(30_000);
                // a quiet sensor's flush is what turns the file over
                sink.flush();
            }
            // an empty file is never rotated
            now.addAndGet(120_000);
            sink.flush();
        }
        List<Path> all = files();
        assertThat(all).contains(eve);
        assertThat(Files.size(eve)).isZero();
        List<Path> rotated = all.stream().filter(p -> !p.equals(eve)).toList();
        assertThat(rotated).as("the three newest of six").hasSize(3);
        assertThat(rotated.getFirst().getFileName().toString()).startsWith("eve.json.20");
        assertThat(Files.readString(rotated.getFirst())).contains("\"n\":3,");
        assertThat(Files.readString(rotated.getLast())).contains("\"n\":5,");
    }
}
