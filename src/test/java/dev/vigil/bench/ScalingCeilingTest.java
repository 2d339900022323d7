package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ceiling's "split" runs are only fair if the two halves hold exactly the capture's records, once each. */
class ScalingCeilingTest {
    @Test
    void halvesHoldEveryRecordOnceInOrder(@TempDir Path dir) throws Exception {
        Path capture = Corpus.file("realistic/sv-smb2-async-read.pcap");
        List<String> original = records(capture);
        assertThat(original.size()).isGreaterThan(3);
        try (CaptureFile f = CaptureFile.open(capture)) {
            Path[] halves = ScalingCeiling.splitInHalves(f, dir);
            List<String> first = records(halves[0]), second = records(halves[1]);
            assertThat(first).hasSize(original.size() / 2);
            List<String> joined = new ArrayList<>(first);
            joined.addAll(second);
            assertThat(joined).isEqualTo(original);
        }
    }

    /** Each record as time, lengths, link type and bytes, so a shifted or torn record would differ. */
    private static List<String> records(Path p) throws Exception {
        List<String> out = new ArrayList<>();
        try (CaptureFile f = CaptureFile.open(p); PacketSource src = f.cursor()) {
            Frame fr = new Frame();
            while (src.next(fr)) {
                byte[] b = fr.data.asSlice(fr.offset, fr.capLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                out.add(fr.tsNanos + "/" + fr.capLen + "/" + fr.wireLen + "/" + fr.linkType + "/" + java.util.HexFormat.of().formatHex(b));
            }
            assertThat(src.problems()).isEmpty();
        }
        return out;
    }
}
