package dev.vigil.bench;

import dev.vigil.capture.Frame;
import dev.vigil.capture.PcapReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/** {@link PcapReader#next} over the in-memory frame mix: one operation is one record. */
public class PcapReaderBenchmark extends BenchmarkDefaults {
    static final int BATCH = 4096;

    private MemorySegment capture;
    private PcapReader reader;
    private final Frame frame = new Frame();

    @Setup
    public void setup() throws IOException {
        capture = BenchData.mixCapture();
        reader = new PcapReader(capture);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long next(CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        long acc = 0;
        for (int k = 0; k < BATCH; k++) {
            if (!reader.next(frame)) {
                reader = new PcapReader(capture);
                reader.next(frame);
            }
            acc += frame.capLen + frame.tsNanos;
        }
        cpu.stop(t0, BATCH);
        return acc;
    }
}
