package dev.vigil.detect.behavior;

import dev.vigil.detect.behavior.event.NetworkEvent;

/**
 * A windowed detector over {@link NetworkEvent}s. The engine hands it events in {@link
 * NetworkEvent#orderNanos()} order and calls {@link #advance} as packet time moves, so a detector
 * that decides only in {@code observe}/{@code advance} from the events it was given decides the same
 * way on every replay. Its state must stay bounded (caps with eviction, sketches) whatever the input:
 * a sensor runs for months.
 */
public interface BehaviorDetector {
    /** Short name for stats and config ("beaconing", "dns-tunnelling", ...). */
    String name();

    void observe(NetworkEvent e, Findings out);

    /** Packet time is now {@code nowNanos}: close windows that ended, evict what is stale. */
    default void advance(long nowNanos, Findings out) {}

    /** The input ended at {@code nowNanos}: judge what is still open. */
    default void finish(long nowNanos, Findings out) {
        advance(nowNanos, out);
    }

    /** How many keys (pairs, hosts, domains) the detector holds now; bounded by its config. */
    long trackedKeys();

    /** How many keys it dropped to stay within its bounds. */
    default long evicted() { return 0; }
}
