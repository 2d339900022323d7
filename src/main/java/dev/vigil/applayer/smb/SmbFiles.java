package dev.vigil.applayer.smb;

import dev.vigil.applayer.files.ObservedFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The files of one flow, one per file id and direction (READ data goes to the client, WRITE data to the
 * server), assembled by offset: data at the next expected offset is appended, data ahead of it waits in a
 * small bounded reorder store (SMB2 clients keep several reads in flight, and answers may come out of
 * order), and what cannot wait becomes a gap. A file ends at CLOSE.
 */
final class SmbFiles {
    /** Files open at once in one flow; past this the oldest is ended as truncated. */
    static final int MAX_OPEN_FILES = 1024;
    /** Bytes of early (out-of-order) data kept per flow, all files together. */
    static final long MAX_REORDER_BYTES = 4L << 20;

    record Key(long persistent, long volatileId, boolean fromServer) {
        static Key of(byte[] fid, boolean fromServer) {
            return new Key(Bytes.i64(fid, 0), Bytes.i64(fid, 8), fromServer);
        }
    }

    static final class Entry {
        final ObservedFile file;
        final SmbTransaction tx;
        final boolean fromServer;
        /** File size known from CREATE (end of file), or -1. */
        final long knownSize;
        long next;
        final TreeMap<Long, byte[]> early = new TreeMap<>();

        Entry(ObservedFile file, SmbTransaction tx, boolean fromServer, long knownSize) {
            this.file = file;
            this.tx = tx;
            this.fromServer = fromServer;
            this.knownSize = knownSize;
        }
    }

    private final Map<Key, Entry> open = new LinkedHashMap<>();
    private final Consumer<Entry> finished;
    private final Runnable overlap;
    private long earlyBytes;

    /** @param finished called once per file as it ends; @param overlap called when data rewrites bytes already seen */
    SmbFiles(Consumer<Entry> finished, Runnable overlap) {
        this.finished = finished;
        this.overlap = overlap;
    }

    Entry get(byte[] fid, boolean fromServer) { return open.get(Key.of(fid, fromServer)); }

    Entry open(byte[] fid, boolean fromServer, String name, SmbTransaction tx, long knownSize) {
        if (open.size() >= MAX_OPEN_FILES) {
            Iterator<Map.Entry<Key, Entry>> it = open.entrySet().iterator();
            Entry oldest = it.next().getValue();
            it.remove();
            end(oldest, false);
        }
        Entry e = new Entry(new ObservedFile(name), tx, fromServer, knownSize);
        open.put(Key.of(fid, fromServer), e);
        return e;
    }

    /** File bytes {@code b[off, off+len)} at file offset {@code offset}. */
    void data(Entry e, long offset, byte[] b, int off, int len) {
        if (len <= 0 || offset < 0) return;
        if (offset < e.next) {
            long skip = e.next - offset;
            if (skip >= len) {
                overlap.run();
                return;
            }
            overlap.run();
            off += (int) skip;
            len -= (int) skip;
            offset = e.next;
        }
        if (offset == e.next) {
            e.file.append(b, off, len);
            e.next += len;
            drain(e);
        } else if (earlyBytes + len <= MAX_REORDER_BYTES) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            byte[] prev = e.early.put(offset, copy);
            earlyBytes += len - (prev == null ? 0 : prev.length);
        } else {
            // No room to wait for the missing bytes: they are a gap.
            flushEarly(e, offset);
            if (offset > e.next) {
                e.file.gap(offset - e.next);
                e.next = offset;
            }
            e.file.append(b, off, len);
            e.next += len;
            drain(e);
        }
    }

    /** Appends the waiting chunks that now continue the file. */
    private void drain(Entry e) {
        while (!e.early.isEmpty()) {
            Map.Entry<Long, byte[]> first = e.early.firstEntry();
            long o = first.getKey();
            byte[] c = first.getValue();
            if (o > e.next) return;
            e.early.pollFirstEntry();
            earlyBytes -= c.length;
            long skip = e.next - o;
            if (skip < c.length) {
                e.file.append(c, (int) skip, c.length - (int) skip);
                e.next = o + c.length;
            }
        }
    }

    /** Writes out, with gaps, the waiting chunks below {@code limit}. */
    private void flushEarly(Entry e, long limit) {
        while (!e.early.isEmpty() && e.early.firstKey() < limit) {
            Map.Entry<Long, byte[]> first = e.early.pollFirstEntry();
            earlyBytes -= first.getValue().length;
            long o = first.getKey();
            byte[] c = first.getValue();
            if (o > e.next) {
                e.file.gap(o - e.next);
                e.next = o;
            }
            long skip = e.next - o;
            if (skip < c.length) {
                e.file.append(c, (int) skip, c.length - (int) skip);
                e.next = o + c.length;
            }
        }
    }

    /** CLOSE of a file id: ends its files in both directions. */
    void close(byte[] fid) {
        for (boolean fromServer : new boolean[] {true, false}) {
            Entry e = open.remove(Key.of(fid, fromServer));
            if (e != null) end(e, true);
        }
    }

    /** The flow ends: every open file is truncated. */
    void closeAll() {
        List<Entry> all = new ArrayList<>(open.values());
        open.clear();
        for (Entry e : all) end(e, false);
    }

    private void end(Entry e, boolean closed) {
        flushEarly(e, Long.MAX_VALUE);
        boolean complete = closed && !e.file.gaps()
                && (e.fromServer ? e.knownSize >= 0 && e.file.size() == e.knownSize : true);
        e.file.finish(complete);
        finished.accept(e);
    }

    int openCount() { return open.size(); }
}
