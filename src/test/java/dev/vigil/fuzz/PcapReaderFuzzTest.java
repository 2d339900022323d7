package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.capture.PcapReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage-guided fuzzing of the classic pcap reader; see {@link ReaderInvariants} for what must hold. */
class PcapReaderFuzzTest {

    static Stream<Arguments> seeds() {
        byte[] fallback = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};
        return FuzzSeeds.fileHeads(b -> b.length >= 4 && b[0] != 0x0a, 150, fallback);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] input) {
        MemorySegment seg = MemorySegment.ofArray(input);
        PcapReader reader;
        try {
            reader = new PcapReader(seg);
        } catch (IOException refused) {
            return;
        }
        ReaderInvariants.drain(reader, seg);
        // a multi-worker run guesses record boundaries in the middle of the file and reads ranges from them
        long size = seg.byteSize();
        long from = size <= 24 ? 24 : 24 + Math.floorMod(java.util.Arrays.hashCode(input), size - 24);
        long guess = reader.resync(from, size, 4);
        if (guess != -1 && (guess < from || guess >= size)) {
            throw new IllegalStateException("resync answered " + guess + " outside [" + from + ", " + size + ")");
        }
        if (guess >= 0) {
            reader.seek(guess, 0);
            reader.stopAt(guess + (size - guess) / 2);
            ReaderInvariants.drain(reader, seg);
        }
    }
}
