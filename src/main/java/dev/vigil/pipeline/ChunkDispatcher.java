package dev.vigil.pipeline;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PcapReader;
import dev.vigil.flow.ShardPeek;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits one classic pcap file among N workers so that each frame is walked once in all, not once per
 * worker. The file is cut into fixed-size chunks. Any idle worker takes the next chunk and runs the
 * pre-pass over it: it walks the records and peeks at each frame's flow key to find its owner. The
 * result is a {@link ChunkIndex}. Every worker then reads the chunks in file order and decodes,
 * validates and tracks only its own frames and the frames the peek declined. It also advances its flow
 * clock with every frame's time, so that timeouts fire at the same packet times as with one worker.
 * Checksums are left to the owner: on mixed.pcap, validating them in the pre-pass cost more than it
 * saved, because the owner then pulled the frame into its own core's cache a second time.
 *
 * <p>Pcap has no markers between records, so a chunk's pre-pass starts at a guessed record boundary
 * ({@link PcapReader#resync}). A guess becomes trusted only when the chunk before it, itself trusted,
 * ends exactly there; chunks become trusted strictly in file order. A chunk whose guess was wrong is
 * read again from the true boundary, so hostile or odd files cost speed, never correctness. Chunks in
 * flight are bounded by a ring of {@link #RING} indexes per file, so memory does not grow with the file.
 */
final class ChunkDispatcher {
    /**
     * Big enough that the resync at each chunk start and the hand-over cost little (a chunk holds
     * thousands of frames), small enough that the workers finish within a chunk's work of each other.
     */
    static final long DEFAULT_CHUNK = 2 << 20;
    static final int RING = 8;
    /** Records that must chain plausibly after a guessed boundary. */
    private static final int RESYNC_CHAIN = 4;
    private static final long HEADER = 24;

    /** What a worker stops with when another worker failed; the sensor reports that other failure. */
    static final class Aborted extends IOException {
        Aborted(String message) { super(message); }
    }

    interface Consumer {
        /** Handles this worker's frames of one trusted chunk; {@code seg} and {@code linkType} describe its frames. */
        void consume(ChunkIndex chunk, MemorySegment seg, int linkType);
    }

    private final CaptureFile file;
    private final int workers;
    private final long chunkBytes;
    private final long chunks;
    private final long size;
    private final ChunkIndex[] ring = new ChunkIndex[RING];
    /** Per slot: the chunk number whose pre-pass finished there (-1: none yet). */
    private final AtomicLongArray indexed = new AtomicLongArray(RING);
    /** Per worker: the next chunk it will consume. */
    private final AtomicLongArray consumed;
    private final AtomicLong claimNext = new AtomicLong();
    /** Chunks [0, trusted) have confirmed starts and final record numbers. */
    private volatile long trusted;
    /** Guarded by {@code this}: where the last trusted chunk ended, and the records up to there. */
    private long trustedEnd = HEADER;
    private long trustedRecords;
    private final AtomicLong redone = new AtomicLong();
    /** Set when a worker failed: the others stop instead of waiting for its share. */
    private volatile boolean aborted;
    /** Problems found before any record: the file header's and the gzip inflater's. */
    final List<String> headerProblems;

    ChunkDispatcher(CaptureFile file, int workers, long chunkBytes) throws IOException {
        this.file = file;
        this.workers = workers;
        this.chunkBytes = Math.max(64, chunkBytes);
        this.size = file.size();
        this.chunks = Math.max(1, (size - HEADER + this.chunkBytes - 1) / this.chunkBytes);
        this.consumed = new AtomicLongArray(workers);
        for (int i = 0; i < RING; i++) {
            ring[i] = new ChunkIndex();
            indexed.set(i, -1);
        }
        try (PcapReader r = reader()) {
            this.headerProblems = List.copyOf(r.problems());
        }
    }

    /** True when this file can be split: classic pcap (pcapng keeps interface state in its blocks). */
    static boolean supports(CaptureFile f) {
        return f.format() == CaptureFile.Format.PCAP;
    }

    /** Records in the file; final once every worker has returned from {@link #run}. */
    synchronized long records() { return trustedRecords; }

    /** Chunks whose guessed start was wrong and that were read again. */
    long redone() { return redone.get(); }

    /** Makes every worker still in {@link #run} stop with an exception (another worker failed). */
    void abort() { aborted = true; }

    private PcapReader reader() throws IOException {
        return (PcapReader) file.cursor();
    }

    /** Worker {@code worker}'s part: pre-passes whenever one is free, and its own frames of every chunk in order. */
    void run(int worker, Consumer consumer) throws IOException {
        try (PcapReader reader = reader()) {
            reader.problems().clear(); // the header's problems are reported once, by the sensor
            MemorySegment seg = reader.segment();
            int linkType = reader.linkType();
            Frame frame = new Frame();
            long next = 0;
            int idle = 0;
            while (next < chunks) {
                if (trusted > next) {
                    consumer.consume(ring[(int) (next % RING)], seg, linkType);
                    consumed.set(worker, ++next);
                    idle = 0;
                    continue;
                }
                if (advanceTrusted(reader, frame)) continue;
                long j = claimNext.get();
                if (j < chunks && j < minConsumed() + RING && claimNext.compareAndSet(j, j + 1)) {
                    ChunkIndex slot = ring[(int) (j % RING)];
                    long hi = chunkEnd(j);
                    long start = j == 0 ? HEADER : reader.resync(HEADER + j * chunkBytes, hi, RESYNC_CHAIN);
                    slot.reset(j, start);
                    if (start >= 0) prePass(reader, frame, slot, start, 0, hi);
                    indexed.set((int) (j % RING), j);
                    idle = 0;
                    continue;
                }
                // nothing to do until another worker finishes a pre-pass or a chunk
                if (aborted) throw new Aborted(file.path() + ": stopped because another worker failed");
                if (++idle < 200) Thread.onSpinWait();
                else LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Records of chunk {@code j} start before this offset. */
    private long chunkEnd(long j) {
        return j == chunks - 1 ? size : HEADER + (j + 1) * chunkBytes;
    }

    private long minConsumed() {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < workers; i++) m = Math.min(m, consumed.get(i));
        return m;
    }

    /**
     * Trusts as many pre-passed chunks as follow the trusted ones, re-reading any whose guessed start
     * was wrong or whose read stopped on a damaged record (so that its problems carry true record
     * numbers). True when at least one chunk became trusted.
     */
    private boolean advanceTrusted(PcapReader reader, Frame frame) {
        if (indexed.get((int) (trusted % RING)) != trusted) return false;
        synchronized (this) {
            long t = trusted;
            boolean advanced = false;
            while (t < chunks && indexed.get((int) (t % RING)) == t) {
                ChunkIndex slot = ring[(int) (t % RING)];
                if (slot.start != trustedEnd || slot.stopped) {
                    if (slot.start != trustedEnd) redone.incrementAndGet();
                    slot.reset(t, trustedEnd);
                    prePass(reader, frame, slot, trustedEnd, trustedRecords, chunkEnd(t));
                }
                slot.recordsBefore = trustedRecords;
                trustedRecords += slot.count;
                trustedEnd = slot.end;
                t++;
                trusted = t;
                advanced = true;
            }
            return advanced;
        }
    }

    private void prePass(PcapReader reader, Frame f, ChunkIndex slot, long start, long recordsBefore, long hi) {
        reader.seek(start, recordsBefore);
        reader.stopAt(hi);
        while (reader.next(f)) {
            long h = ShardPeek.peek(f);
            byte route = h == ShardPeek.DECLINED ? ChunkIndex.EVERY_WORKER : (byte) Worker.owner(ShardPeek.shardOf(h), workers);
            slot.add(f.offset, f.capLen, f.wireLen, f.tsNanos, route, ShardPeek.flowOf(h));
        }
        slot.end = reader.position();
        List<String> problems = reader.problems();
        if (!problems.isEmpty()) {
            slot.stopped = true;
            slot.problems.addAll(problems);
            problems.clear();
        }
    }
}
