package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.decode.Decoder;
import dev.vigil.flow.ShardPeek;
import dev.vigil.flow.FlowHash;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workers trust the peek to skip frames, so wherever it answers it must agree with the full decoder:
 * exactly one packet with a flow key, and the same flow hash. Checked on every frame of the corpus.
 */
class ShardPeekTest {
    @Test
    void peekAgreesWithTheDecoderOnEveryCorpusFrame() throws IOException {
        long frames = 0, answered = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path file : Corpus.allCaptures()) {
            CaptureFile cf;
            try {
                cf = CaptureFile.open(file);
            } catch (IOException e) {
                continue;
            }
            try (cf; PacketSource src = cf.cursor()) {
                Decoder decoder = new Decoder();
                Frame f = new Frame();
                while (src.next(f)) {
                    frames++;
                    long peek = ShardPeek.hash(f);
                    boolean peeked = peek != ShardPeek.DECLINED;
                    int peekHash = (int) peek;
                    decoder.decode(f);
                    if (!peeked) continue;
                    answered++;
                    int keyed = 0, hash = 0;
                    for (int i = 0; i < decoder.leafCount(); i++) {
                        if (decoder.leaf(i).hasFlowKey) {
                            keyed++;
                            hash = FlowHash.of(decoder.leaf(i));
                        }
                    }
                    if (keyed != 1 || hash != peekHash) disagreements.add(file.getFileName() + " frame " + f.number);
                }
            }
        }
        System.out.printf("shard peek: answered %,d of %,d corpus frames, %d disagreements%n", answered, frames, disagreements.size());
        assertThat(answered).isGreaterThan(frames / 2);
        assertThat(disagreements).isEmpty();
    }
}
