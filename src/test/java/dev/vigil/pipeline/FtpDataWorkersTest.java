package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.flow.ShardPeek;
import dev.vigil.output.EveSink;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An FTP session's control and data connections have different 5-tuples; the data connections are
 * linked to the control one inside one worker (its expectation table), so both must land on the same
 * worker whatever the worker count. The FTP captures give the same records (ftp_data, fileinfo,
 * parent_id included) with 1, 2 and 3 workers, also with pcap chunks small enough that every chunk
 * boundary falls inside the sessions; and under per-5-tuple placement some of these sessions would have
 * been split between workers, so the equality is not luck.
 */
class FtpDataWorkersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[][] RUNS = {{1, 0}, {2, 0}, {3, 0}, {2, 333}, {3, 4096}};

    @Test
    void ftpSessionsGiveTheSameRecordsWhateverTheWorkerCount() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpus.pcapDir().resolve("ftp"))) {
            files = new ArrayList<>(s.sorted().toList());
        }
        files.add(Corpus.file("realistic/zeek-var-services-std-ports.pcap"));
        List<String> failures = new ArrayList<>();
        int ftpData = 0, fileinfo = 0, splitUnderFiveTuple = 0;
        for (Path file : files) {
            try (CaptureFile cf = CaptureFile.open(file)) {
                Map<String, Integer> reference = null;
                for (int[] run : RUNS) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (EveSink sink = new EveSink(out)) {
                        SensorConfig cfg = new SensorConfig();
                        cfg.workers = run[0];
                        if (run[1] > 0) cfg.chunkBytes = run[1];
                        new Sensor(cfg).run(List.of(cf), sink, null);
                    }
                    Map<String, Integer> records = recordSet(out);
                    if (reference == null) {
                        reference = records;
                        for (var e : records.entrySet()) {
                            if (e.getKey().contains("\"event_type\":\"ftp_data\"")) ftpData += e.getValue();
                            if (e.getKey().contains("\"app_proto\":\"ftp-data\"") && e.getKey().contains("\"event_type\":\"fileinfo\"")) fileinfo += e.getValue();
                        }
                    } else if (!reference.equals(records)) {
                        Set<String> only1 = new HashSet<>(reference.keySet());
                        only1.removeAll(records.keySet());
                        failures.add(file.getFileName() + ": workers=" + run[0] + " chunk=" + run[1] + " differs from 1 worker, e.g. "
                                + only1.stream().findFirst().orElse("(counts)"));
                    }
                }
                if (splitsAHostPair(cf)) splitUnderFiveTuple++;
            }
        }
        System.out.printf("ftp worker-count equality: %d captures, %d ftp_data and %d ftp-data fileinfo records, %d captures"
                + " whose FTP host pairs per-5-tuple placement would split%n", files.size(), ftpData, fileinfo, splitUnderFiveTuple);
        failures.forEach(f -> System.out.println("  " + f));
        assertThat(failures).isEmpty();
        assertThat(ftpData).isGreaterThanOrEqualTo(10);
        assertThat(fileinfo).isGreaterThanOrEqualTo(5);
        assertThat(splitUnderFiveTuple).as("captures where the flows of one FTP host pair have different 5-tuple owners").isPositive();
    }

    /** True when the frames placed by host pair include flows that per-5-tuple placement would give to different workers. */
    private static boolean splitsAHostPair(CaptureFile cf) throws IOException {
        Map<Integer, Set<Integer>> owners2 = new HashMap<>(), owners3 = new HashMap<>();
        Frame f = new Frame();
        try (PacketSource src = cf.cursor()) {
            while (src.next(f)) {
                long peek = ShardPeek.peek(f);
                if (peek == ShardPeek.DECLINED || ShardPeek.shardOf(peek) == ShardPeek.flowOf(peek)) continue;
                int pair = ShardPeek.shardOf(peek), flow = ShardPeek.flowOf(peek);
                owners2.computeIfAbsent(pair, k -> new HashSet<>()).add(Worker.owner(flow, 2));
                owners3.computeIfAbsent(pair, k -> new HashSet<>()).add(Worker.owner(flow, 3));
            }
        }
        return Stream.concat(owners2.values().stream(), owners3.values().stream()).anyMatch(s -> s.size() > 1);
    }

    private static Map<String, Integer> recordSet(ByteArrayOutputStream out) throws IOException {
        return CorpusRunTest.recordSet(out);
    }
}
