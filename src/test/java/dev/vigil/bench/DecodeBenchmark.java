package dev.vigil.bench;

import dev.vigil.capture.Frame;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Decoder#decode} over the realistic frame mix of {@link BenchData}: one operation is one
 * frame (link layer to transport header, tunnels, events), walked in capture order, cyclically.
 */
public class DecodeBenchmark extends BenchmarkDefaults {
    static final int BATCH = 4096;

    private BenchData.Frames frames;
    private final Frame frame = new Frame();
    private Decoder decoder;
    private int next;

    @Setup
    public void setup() {
        frames = BenchData.frames();
        decoder = new Decoder();
    }

    /** Decode only; the result folds in what the flow stage reads so nothing is dead code. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decode(CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        int i = next;
        for (int k = 0; k < BATCH; k++) {
            frames.load(i, frame);
            decoder.decode(frame);
            int n = decoder.leafCount();
            for (int j = 0; j < n; j++) {
                Packet p = decoder.leaf(j);
                if (p.hasFlowKey) acc += p.srcLo ^ p.dstPort ^ p.tcpFlags;
            }
            acc += decoder.eventCount();
            if (++i == frames.count) i = 0;
        }
        next = i;
        cpu.stop(t0, BATCH);
        return acc;
    }
}
