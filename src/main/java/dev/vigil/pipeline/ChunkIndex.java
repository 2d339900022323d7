package dev.vigil.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the pre-pass learned about one chunk of a capture file: where each record's frame is, its
 * lengths and time, and which worker it belongs to. Workers
 * read it instead of the record headers, so each frame's headers and payload are walked once in all,
 * not once per worker. One instance is reused for many chunks; its arrays grow to the largest chunk.
 */
final class ChunkIndex {
    /** Route of a frame the peek declined (tunnels, fragments, other link types): every worker decodes it. */
    static final byte EVERY_WORKER = -1;

    /** Chunk number this slot holds, or -1. */
    long chunk = -1;
    /** Offset where the pre-pass started reading (a guessed record boundary unless the chunk was redone), or -1 when it found none. */
    long start;
    /** Offset of the first record after this chunk (or the end of the file when the read stopped there). */
    long end;
    /** The read hit a corrupt or truncated record: the file ends inside this chunk. */
    boolean stopped;
    /** Records before this chunk in the file; known once the chunk's start is confirmed. */
    long recordsBefore;
    final List<String> problems = new ArrayList<>(1);

    int count;
    long[] offset = new long[0];
    int[] capLen = new int[0];
    int[] wireLen = new int[0];
    long[] tsNanos = new long[0];
    byte[] route = new byte[0];
    /** Flow hash of each frame the peek answered for (see {@link #route}), so its owner need not compute it again. */
    int[] hash = new int[0];

    void reset(long chunk, long start) {
        this.chunk = chunk;
        this.start = start;
        this.end = start;
        this.stopped = false;
        this.recordsBefore = 0;
        this.count = 0;
        this.problems.clear();
    }

    void add(long off, int cap, int wire, long ts, byte routeTo, int flowHash) {
        int i = count;
        if (i == offset.length) grow();
        offset[i] = off;
        capLen[i] = cap;
        wireLen[i] = wire;
        tsNanos[i] = ts;
        route[i] = routeTo;
        hash[i] = flowHash;
        count = i + 1;
    }

    private void grow() {
        int n = Math.max(1024, offset.length * 2);
        offset = Arrays.copyOf(offset, n);
        capLen = Arrays.copyOf(capLen, n);
        wireLen = Arrays.copyOf(wireLen, n);
        tsNanos = Arrays.copyOf(tsNanos, n);
        route = Arrays.copyOf(route, n);
        hash = Arrays.copyOf(hash, n);
    }
}
