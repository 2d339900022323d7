package dev.vigil.scenario.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Merges many sessions into one capture in time order. Sessions are played only when the merge
 * reaches their start, so memory holds the sessions in progress, not the day. Each session draws from
 * its own generator, split from the timeline's in the order sessions were added: the same seed and
 * the same schedule give the same bytes whatever order sessions happen to be played in.
 */
public final class Timeline {
    private record Scheduled(long start, long order, long seed, String tag, Session session) {}

    private static final class Cursor {
        final Wire wire;
        final int[] order;
        final long sequence;
        final String tag;
        int pos;

        Cursor(Wire wire, long sequence, String tag) {
            this.wire = wire;
            this.order = wire.sortedIndexes();
            this.sequence = sequence;
            this.tag = tag;
        }

        long time() {
            return wire.time(order[pos]);
        }
    }

    private final SplittableRandom seeds;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final Map<String, long[]> spans = new TreeMap<>();

    public Timeline(long seed) {
        this.seeds = new SplittableRandom(seed);
    }

    /** Schedules a session starting at {@code startNanos}. */
    public void add(long startNanos, Session session) {
        add(startNanos, null, session);
    }

    /**
     * Schedules a session that belongs to {@code tag} (an answer key's activity): after {@link #write}
     * {@link #span} tells the first and last packet time of all sessions with that tag.
     */
    public void add(long startNanos, String tag, Session session) {
        scheduled.add(new Scheduled(startNanos, scheduled.size(), seeds.nextLong(), tag, session));
    }

    /** {first, last} packet time of the sessions tagged {@code tag}, or null if none wrote a packet. */
    public long[] span(String tag) {
        long[] s = spans.get(tag);
        return s == null ? null : s.clone();
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
                if (w.size() > 0) active.add(new Cursor(w, s.order(), s.tag()));
            }
            Cursor c = active.poll();
            if (c == null) continue;
            int i = c.order[c.pos++];
            long ts = c.wire.time(i);
            if (c.tag != null) {
                long[] span = spans.computeIfAbsent(c.tag, k -> new long[] {ts, ts});
                span[0] = Math.min(span[0], ts);
                span[1] = Math.max(span[1], ts);
            }
            sink.packet(ts, c.wire.take(i));
            written++;
            if (c.pos < c.order.length) active.add(c);
        }
        scheduled.clear();
        return written;
    }
}
