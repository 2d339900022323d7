package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TCP dispatch step (other workers skip a plain TCP frame undecoded) must predict the decoder
 * exactly: over every classic pcap of the corpus, two workers find no frame whose decoding disagrees
 * with the prediction, and write the same records as one worker.
 */
class TcpDispatchTest {

    @Test
    void dispatchAgreesWithTheDecoderAndTwoWorkersWriteWhatOneWrites() throws IOException {
        long frames = 0, files = 0;
        List<String> differing = new ArrayList<>();
        for (Path p : Corpus.allCaptures()) {
            CaptureFile cf;
            try {
                cf = CaptureFile.open(p);
            } catch (IOException e) {
                continue; // not a capture the readers take (yet)
            }
            try (cf) {
                if (cf.format() != CaptureFile.Format.PCAP) continue;
                Run one = run(cf, 1), two = run(cf, 2);
                assertThat(two.summary.stats().dispatchMismatches).as("dispatch mismatches in %s", p).isZero();
                if (!one.records.equals(two.records)) differing.add(p.toString());
                frames += one.summary.packets();
                files++;
            }
        }
        assertThat(differing).as("captures whose records depend on the number of workers").isEmpty();
        assertThat(files).isPositive();
        assertThat(frames).isPositive();
    }

    private record Run(Summary summary, List<String> records) {}

    private static Run run(CaptureFile cf, int workers) throws IOException {
        SensorConfig config = new SensorConfig();
        config.workers = workers;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Summary s;
        try (EveSink sink = new EveSink(out)) {
            s = new Sensor(config).run(List.of(cf), sink, null);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n")));
        lines.removeIf(l -> l.contains("\"event_type\":\"stats\""));
        lines.sort(null);
        return new Run(s, lines);
    }
}
