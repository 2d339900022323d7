package dev.vigil.stream;

import static dev.vigil.scenario.PacketBuilder.TCP_ACK;
import static dev.vigil.scenario.PacketBuilder.TCP_PSH;
import static dev.vigil.scenario.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.PacketBuilder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A flood of half-open connections, each sending out-of-order garbage with holes that never fill,
 * through one reassembler with an 8 MiB memcap: the memcap holds, the heap stays bounded, and ending
 * the flows gives every byte back.
 */
class ReassemblyMemcapTest {
    static final int FLOWS = 100_000;

    @Test
    void halfOpenFloodStaysWithinTheMemcap() {
        StreamConfig cfg = new StreamConfig();
        cfg.memcap = 8L << 20;
        StreamHarness h = new StreamHarness(cfg);
        h.record = false;
        h.stepNanos = 1_000;    // the whole flood within a fraction of a second: no flow times out
        SplittableRandom rnd = new SplittableRandom(42);
        Runtime rt = Runtime.getRuntime();
        long heapBefore = usedHeap(rt);
        long maxHeld = 0;
        byte[] payload = new byte[200];
        PacketBuilder pb = new PacketBuilder();
        for (int i = 0; i < FLOWS; i++) {
            String src = "10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
            pb.ips(src, "192.168.1.1");
            int sport = 1024 + rnd.nextInt(60000);
            long isn = rnd.nextLong(1L << 32);
            h.feed(pb.tcp(sport, 80, isn, 0, TCP_SYN, new byte[0]));
            for (int k = 0; k < 3; k++) {
                rnd.nextBytes(payload);
                int len = 20 + rnd.nextInt(180);
                long seq = (isn + 1 + 1 + rnd.nextInt(5000)) & 0xFFFF_FFFFL;   // never at the base: a hole stays
                h.feed(pb.tcp(sport, 80, seq, 0, TCP_ACK | TCP_PSH, java.util.Arrays.copyOf(payload, len)));
                maxHeld = Math.max(maxHeld, h.reassembler.bytesHeld());
                assertThat(h.reassembler.bytesHeld()).isLessThanOrEqualTo(cfg.memcap);
            }
        }
        long heapPeak = usedHeap(rt);
        assertThat(h.table.size()).isEqualTo(FLOWS);
        assertThat(h.reassembler.memcapDrops).isPositive();
        assertThat(h.reassembler.segmentsOutOfOrder).isPositive();
        assertThat(maxHeld).isGreaterThan(cfg.memcap - 1024);
        long extraMiB = (heapPeak - heapBefore) >> 20;
        System.out.printf("flood: %d flows, held peak %d bytes (memcap %d), memcap drops %d, gaps %d, heap +%d MiB%n",
                FLOWS, maxHeld, cfg.memcap, h.reassembler.memcapDrops, h.reassembler.gaps, extraMiB);
        assertThat(extraMiB).isLessThan(200);
        h.shutdown();
        assertThat(h.reassembler.bytesHeld()).isZero();
    }

    private static long usedHeap(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
