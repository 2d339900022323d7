package dev.vigil.scenario.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Merges many sessions into one capture in time order. Sessions are played only when the merge
 * reaches their start, so memory holds the sessions in progress, not the day. Each session draws from
 * its own generator, split from the timeline's in the order sessions were added: the same seed and
 * the same schedule give the same bytes whatever order sessions happen to be played in.
 */
public final class Timeline {
    private record Scheduled(long start, long order, long seed, Session session) {}

    private static final class Cursor {
        final Wire wire;
        final int[] order;
        final long sequence;
        int pos;

        Cursor(Wire wire, long sequence) {
            this.wire = wire;
            this.order = wire.sortedIndexes();
            this.sequence = sequence;
        }

        long time() {
            return wire.time(order[pos]);
        }
    }

    private final SplittableRandom seeds;
    private final List<Scheduled> scheduled = new ArrayList<>();

    public Timeline(long seed) {
        this.seeds = new SplittableRandom(seed);
    }

    /** Schedules a session starting at {@code startNanos}. */
    public void add(long startNanos, Session session) {
        scheduled.add(new Scheduled(startNanos, scheduled.size(), seeds.nextLong(), session));
    }

    public int sessions() {
        return scheduled.size();
    }

    /** Plays every session and hands the packets to {@code sink} in time order; returns the packet count. */
    public long write(PacketSink sink) throws IOException {
        scheduled.sort(Comparator.comparingLong(Scheduled::start).thenComparingLong(Scheduled::order));
        PriorityQueue<Cursor> active = new PriorityQueue<>((a, b) -> a.time() != b.time()
                ? Long.compare(a.time(), b.time()) : Long.compare(a.sequence, b.sequence));
        long written = 0;
        int next = 0;
        while (next < scheduled.size() || !active.isEmpty()) {
            // start every session that begins no later than the earliest pending packet
            while (next < scheduled.size() && (active.isEmpty() || scheduled.get(next).start() <= active.peek().time())) {
                Scheduled s = scheduled.get(next);
                scheduled.set(next++, null);
                Wire w = new Wire(s.start(), new SplittableRandom(s.seed()));
                s.session().play(w);
                if (w.size() > 0) active.add(new Cursor(w, s.order()));
            }
            Cursor c = active.poll();
            if (c == null) continue;
            int i = c.order[c.pos++];
            sink.packet(c.wire.time(i), c.wire.take(i));
            written++;
            if (c.pos < c.order.length) active.add(c);
        }
        scheduled.clear();
        return written;
    }
}
