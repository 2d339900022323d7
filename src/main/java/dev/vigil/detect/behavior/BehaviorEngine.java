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
 * log reader). Producers do not deliver in time order, so events wait in a reorder buffer and go to
 * every detector in the order of their key, ties broken by content; {@link BehaviorDetector#advance}
 * runs as that order's clock passes each tick. When events wait is decided one of two ways:
 * <ul>
 * <li>registered {@linkplain #producer() producers} (the offline sensor's workers, whose records carry
 * nondecreasing times): an event goes on once every producer has passed its key, the low watermark of
 * stream processing, so a capture analyzed with any number of workers gives the same decisions;</li>
 * <li>otherwise (a live sensor, log files): once packet time has moved {@code lateness} past it.</li>
 * </ul>
 * The buffer is capped: a flood releases the oldest early (counted as {@code forced}) rather than
 * growing. An event that comes after its turn is judged at once (counted as {@code late}). Findings pass
 * the allow-lists and the per-subject quiet time before they reach the sink.
 */
public final class BehaviorEngine {
    private static final Comparator<Pending> ORDER = Comparator.<Pending>comparingLong(p -> p.key)
            .thenComparingLong(p -> p.e.tsNanos())
            // the content's hash settles nearly every tie at once; the fields after it only when two hashes collide
            .thenComparingInt(p -> p.hash)
            .thenComparing(p -> p.e.getClass().getSimpleName())
            .thenComparing(p -> p.e.src())
            .thenComparing(p -> p.e.dst())
            .thenComparingInt(p -> p.e.srcPort())
            .thenComparingInt(p -> p.e.dstPort())
            .thenComparing(p -> p.e.toString());

    /** An event waiting for its turn; records hash their content, the same in every run. */
    private record Pending(NetworkEvent e, long key, int hash) {
        Pending(NetworkEvent e, long key) {
            this(e, key, e.hashCode());
        }
    }

    /** One source of events whose keys do not go backwards (a worker): the engine waits for the slowest. */
    public final class Producer {
        private long clock = Long.MIN_VALUE;
        private boolean done;

        /** An event with the time it was reported (its EVE record's timestamp), no earlier than this producer's last. */
        public void accept(NetworkEvent e, long keyNanos) {
            synchronized (BehaviorEngine.this) {
                if (keyNanos > clock) clock = keyNanos;
                add(e, keyNanos);
            }
        }

        /** This producer's time moved on without an event (it read packets that made no record). */
        public void clock(long nanos) {
            synchronized (BehaviorEngine.this) {
                if (nanos <= clock) return;
                clock = nanos;
                release();
            }
        }

        /** Nothing more will come from this producer. */
        public void done() {
            synchronized (BehaviorEngine.this) {
                done = true;
                release();
            }
        }
    }

    private final BehaviorConfig config;
    private final List<BehaviorDetector> detectors;
    private final Consumer<Finding> sink;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(ORDER);
    private final List<Producer> producers = new ArrayList<>();
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
        // no lateness at all: only the buffer's cap releases (a file whose order is off by whole batches)
        this.latenessNanos = latenessSeconds >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : latenessSeconds * 1_000_000_000L;
        this.tickNanos = Math.max(1, config.tickSeconds) * 1_000_000_000L;
    }

    /**
     * Registers a producer; from now on events go on only when every registered producer has passed them.
     * Register them all before any delivers: a latecomer's events may already have been overtaken.
     */
    public synchronized Producer producer() {
        Producer p = new Producer();
        producers.add(p);
        return p;
    }

    /** An event ordered by its own time ({@link NetworkEvent#orderNanos()}), from no registered producer. */
    public synchronized void accept(NetworkEvent e) {
        add(e, e.orderNanos());
    }

    /** An event ordered by {@code keyNanos} (e.g. when its record was written), from no registered producer. */
    public synchronized void accept(NetworkEvent e, long keyNanos) {
        add(e, keyNanos);
    }

    private void add(NetworkEvent e, long key) {
        if (finished) throw new IllegalStateException("engine finished");
        events++;
        if (key < released) {
            // behind what was already handed on: judged now rather than dropped
            late++;
            deliver(e, released);
            return;
        }
        pending.add(new Pending(e, key));
        if (key > maxSeen) maxSeen = key;
        release();
        while (pending.size() > config.maxPendingEvents) {
            forced++;
            Pending p = pending.poll();
            deliver(p.e, p.key);
        }
    }

    /** The input ended: hand on what waits, let every detector judge what is open. */
    public synchronized void finish() {
        if (finished) return;
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            deliver(p.e, p.key);
        }
        long now = Math.max(maxSeen, released);
        if (now != Long.MIN_VALUE) for (BehaviorDetector d : detectors) d.finish(now, reporter);
        finished = true;
    }

    /**
     * Live sensors: packet time also moves when no event comes (the capture clock); releases what has
     * waited long enough and lets windows close.
     */
    public synchronized void clock(long nowNanos) {
        if (finished || nowNanos <= maxSeen) return;
        maxSeen = nowNanos;
        release();
        if (producers.isEmpty() && latenessNanos != Long.MAX_VALUE) tick(nowNanos - latenessNanos);
    }

    /** Hands on every event no producer can still precede. */
    private void release() {
        if (producers.isEmpty()) {
            long watermark = latenessNanos == Long.MAX_VALUE ? Long.MIN_VALUE : maxSeen - latenessNanos;
            while (!pending.isEmpty() && pending.peek().key <= watermark) {
                Pending p = pending.poll();
                deliver(p.e, p.key);
            }
            return;
        }
        long low = Long.MAX_VALUE;
        for (Producer p : producers) if (!p.done) low = Math.min(low, p.clock);
        // strictly before the slowest producer's time: it may still report more at exactly that time
        while (!pending.isEmpty() && (low == Long.MAX_VALUE || pending.peek().key < low)) {
            Pending p = pending.poll();
            deliver(p.e, p.key);
        }
    }

    private void deliver(NetworkEvent e, long key) {
        if (key > released) {
            released = key;
            tick(key);
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
