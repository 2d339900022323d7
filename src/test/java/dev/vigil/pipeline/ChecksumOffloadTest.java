package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checksum offloading is told from a capture's own checksums, with tshark's checksum verdicts as the
 * oracle: all wrong (captured on the sending host) is offloaded, all right is not, and a capture where
 * only one side's packets are wrong (half of them here) is offloaded too, as with Suricata's 10% rule.
 */
class ChecksumOffloadTest {

    static long tsharkCount(Path f, String status) {
        return Tools.run(60, "tshark", "-r", f.toString(), "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", "tcp.checksum.status==" + status + " || udp.checksum.status==" + status).lines().size();
    }

    static boolean detected(String rel) throws IOException {
        try (CaptureFile f = CaptureFile.open(Corpus.file(rel))) {
            return ChecksumOffload.detected(f);
        }
    }

    @Test
    void capturesWithWrongChecksumsAreSeenAsOffloaded() throws IOException {
        Tools.require("tshark");
        String bad = "http/arkime-http-content-gzip.pcap", good = "tcp/arkime-wireshark-retrans.pcap", half = "tcp/sv-http-start-from-response.pcap";
        assertThat(tsharkCount(Corpus.file(bad), "1")).as("tshark: good checksums in " + bad).isZero();
        assertThat(tsharkCount(Corpus.file(good), "0")).as("tshark: bad checksums in " + good).isZero();
        assertThat(tsharkCount(Corpus.file(half), "0")).as("tshark: bad checksums in " + half).isPositive();
        assertThat(detected(bad)).isTrue();
        assertThat(detected(good)).isFalse();
        assertThat(detected(half)).isTrue();
    }

    @Test
    void offloadedCaptureIsReassembledAndParsedLikeAnyOther() throws IOException {
        SensorConfig auto = new SensorConfig();
        auto.workers = 1;
        SensorConfig all = new SensorConfig();
        all.workers = 1;
        all.checksumAuto = false;
        Path f = Corpus.file("http/arkime-http-content-gzip.pcap");
        Summary a, b;
        try (CaptureFile cf = CaptureFile.open(f); var sink = new dev.vigil.output.EveSink(java.io.OutputStream.nullOutputStream())) {
            a = new Sensor(auto).run(java.util.List.of(cf), sink, null);
        }
        try (CaptureFile cf = CaptureFile.open(f); var sink = new dev.vigil.output.EveSink(java.io.OutputStream.nullOutputStream())) {
            b = new Sensor(all).run(java.util.List.of(cf), sink, null);
        }
        // with -k all every TCP packet is refused by the stream stage; with auto none is
        assertThat(b.stats().counters().get("tcp.invalid_checksum")).isEqualTo(b.packets());
        assertThat(a.stats().counters().get("tcp.invalid_checksum")).isZero();
        assertThat(a.stats().counters().get("app_layer.flow.failed") + a.stats().counters().getOrDefault("app_layer.flow.http", 0L))
                .as("the flow reached the app-layer").isEqualTo(1);
        assertThat(b.stats().counters().get("app_layer.flow.failed") + b.stats().counters().getOrDefault("app_layer.flow.http", 0L)).isZero();
    }
}
