package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.output.EveSink;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole corpus through the pipeline: nothing escapes, every record the reader yields is counted
 * exactly once, and the set of EVE records and the reported problems are the same for 1, 2 and 3
 * workers. Besides the default chunk size, pcap files are also split into tiny chunks (a few hundred
 * bytes to a few KB), so that most chunk starts fall inside records and the resync, its verification
 * and the re-reading of wrongly guessed chunks run on every capture of the corpus.
 */
class CorpusRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Worker count and pcap chunk size (0: the default) of each run; the first run is the reference. */
    private static final int[][] RUNS = {{1, 0}, {2, 0}, {3, 0}, {2, 333}, {3, 4096}};

    @Test
    void everyCaptureRunsAndCountsEveryPacketOnceWhateverTheWorkerCount() throws Exception {
        List<Path> files = Corpus.allCaptures();
        assertThat(files).hasSizeGreaterThan(900);
        int runs = 0, unreadable = 0, differing = 0;
        long packets = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            CaptureFile cf;
            try {
                cf = CaptureFile.open(file);
            } catch (IOException e) {
                unreadable++; // not a capture at all (header-level invalid): reported and skipped by the CLI
                continue;
            }
            try (cf) {
                long expected = countRecords(cf);
                Map<String, Integer> reference = null;
                List<String> referenceProblems = null;
                for (int[] run : RUNS) {
                    int workers = run[0];
                    String what = "workers=" + workers + (run[1] > 0 ? " chunk=" + run[1] : "");
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    Summary s;
                    try (EveSink sink = new EveSink(out)) {
                        SensorConfig cfg = new SensorConfig();
                        cfg.workers = workers;
                        if (run[1] > 0) cfg.chunkBytes = run[1];
                        s = new Sensor(cfg).run(List.of(cf), sink, null);
                    }
                    runs++;
                    if (s.internalErrors() != 0) failures.add(file + " " + what + ": " + s.internalErrors() + " internal errors");
                    if (s.packets() != expected) failures.add(file + " " + what + ": counted " + s.packets() + " of " + expected + " packets");
                    Map<String, Integer> records = recordSet(out);
                    if (reference == null) {
                        reference = records;
                        referenceProblems = s.problems();
                        packets += s.packets();
                    } else if (!reference.equals(records)) {
                        differing++;
                        failures.add(file + ": records with " + what + " differ from 1 worker");
                    } else if (!referenceProblems.equals(s.problems())) {
                        failures.add(file + ": problems with " + what + " differ from 1 worker: " + s.problems() + " vs " + referenceProblems);
                    }
                }
            }
        }
        System.out.printf("corpus run: %d files, %d runs, %,d packets, %d not captures, %d differing record sets%n",
                files.size(), runs, packets, unreadable, differing);
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));
        assertThat(failures).isEmpty();
    }

    private static long countRecords(CaptureFile cf) throws IOException {
        long n = 0;
        Frame f = new Frame();
        try (PacketSource src = cf.cursor()) {
            while (src.next(f)) n++;
        }
        return n;
    }

    /** Multiset of records, with the run-dependent stats uptime removed. */
    static Map<String, Integer> recordSet(ByteArrayOutputStream out) throws IOException {
        Map<String, Integer> m = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) continue;
            JsonNode n = JSON.readTree(line);
            if (n.has("stats")) ((ObjectNode) n.get("stats")).remove("uptime");
            m.merge(n.toString(), 1, Integer::sum);
        }
        return m;
    }
}
