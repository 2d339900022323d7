package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Defragmenter;
import dev.vigil.decode.Packet;
import dev.vigil.flow.FlowHash;
import dev.vigil.flow.ShardPeek;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the packet decoder. One input is a short run of frames decoded by one
 * fresh decoder, so IP reassembly state across frames is exercised too. Encoding, per frame:
 * link-type selector (1 byte), time step in 50 ms units (1 byte), length (2 bytes, big-endian), bytes;
 * the last frame takes what is left. Each frame gets its own exactly-sized view, so a read past the
 * captured bytes cannot silently see the next frame.
 *
 * <p>Must hold: nothing escapes {@link Decoder#decode}, every packet handed to the flow stage
 * points inside its buffer (the stages after it read those bytes without checking again), and
 * wherever {@link ShardPeek} answers, the decoder finds exactly one flow with the peeked hash (workers
 * route frames, and skip other workers' frames, on the peek alone).
 */
class DecoderFuzzTest {
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.IPV4, LinkType.IPV6, LinkType.NULL,
            LinkType.LOOP, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.PPP, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, 147,
            LinkType.C_HDLC, LinkType.IEEE802_11, LinkType.IEEE802_11_RADIOTAP, LinkType.PPI, LinkType.PKTAP, LinkType.NFLOG,
            LinkType.ARCNET_LINUX, LinkType.IPOIB, LinkType.FDDI};
    static final int MAX_FRAMES = 16;
    static final long STEP_NANOS = 50_000_000L;

    static Stream<Arguments> seeds() {
        return FuzzSeeds.frames(400);
    }

    @MethodSource("seeds")
    @FuzzTest
    void decode(byte[] input) {
        Decoder decoder = new Decoder(new Defragmenter(1 << 20));
        Frame f = new Frame();
        MemorySegment all = MemorySegment.ofArray(input);
        long ts = 1_700_000_000_000_000_000L;
        int pos = 0, n = 0;
        while (input.length - pos >= 4 && n < MAX_FRAMES) {
            int linkType = LINK_TYPES[(input[pos] & 0xFF) % LINK_TYPES.length];
            ts += (input[pos + 1] & 0xFF) * STEP_NANOS;
            int len = Math.min(((input[pos + 2] & 0xFF) << 8) | (input[pos + 3] & 0xFF), input.length - pos - 4);
            // the view starts at the frame's own header so offsets are not 0, and ends where the frame does
            MemorySegment view = all.asSlice(pos, 4L + len);
            f.set(view, 4, len, len, ts, linkType, 0, ++n);
            long peek = ShardPeek.peek(f);
            decoder.decode(f);
            for (int i = 0; i < decoder.leafCount(); i++) check(decoder.leaf(i), n);
            if (peek != ShardPeek.DECLINED) checkPeek(decoder, peek, n);
            pos += 4 + len;
        }
    }

    private static void checkPeek(Decoder decoder, long peek, int frame) {
        int keyed = 0;
        for (int i = 0; i < decoder.leafCount(); i++) {
            Packet p = decoder.leaf(i);
            if (!p.hasFlowKey) continue;
            keyed++;
            int h = FlowHash.of(p);
            if (h != ShardPeek.flowOf(peek)) throw new AssertionError("frame " + frame + ": shard peek hash differs from the decoded flow's");
            if (FlowHash.shard(p, h) != ShardPeek.shardOf(peek)) throw new AssertionError("frame " + frame + ": shard peek's worker hash differs from the decoded flow's");
        }
        if (keyed != 1) throw new AssertionError("frame " + frame + ": shard peek answered, decoder found " + keyed + " flows");
    }

    private static void check(Packet p, int frame) {
        long size = p.seg.byteSize();
        if (p.start < 0 || p.start > p.end || p.end > size) {
            throw new AssertionError("frame " + frame + ": packet [" + p.start + ", " + p.end + ") outside its " + size + "-byte buffer");
        }
        if (p.payloadLen < 0 || (p.payloadLen > 0 && (p.payloadOff < p.start || p.payloadOff + p.payloadLen > p.end))) {
            throw new AssertionError("frame " + frame + ": payload [" + p.payloadOff + ", +" + p.payloadLen + ") outside packet ["
                    + p.start + ", " + p.end + ")");
        }
    }

    /** Builds seed inputs in the encoding above from frames read off real captures. */
    static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int frames;

        boolean add(Frame f) {
            int sel = -1;
            for (int i = 0; i < LINK_TYPES.length; i++) if (LINK_TYPES[i] == f.linkType) sel = i;
            if (sel < 0) return false;
            int len = Math.min(f.capLen, 1600);
            out.write(sel);
            out.write(frames == 0 ? 0 : 1);
            out.write(len >> 8);
            out.write(len);
            out.writeBytes(f.data.asSlice(f.offset, len).toArray(ValueLayout.JAVA_BYTE));
            frames++;
            return true;
        }

        int frames() { return frames; }

        byte[] bytes() { return out.toByteArray(); }
    }
}
