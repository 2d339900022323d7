package dev.vigil.detect.behavior;

import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Runs the behavioural detectors over events from any number of producers (the sensor's workers, a
 * Zeek log reader). Producers do not deliver in time order, so events wait in a reorder buffer until
 * packet time has moved {@code lateness} past them, then go to every detector in time order; ties are
 * broken by content, so a replay with any number of workers decides the same. The buffer is capped: a
 * flood releases the oldest early (counted as {@code forced}) rather than growing. Findings pass the
 * allow-lists and the per-subject quiet time before they reach the sink.
 */
public final class BehaviorEngine {
    private static final Comparator<Pending> ORDER = Comparator.<Pending>comparingLong(p -> p.e.orderNanos())
            .thenComparingLong(p -> p.e.tsNanos())
            .thenComparing(p -> p.e.getClass().getSimpleName())
            .thenComparing(p -> p.e.src())
            .thenComparing(p -> p.e.dst())
            .thenComparingInt(p -> p.e.srcPort())
            .thenComparingInt(p -> p.e.dstPort())
            // records hash their content, the same in every run: a deterministic last resort without building strings
            .thenComparingInt(p -> p.e.hashCode());

    private record Pending(NetworkEvent e) {}

    private final BehaviorConfig config;
    private final List<BehaviorDetector> detectors;
    private final Consumer<Finding> sink;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(ORDER);
    private final BoundedMap<String, Long> lastReported;
    private final HomeNet allowAddresses;
    private final long latenessNanos, tickNanos;
    private long maxSeen = Long.MIN_VALUE, released = Long.MIN_VALUE, nextTick = Long.MIN_VALUE;
    private long events, late, forced, findings, quieted, allowed;
    private boolean finished;
    private final Findings reporter = this::report;

    public BehaviorEngine(BehaviorConfig config, List<BehaviorDetector> detectors, Consumer<Finding> sink) {
        this(config, detectors, sink, config.latenessSeconds);
    }

    /** With its own lateness: a live sensor's workers run nearly in step, so it need not wait as long as a file's. */
    public BehaviorEngine(BehaviorConfig config, List<BehaviorDetector> detectors, Consumer<Finding> sink, long latenessSeconds) {
        this.config = config;
        this.detectors = List.copyOf(detectors);
        this.sink = sink;
        this.lastReported = new BoundedMap<>(config.maxQuietKeys);
        this.allowAddresses = new HomeNet(config.allowAddresses);
        this.latenessNanos = latenessSeconds * 1_000_000_000L;
        this.tickNanos = Math.max(1, config.tickSeconds) * 1_000_000_000L;
    }

    public synchronized void accept(NetworkEvent e) {
        if (finished) throw new IllegalStateException("engine finished");
        events++;
        long t = e.orderNanos();
        if (t < released) {
            // behind what was already handed on: judged now rather than dropped
            late++;
            deliver(e);
            return;
        }
        pending.add(new Pending(e));
        if (t > maxSeen) maxSeen = t;
        releaseUpTo(maxSeen - latenessNanos);
        while (pending.size() > config.maxPendingEvents) {
            forced++;
            deliver(pending.poll().e);
        }
    }

    /** The input ended: hand on what waits, let every detector judge what is open. */
    public synchronized void finish() {
        if (finished) return;
        while (!pending.isEmpty()) deliver(pending.poll().e);
        long now = Math.max(maxSeen, released);
        if (now != Long.MIN_VALUE) for (BehaviorDetector d : detectors) d.finish(now, reporter);
        finished = true;
    }

    /**
     * Live sensors: packet time also moves when no event comes (the capture clock of the last packet);
     * releases what has waited long enough and lets windows close.
     */
    public synchronized void clock(long nowNanos) {
        if (finished || nowNanos <= maxSeen) return;
        maxSeen = nowNanos;
        releaseUpTo(nowNanos - latenessNanos);
        tick(nowNanos - latenessNanos);
    }

    private void releaseUpTo(long watermark) {
        while (!pending.isEmpty() && pending.peek().e.orderNanos() <= watermark) deliver(pending.poll().e);
    }

    private void deliver(NetworkEvent e) {
        long t = e.orderNanos();
        if (t > released) {
            released = t;
            tick(t);
        }
        for (BehaviorDetector d : detectors) d.observe(e, reporter);
    }

    private void tick(long now) {
        if (nextTick == Long.MIN_VALUE) nextTick = now - Math.floorMod(now, tickNanos) + tickNanos;
        if (now < nextTick) return;
        for (BehaviorDetector d : detectors) d.advance(now, reporter);
        nextTick = now - Math.floorMod(now, tickNanos) + tickNanos;
    }

    private void report(Finding f) {
        if (allowAddresses.contains(f.src()) || allowAddresses.contains(f.dst()) || config.allowsName(f.name())) {
            allowed++;
            return;
        }
        String key = f.signature().sid + "|" + f.subject();
        Long last = lastReported.get(key);
        if (last != null && f.tsNanos() - last < f.signature().quietNanos && f.tsNanos() >= last) {
            quieted++;
            return;
        }
        lastReported.put(key, f.tsNanos());
        findings++;
        sink.accept(f);
    }

    public List<BehaviorDetector> detectors() { return detectors; }

    /** Counters for the stats record: events, late, forced releases, findings, per-detector keys and evictions. */
    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("late", late);
        m.put("forced", forced);
        m.put("pending", (long) pending.size());
        m.put("findings", findings);
        m.put("quieted", quieted);
        m.put("allowlisted", allowed);
        for (BehaviorDetector d : detectors) {
            m.put(d.name() + ".keys", d.trackedKeys());
            m.put(d.name() + ".evicted", d.evicted());
        }
        return m;
    }

    /**
     * The keys the detectors and the quiet-time table hold now, for memory checks (events waiting in the
     * reorder buffer are counted apart, as {@code pending}: they follow the traffic's rate, not its history).
     */
    public synchronized long trackedKeys() {
        long n = lastReported.size();
        for (BehaviorDetector d : new ArrayList<>(detectors)) n += d.trackedKeys();
        return n;
    }
}
