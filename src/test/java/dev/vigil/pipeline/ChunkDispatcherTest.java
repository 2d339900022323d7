package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.capture.PacketSource;
import dev.vigil.capture.PcapWriter;
import dev.vigil.scenario.PacketBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunked hand-out of a pcap file must deliver, across all chunks and in order, exactly the
 * records a sequential read yields, with the same record numbers and problems, however the chunk
 * starts were guessed. The hard case is built here: frames whose payloads hold fake record headers
 * that chain plausibly, so that a resync inside them guesses wrong and the chunk must be read again.
 */
class ChunkDispatcherTest {
    @TempDir Path dir;

    /** A payload of four fake pcap records (16-byte header + 8 bytes) that chain like real ones. */
    private static byte[] decoyChain(long secs) {
        ByteBuffer b = ByteBuffer.allocate(4 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) b.putInt((int) secs).putInt(1000 * i).putInt(8).putInt(8).putLong(0x0102030405060708L);
        return b.array();
    }

    private Path capture(int frames, boolean truncateTail) throws IOException {
        Path file = dir.resolve("decoys.pcap");
        long t0 = 1_700_000_000L;
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, LinkType.ETHERNET)) {
            for (int i = 0; i < frames; i++) {
                PacketBuilder pb = new PacketBuilder().ips("10.0.0." + (1 + i % 7), "192.0.2." + (1 + i % 5));
                byte[] frame = i % 3 == 0 ? pb.udp(5000 + i % 11, 53, decoyChain(t0 + i))
                        : pb.tcp(40000 + i % 13, 443, i, 0, PacketBuilder.TCP_ACK, decoyChain(t0 + i));
                w.write((t0 + i) * 1_000_000_000L + i, frame);
            }
        }
        if (truncateTail) {
            byte[] all = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(all, all.length - 30));
        }
        return file;
    }

    /** Offsets and record numbers of a sequential read, and its problems. */
    private static List<long[]> sequential(CaptureFile cf, List<String> problems) throws IOException {
        List<long[]> out = new ArrayList<>();
        Frame f = new Frame();
        try (PacketSource src = cf.cursor()) {
            while (src.next(f)) out.add(new long[] {f.offset, f.number});
            problems.addAll(src.problems());
        }
        return out;
    }

    /** Runs {@code workers} threads over the dispatcher; worker 0 records every chunk's entries in consumption order. */
    private static List<long[]> chunked(ChunkDispatcher d, int workers, List<String> problems) throws Exception {
        List<long[]> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            int me = id;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    d.run(me, (chunk, seg, linkType) -> {
                        if (me != 0) return;
                        for (int i = 0; i < chunk.count; i++) {
                            seen.add(new long[] {chunk.offset[i], chunk.recordsBefore + i + 1});
                            // every frame goes to one worker or to all of them
                            assertThat((int) chunk.route[i]).isBetween(-1, workers - 1);
                        }
                        problems.addAll(chunk.problems);
                    });
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        return seen;
    }

    @Test
    void wrongGuessesAreReadAgainAndEveryRecordArrivesOnceInOrder() throws Exception {
        try (CaptureFile cf = CaptureFile.open(capture(3000, false))) {
            List<String> seqProblems = new ArrayList<>();
            List<long[]> expected = sequential(cf, seqProblems);
            for (int workers : new int[] {2, 3}) {
                for (long chunk : new long[] {97, 500, 4096}) {
                    ChunkDispatcher d = new ChunkDispatcher(cf, workers, chunk);
                    List<String> problems = new ArrayList<>();
                    List<long[]> got = chunked(d, workers, problems);
                    assertThat(got).as("workers=%d chunk=%d", workers, chunk).hasSameSizeAs(expected);
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(got.get(i)).as("record %d, workers=%d chunk=%d", i + 1, workers, chunk).containsExactly(expected.get(i));
                    }
                    assertThat(d.records()).isEqualTo(expected.size());
                    assertThat(problems).isEqualTo(seqProblems).isEmpty();
                    if (chunk == 97) {
                        // the decoys sit in every frame: small chunks start inside them again and again
                        assertThat(d.redone()).as("chunks read again, workers=%d", workers).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void aTruncatedTailIsReportedOnceWithItsTrueRecordNumber() throws Exception {
        try (CaptureFile cf = CaptureFile.open(capture(400, true))) {
            List<String> seqProblems = new ArrayList<>();
            List<long[]> expected = sequential(cf, seqProblems);
            assertThat(seqProblems).hasSize(1).first().asString().contains("record 400");
            for (long chunk : new long[] {61, 1000, 1 << 20}) {
                ChunkDispatcher d = new ChunkDispatcher(cf, 2, chunk);
                List<String> problems = new ArrayList<>();
                List<long[]> got = chunked(d, 2, problems);
                assertThat(got).hasSameSizeAs(expected);
                assertThat(problems).as("chunk=%d", chunk).isEqualTo(seqProblems);
            }
        }
    }

    @Test
    void theSensorGivesTheSameRecordsAndCountsWhateverTheChunking() throws Exception {
        try (CaptureFile cf = CaptureFile.open(capture(2000, true))) {
            Summary one = run(cf, 1, ChunkDispatcher.DEFAULT_CHUNK);
            for (long chunk : new long[] {97, 2048}) {
                Summary two = run(cf, 2, chunk);
                assertThat(two.packets()).isEqualTo(one.packets()).isEqualTo(1999);
                assertThat(two.flows()).isEqualTo(one.flows());
                assertThat(two.stats().counters()).isEqualTo(one.stats().counters());
                assertThat(two.problems()).isEqualTo(one.problems());
            }
        }
    }

    private static Summary run(CaptureFile cf, int workers, long chunk) throws IOException {
        SensorConfig cfg = new SensorConfig();
        cfg.workers = workers;
        cfg.chunkBytes = chunk;
        try (dev.vigil.output.EveSink sink = new dev.vigil.output.EveSink(OutputStream.nullOutputStream())) {
            return new Sensor(cfg).run(List.of(cf), sink, null);
        }
    }
}
