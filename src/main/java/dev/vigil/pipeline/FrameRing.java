package dev.vigil.pipeline;

import dev.vigil.capture.Frame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hand-off from one capture thread to one worker: a bounded ring of frames (header and bytes, copied
 * in), one producer and one consumer, no lock. A frame that does not fit is refused, and the capture counts
 * it as dropped: a worker that falls behind loses packets, it never makes memory grow.
 *
 * <p>The consumer reads a frame in place ({@link Frame#data} points into the ring) and gives its room back
 * with {@link #release} once done with it.
 */
final class FrameRing {
    /** Per frame: capLen, wireLen (ints), time, number (longs), link type and interface (ints); then the bytes. */
    private static final int HEADER = 32;
    /** capLen of the marker that sends the consumer back to the ring's start. */
    private static final int WRAP = -1;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final VarHandle HEAD, TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(FrameRing.class, "head", long.class);
            TAIL = l.findVarHandle(FrameRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment buf;
    private final long capacity, mask;
    /** Bytes consumed (consumer-owned, published); bytes produced (producer-owned, published). */
    @SuppressWarnings("unused")
    private volatile long head;
    @SuppressWarnings("unused")
    private volatile long tail;
    /** The producer's last view of head, the consumer's of tail: read again only when they say full or empty. */
    private long headSeen, tailSeen;
    /** Consumer: the ring offset where the frame it holds ends. */
    private long holding = -1;

    /** A ring of at least {@code bytes} (rounded up to a power of two, at least 64 KiB). */
    FrameRing(long bytes, Arena arena) {
        long c = 1 << 16;
        while (c < bytes) c <<= 1;
        capacity = c;
        mask = capacity - 1;
        buf = arena.allocate(capacity, 64);
    }

    long capacity() { return capacity; }

    /** Bytes waiting (approximate when read by another thread than the two ends). */
    long used() { return (long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this); }

    private static long room(int capLen) {
        return (HEADER + (long) capLen + 7) & ~7L;
    }

    /** Producer: copies {@code f} in; false when it does not fit now (the caller counts a drop). */
    boolean offer(Frame f) {
        long need = room(f.capLen);
        if (need > capacity / 2) return false;
        long t = (long) TAIL.getOpaque(this);
        long pos = t & mask;
        long toEnd = capacity - pos;
        long total = need <= toEnd ? need : toEnd + need;
        if (t + total - headSeen > capacity) {
            headSeen = (long) HEAD.getAcquire(this);
            if (t + total - headSeen > capacity) return false;
        }
        if (need > toEnd) {
            buf.set(INT, pos, WRAP);
            t += toEnd;
            pos = 0;
        }
        buf.set(INT, pos, f.capLen);
        buf.set(INT, pos + 4, f.wireLen);
        buf.set(LONG, pos + 8, f.tsNanos);
        buf.set(LONG, pos + 16, f.number);
        buf.set(INT, pos + 24, f.linkType);
        buf.set(INT, pos + 28, f.interfaceId);
        MemorySegment.copy(f.data, f.offset, buf, pos + HEADER, f.capLen);
        // the bytes before the index: the consumer that sees the new tail sees the frame
        TAIL.setRelease(this, t + need);
        return true;
    }

    /**
     * Consumer: fills {@code f} with the oldest frame (its bytes in the ring until {@link #release}); false
     * when the ring is empty. At most one frame is held at a time.
     */
    boolean poll(Frame f) {
        long h = (long) HEAD.getOpaque(this);
        while (true) {
            if (h == tailSeen) {
                tailSeen = (long) TAIL.getAcquire(this);
                if (h == tailSeen) return false;
            }
            long pos = h & mask;
            int capLen = buf.get(INT, pos);
            if (capLen == WRAP) {
                h += capacity - pos;
                HEAD.setRelease(this, h);
                continue;
            }
            f.set(buf, pos + HEADER, capLen, buf.get(INT, pos + 4), buf.get(LONG, pos + 8), buf.get(INT, pos + 24),
                    buf.get(INT, pos + 28), buf.get(LONG, pos + 16));
            holding = h + room(capLen);
            return true;
        }
    }

    /** Consumer: the frame last polled is done with; its room goes back to the producer. */
    void release() {
        if (holding < 0) return;
        HEAD.setRelease(this, holding);
        holding = -1;
    }
}
