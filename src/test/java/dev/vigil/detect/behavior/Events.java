package dev.vigil.detect.behavior;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.List;

/** Hand-made events for detector tests: times in seconds from a fixed start. */
final class Events {
    static final long T0 = 1_772_409_600L * 1_000_000_000L; // 2026-03-02T00:00:00Z

    private Events() {}

    static long at(double seconds) {
        return T0 + (long) (seconds * 1e9);
    }

    static Connection tcp(double t, String src, int sport, String dst, int dport, ConnState state, long pktsOut, long pktsIn, String service) {
        return new Connection(at(t), 500_000_000L, src, sport, dst, dport, "tcp", service, pktsOut * 60, pktsIn * 60, pktsOut, pktsIn, state, false);
    }

    static Connection syn(double t, String src, String dst, int dport) {
        return tcp(t, src, 40000 + (int) (t * 10) % 20000, dst, dport, ConnState.UNANSWERED, 1, 0, null);
    }

    /** Runs events, put in the order a sensor reports them, through an engine with the given detectors. */
    static List<Finding> run(List<BehaviorDetector> detectors, List<? extends NetworkEvent> events) {
        List<Finding> out = new ArrayList<>();
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), detectors, out::add);
        List<NetworkEvent> ordered = new ArrayList<>(events);
        ordered.sort(java.util.Comparator.comparingLong(NetworkEvent::orderNanos));
        ordered.forEach(engine::accept);
        engine.finish();
        return out;
    }

    static List<Finding> run(BehaviorDetector d, List<? extends NetworkEvent> events) {
        return run(List.of(d), events);
    }
}
