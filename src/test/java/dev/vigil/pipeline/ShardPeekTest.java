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
 * exactly one packet with a flow key, and the same flow hash and shard hash. Checked on every frame of the corpus.
 */
class ShardPeekTest {
    @Test
    void peekAgreesWithTheDecoderOnEveryCorpusFrame() throws IOException {
        long frames = 0, answered = 0, pairSharded = 0;
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
                    long peek = ShardPeek.peek(f);
                    boolean peeked = peek != ShardPeek.DECLINED;
                    int peekHash = ShardPeek.flowOf(peek);
                    assertThat(ShardPeek.hash(f)).isEqualTo(peeked ? peekHash & 0xFFFF_FFFFL : ShardPeek.DECLINED);
                    decoder.decode(f);
                    if (!peeked) continue;
                    answered++;
                    int keyed = 0, hash = 0, shard = 0;
                    for (int i = 0; i < decoder.leafCount(); i++) {
                        if (decoder.leaf(i).hasFlowKey) {
                            keyed++;
                            hash = FlowHash.of(decoder.leaf(i));
                            shard = FlowHash.shard(decoder.leaf(i), hash);
                            if (shard != hash) pairSharded++;
                        }
                    }
                    // the pre-pass routes by the shard hash, the owner indexes its table by the flow hash: both must agree
                    if (keyed != 1 || hash != peekHash || shard != ShardPeek.shardOf(peek)) disagreements.add(file.getFileName() + " frame " + f.number);
                }
            }
        }
        System.out.printf("shard peek: answered %,d of %,d corpus frames (%,d placed by host pair), %d disagreements%n",
                answered, frames, pairSharded, disagreements.size());
        assertThat(answered).isGreaterThan(frames / 2);
        assertThat(pairSharded).as("frames of FTP-like flows placed by host pair").isPositive();
        assertThat(disagreements).isEmpty();
    }
}
