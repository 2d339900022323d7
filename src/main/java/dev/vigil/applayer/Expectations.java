package dev.vigil.applayer;

import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowHash;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One worker's table of {@link Expectation}s, by host pair. Only flows that the workers place by host
 * pair ({@link FlowHash#pairSharded}) may announce or take an expectation, so that the announcing flow
 * and the announced one are always on the same worker and a capture links the same flows whatever
 * the number of workers. Time is packet time: an expectation older than {@link #TIMEOUT_NANOS} at the
 * new flow's first byte no longer matches, as if it had been removed then.
 *
 * <p>Bounded: at most {@link #MAX_PER_PAIR} per host pair (the oldest dropped first; all of a pair's
 * expectations live on one worker, so this bound does not depend on the worker count either) and
 * {@link #MAX_TOTAL} in all (past it, expired ones are swept and new ones refused); both count as
 * {@link #dropped}.
 */
final class Expectations {
    /** Suricata lets an expectation wait this long for its connection. */
    static final long TIMEOUT_NANOS = 30_000_000_000L;
    /** An FTP client announces one data connection per transfer and uses it at once; 64 is generous. */
    static final int MAX_PER_PAIR = 64;
    /** All host pairs together, per worker (a few MiB at most). */
    static final int MAX_TOTAL = 16_384;

    private record Pair(int ipVersion, long xHi, long xLo, long yHi, long yLo) {
        static Pair of(int v, long aHi, long aLo, long bHi, long bLo) {
            boolean aFirst = aHi < bHi || (aHi == bHi && aLo <= bLo);
            return aFirst ? new Pair(v, aHi, aLo, bHi, bLo) : new Pair(v, bHi, bLo, aHi, aLo);
        }
    }

    private final Map<Pair, ArrayDeque<Expectation>> byPair = new HashMap<>();
    private int total;
    /** Expectations made, taken by a new flow, dropped by a bound, lapsed unused. */
    long created, matched, dropped, expired;

    boolean isEmpty() { return total == 0; }

    void add(Expectation e, long nowNanos) {
        if (total >= MAX_TOTAL) sweep(nowNanos);
        if (total >= MAX_TOTAL) {
            dropped++;
            return;
        }
        ArrayDeque<Expectation> q = byPair.computeIfAbsent(
                Pair.of(e.ipVersion(), e.listenerHi(), e.listenerLo(), e.connectorHi(), e.connectorLo()), k -> new ArrayDeque<>());
        // lapsed ones go first, so that whether a live one is dropped does not depend on when sweeps ran
        int before = q.size();
        q.removeIf(x -> nowNanos - x.atNanos() > TIMEOUT_NANOS);
        total -= before - q.size();
        expired += before - q.size();
        if (q.size() >= MAX_PER_PAIR) {
            q.poll();
            total--;
            dropped++;
        }
        q.add(e);
        total++;
        created++;
    }

    /**
     * The expectation new TCP flow {@code f} fulfils, removed from the table, or null: the oldest one of
     * its host pair still in time whose listener is one side of {@code f} on {@code f}'s port there.
     */
    Expectation take(Flow f, long nowNanos) {
        if (total == 0 || f.proto != 6 || !FlowHash.pairSharded(f.proto, f.aPort, f.bPort)) return null;
        Pair key = Pair.of(f.ipVersion, f.aHi, f.aLo, f.bHi, f.bLo);
        ArrayDeque<Expectation> q = byPair.get(key);
        if (q == null) return null;
        Expectation found = null;
        for (Iterator<Expectation> it = q.iterator(); it.hasNext(); ) {
            Expectation e = it.next();
            if (nowNanos - e.atNanos() > TIMEOUT_NANOS) {
                it.remove();
                total--;
                expired++;
                continue;
            }
            if (listensOn(e, f)) {
                it.remove();
                total--;
                matched++;
                found = e;
                break;
            }
        }
        if (q.isEmpty()) byPair.remove(key);
        return found;
    }

    /** True when the expectation's listener is side B of {@code f} (the usual case) or side A (a flow picked up midstream, turned). */
    static boolean listenerIsB(Expectation e, Flow f) {
        return f.bHi == e.listenerHi() && f.bLo == e.listenerLo() && f.bPort == e.port();
    }

    private static boolean listensOn(Expectation e, Flow f) {
        return listenerIsB(e, f) || (f.aHi == e.listenerHi() && f.aLo == e.listenerLo() && f.aPort == e.port());
    }

    private void sweep(long nowNanos) {
        for (Iterator<ArrayDeque<Expectation>> qi = byPair.values().iterator(); qi.hasNext(); ) {
            ArrayDeque<Expectation> q = qi.next();
            for (Iterator<Expectation> it = q.iterator(); it.hasNext(); ) {
                if (nowNanos - it.next().atNanos() > TIMEOUT_NANOS) {
                    it.remove();
                    total--;
                    expired++;
                }
            }
            if (q.isEmpty()) qi.remove();
        }
    }
}
