package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BehaviorEngineTest {
    /** Records what it was given, in order, and reports every 10th event. */
    private static final class Recorder implements BehaviorDetector {
        final List<Long> seen = new ArrayList<>();
        final List<Long> advances = new ArrayList<>();

        @Override public String name() { return "recorder"; }

        @Override
        public void observe(NetworkEvent e, Findings out) {
            seen.add(e.orderNanos());
            if (seen.size() % 10 == 0) {
                out.report(new Finding(BehaviorSignature.SCAN_VERTICAL, e.tsNanos(), 0.5, e.src(), 0, e.dst(), 0, "tcp", e.src() + seen.size(),
                        null, null, e.tsNanos(), e.tsNanos(), Map.of("n", seen.size())));
            }
        }

        @Override public void advance(long now, Findings out) { advances.add(now); }

        @Override public long trackedKeys() { return seen.size(); }
    }

    private static List<NetworkEvent> stream(int n) {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < n; i++) e.add(syn(i * 1.5, "10.0.0." + (i % 7), "10.1.0." + (i % 11), 1 + i % 50));
        return e;
    }

    private static Recorder replay(List<NetworkEvent> events, List<Finding> out) {
        Recorder r = new Recorder();
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), List.of(r), out::add);
        events.forEach(engine::accept);
        engine.finish();
        return r;
    }

    @Test
    void producersOutOfOrderWithinTheLatenessGiveTheSameDecisions() {
        List<NetworkEvent> ordered = stream(2000);
        List<Finding> a = new ArrayList<>();
        Recorder ra = replay(ordered, a);
        // two workers, each in order but interleaved unevenly: shuffle within blocks of 60 s (lateness is 120 s)
        List<NetworkEvent> mixed = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < ordered.size(); i += 40) {
            List<NetworkEvent> block = new ArrayList<>(ordered.subList(i, Math.min(ordered.size(), i + 40)));
            Collections.shuffle(block, rnd);
            mixed.addAll(block);
        }
        List<Finding> b = new ArrayList<>();
        Recorder rb = replay(mixed, b);
        assertThat(rb.seen).isEqualTo(ra.seen).isSorted();
        assertThat(rb.advances).isEqualTo(ra.advances);
        assertThat(b).isEqualTo(a).hasSize(200);
    }

    @Test
    void withProducersEventsWaitForTheSlowestWhateverTheSkew() {
        List<NetworkEvent> all = stream(3000);
        List<Finding> a = new ArrayList<>();
        Recorder ra = replay(all, a);
        // three producers, each in order, one running hours ahead of the others: no lateness could cover that
        Recorder r = new Recorder();
        List<Finding> b = new ArrayList<>();
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), List.of(r), b::add);
        List<BehaviorEngine.Producer> ps = List.of(engine.producer(), engine.producer(), engine.producer());
        List<List<NetworkEvent>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < all.size(); i++) parts.get(i % 3).add(all.get(i));
        for (NetworkEvent e : parts.get(0)) ps.get(0).accept(e, e.orderNanos());
        ps.get(0).done();
        int[] next = new int[3];
        Random rnd = new Random(5);
        while (next[1] < parts.get(1).size() || next[2] < parts.get(2).size()) {
            int k = 1 + rnd.nextInt(2);
            if (next[k] >= parts.get(k).size()) k = 3 - k;
            NetworkEvent e = parts.get(k).get(next[k]++);
            ps.get(k).accept(e, e.orderNanos());
        }
        assertThat(engine.counters().get("pending")).as("held back for the slowest").isPositive();
        ps.get(1).done();
        ps.get(2).done();
        engine.finish();
        assertThat(engine.counters()).containsEntry("late", 0L).containsEntry("forced", 0L);
        assertThat(r.seen).isEqualTo(ra.seen);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void theReorderBufferIsCapped() {
        BehaviorConfig c = new BehaviorConfig();
        c.maxPendingEvents = 100;
        c.latenessSeconds = 1_000_000;
        Recorder r = new Recorder();
        BehaviorEngine engine = new BehaviorEngine(c, List.of(r), f -> { });
        for (NetworkEvent e : stream(5000)) {
            engine.accept(e);
            assertThat(engine.counters().get("pending")).isLessThanOrEqualTo(100);
        }
        assertThat(engine.counters().get("forced")).isEqualTo(4900);
        engine.finish();
        assertThat(r.seen).hasSize(5000).isSorted();
    }

    @Test
    void repeatsOfASubjectStayQuietAndAllowListsDrop() {
        List<Finding> out = new ArrayList<>();
        BehaviorConfig c = new BehaviorConfig();
        c.allowAddresses = List.of("10.9.0.0/16");
        c.allowDomains = List.of("corp.example");
        BehaviorDetector d = new BehaviorDetector() {
            @Override public String name() { return "repeater"; }

            @Override
            public void observe(NetworkEvent e, Findings f) {
                f.report(new Finding(BehaviorSignature.SCAN_HORIZONTAL, e.tsNanos(), 1, e.src(), 0, e.dst(), 0, "tcp", e.src(),
                        e.src().startsWith("10.8") ? "x.corp.example" : null, "dns.rrname", e.tsNanos(), e.tsNanos(), Map.of()));
            }

            @Override public long trackedKeys() { return 0; }
        };
        BehaviorEngine engine = new BehaviorEngine(c, List.of(d), out::add);
        engine.accept(syn(0, "10.0.0.1", "10.1.0.1", 80));
        engine.accept(syn(1800, "10.0.0.1", "10.1.0.1", 80)); // within the hour: quiet
        engine.accept(syn(3700, "10.0.0.1", "10.1.0.1", 80)); // after it: reported again
        engine.accept(syn(3800, "10.9.3.3", "10.1.0.1", 80)); // allow-listed address
        engine.accept(syn(3900, "10.8.3.3", "10.1.0.1", 80)); // allow-listed name
        engine.finish();
        assertThat(out).extracting(Finding::tsNanos).containsExactly(at(0), at(3700));
        assertThat(engine.counters()).containsEntry("quieted", 1L).containsEntry("allowlisted", 2L);
    }
}
