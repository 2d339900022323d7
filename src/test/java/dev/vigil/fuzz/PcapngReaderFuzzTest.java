package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.capture.PcapngReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage-guided fuzzing of the pcapng reader; see {@link ReaderInvariants} for what must hold. */
class PcapngReaderFuzzTest {

    static Stream<Arguments> seeds() {
        byte[] fallback = {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
                -1, -1, -1, -1, -1, -1, -1, -1, 28, 0, 0, 0};
        return FuzzSeeds.fileHeads(b -> b.length >= 4 && b[0] == 0x0a && b[1] == 0x0d, 150, fallback);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] input) {
        MemorySegment seg = MemorySegment.ofArray(input);
        PcapngReader reader;
        try {
            reader = new PcapngReader(seg);
        } catch (IOException refused) {
            return;
        }
        ReaderInvariants.drain(reader, seg);
    }
}
