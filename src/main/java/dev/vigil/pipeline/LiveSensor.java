package dev.vigil.pipeline;

import dev.vigil.capture.CaptureException;
import dev.vigil.capture.Frame;
import dev.vigil.capture.LiveCapture;
import dev.vigil.flow.ShardPeek;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveWriter;
import dev.vigil.output.RecordTaps;
import dev.vigil.output.StatsRecord;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live sensor: one capture thread per interface, N workers, a {@link FrameRing} from every capture
 * to every worker. A capture thread reads a frame, finds its worker by the same flow hash the workers
 * use ({@link ShardPeek}; a frame it cannot place, such as a fragment, goes to every worker as in a file)
 * and copies it into that worker's ring; a full ring drops the frame and counts it. Workers own their
 * flow tables and writers as in {@link Sensor}; when their rings are empty they move their clock to the
 * wall clock (a quiet link still times flows out) and flush their records, so an alert reaches eve.json
 * within a fraction of a second.
 *
 * <p>{@link #stop} (the CLI calls it on SIGINT/SIGTERM) ends the captures; the workers process what is in
 * their rings, end every flow, and a last {@code stats} record is written. A {@code stats} record is also
 * written every {@link Options#statsIntervalSeconds}: the workers' counters (each taken on its own thread),
 * the kernel's receive and drop counters per interface, and the ring drops and load per worker.
 */
public final class LiveSensor {
    private static final Logger LOG = Logger.getLogger(LiveSensor.class.getName());

    /** Interfaces, how they are opened, the ring per capture and worker, and the stats period (0: only at the end). */
    public record Options(List<String> interfaces, LiveCapture.Options capture, long ringBytes, int statsIntervalSeconds) {}

    private final SensorConfig config;
    private final Options options;
    private volatile boolean stopping;
    /** The rules the workers are to use: replaced by {@link #reload}, taken up by each worker between two batches. */
    private volatile dev.vigil.detect.engine.DetectEngine engine;
    private final java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
    private volatile LiveWorker[] running = new LiveWorker[0];

    /** Per capture thread: frames read, frames no ring took (per worker), the kernel's counters. */
    private final class CaptureThread {
        final LiveCapture capture;
        final FrameRing[] rings;
        final AtomicLong[] ringDrops;
        final AtomicLong frames = new AtomicLong();
        volatile LiveCapture.KernelStats kernel = new LiveCapture.KernelStats(0, 0, 0);
        volatile Throwable failure;

        CaptureThread(LiveCapture capture, FrameRing[] rings) {
            this.capture = capture;
            this.rings = rings;
            this.ringDrops = new AtomicLong[rings.length];
            for (int i = 0; i < rings.length; i++) ringDrops[i] = new AtomicLong();
        }

        void run() {
            Frame f = new Frame();
            int n = rings.length;
            long lastStats = System.nanoTime();
            try {
                while (!stopping) {
                    int rc = capture.next(f);
                    if (rc == LiveCapture.END) break;
                    if (rc == LiveCapture.PACKET) {
                        frames.lazySet(frames.get() + 1);
                        long h = n == 1 ? 0 : ShardPeek.peek(f);
                        if (h == ShardPeek.DECLINED) {
                            for (int w = 0; w < n; w++) if (!rings[w].offer(f)) ringDrops[w].lazySet(ringDrops[w].get() + 1);
                        } else {
                            int w = n == 1 ? 0 : Worker.owner(ShardPeek.shardOf(h), n);
                            if (!rings[w].offer(f)) ringDrops[w].lazySet(ringDrops[w].get() + 1);
                        }
                    }
                    // the kernel's counters are read on this thread: libpcap's handle is not shared
                    long now = System.nanoTime();
                    if (now - lastStats > 1_000_000_000L) {
                        kernel = capture.stats();
                        lastStats = now;
                    }
                }
            } catch (CaptureException | RuntimeException e) {
                failure = e;
                LOG.log(Level.SEVERE, e.getMessage());
            } finally {
                kernel = capture.stats();
                capture.close();
            }
        }
    }

    /** Per worker: its rings (one per capture), whether the captures are done, its load. */
    private final class LiveWorker {
        final int id;
        final FrameRing[] rings;
        volatile Worker worker;
        volatile boolean capturesDone;
        /** A stats record asks for the counters: the worker takes them on its thread and hands them over. */
        volatile CountDownLatch snapshotWanted;
        volatile Stats snapshot;
        final AtomicLong busyNanos = new AtomicLong(), idleNanos = new AtomicLong();
        volatile Throwable failure;
        /** The engine this worker inspects with now. */
        volatile dev.vigil.detect.engine.DetectEngine current;

        LiveWorker(int id, FrameRing[] rings) {
            this.id = id;
            this.rings = rings;
        }

        void run(int n, EveSink sink, BehaviorStage behavior, IndicatorStage indicators) {
            Worker w;
            try {
                BehaviorStage.Feed feed = behavior == null ? null : behavior.feed();
                EveWriter eve = new EveWriter(sink, config.eveTypes);
                eve.tap(RecordTaps.of(feed == null ? null : feed.tap(), indicators == null ? null : indicators.feed()));
                w = new Worker(id, n, List.of(), new boolean[0], List.of(), config, eve, new AtomicLong(), new AtomicLong());
                w.behavior = feed;
                w.goLive(config.checksumValidation, config.checksumAuto);
            } catch (RuntimeException | Error e) {
                failure = e;
                return;
            }
            worker = w;
            current = config.detect;
            Frame f = new Frame();
            int idleRounds = 0;
            long idleSince = 0, lastFlush = System.nanoTime();
            try {
                while (true) {
                    boolean any = false;
                    dev.vigil.detect.engine.DetectEngine e = engine;
                    if (e != current) {
                        // a reload: from this packet on, the new rules; the flows and their state stay
                        w.useEngine(e);
                        current = e;
                    }
                    long t0 = System.nanoTime();
                    for (FrameRing r : rings) {
                        // a bounded batch per ring, so that one busy interface does not starve another
                        for (int k = 0; k < 256 && r.poll(f); k++) {
                            try {
                                w.liveFrame(f);
                            } finally {
                                r.release();
                            }
                            any = true;
                        }
                    }
                    long t1 = System.nanoTime();
                    CountDownLatch want = snapshotWanted;
                    if (want != null) {
                        snapshot = w.snapshot();
                        snapshotWanted = null;
                        want.countDown();
                    }
                    if (any) {
                        busyNanos.lazySet(busyNanos.get() + (t1 - t0));
                        idleRounds = 0;
                        // records of a busy worker still reach the file at least every 200 ms
                        if (t1 - lastFlush > 200_000_000L) {
                            w.liveFlush();
                            lastFlush = t1;
                        }
                        continue;
                    }
                    if (capturesDone) break;
                    if (idleRounds++ == 0) idleSince = t1;
                    if (idleRounds < 64) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(500_000);
                    }
                    if (t1 - idleSince > 100_000_000L || t1 - lastFlush > 200_000_000L) {
                        // quiet for 100 ms: the packet clock follows the wall clock, records go out
                        w.liveIdle(System.currentTimeMillis() * 1_000_000L);
                        lastFlush = t1;
                        idleSince = t1;
                    }
                    idleNanos.lazySet(idleNanos.get() + (System.nanoTime() - t1));
                }
                w.liveFinish();
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                LOG.log(Level.SEVERE, "worker " + id + " failed: " + e, e);
            } finally {
                CountDownLatch want = snapshotWanted;
                if (want != null) want.countDown();
            }
        }
    }

    public LiveSensor(SensorConfig config, Options options) {
        this.config = config;
        this.options = options;
        this.engine = config.detect;
        config.reloadable = true;
    }

    /**
     * Replaces the rules while the sensor runs: the workers go on with the old engine while the new one is
     * built (by the caller), and each takes up the new one between two batches of packets, so no packet
     * waits for the reload and each is inspected by one rule set or the other. Returns once every worker
     * uses it (or after {@code waitMillis}).
     */
    public boolean reload(dev.vigil.detect.engine.DetectEngine next, java.util.Map<String, dev.vigil.detect.rules.RuleLoader.Classification> classifications,
                          long waitMillis) throws InterruptedException {
        config.classifications = classifications;
        engine = next;
        reloads.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (LiveWorker lw : running) all &= lw.current == next || lw.worker == null;
            if (all) return true;
            Thread.sleep(1);
        }
        return false;
    }

    private volatile BehaviorStage behavior;
    private volatile IndicatorStage indicators;

    /** Asks a running sensor to stop: the captures end, the workers drain their rings and end every flow. */
    public void stop() {
        stopping = true;
    }

    /**
     * Opens the interfaces (failing before anything runs when one cannot be captured on), says so through
     * {@code started}, then captures until {@link #stop}. Returns the run's summary once every record is written.
     */
    public Summary run(EveSink sink, Runnable started) throws IOException, CaptureException {
        int n = Math.max(1, config.workers);
        List<LiveCapture> opened = new ArrayList<>();
        try {
            for (int i = 0; i < options.interfaces().size(); i++) opened.add(LiveCapture.open(options.interfaces().get(i), options.capture(), i));
        } catch (CaptureException | RuntimeException e) {
            for (LiveCapture c : opened) c.close();
            throw e;
        }
        started.run();
        long t0 = System.nanoTime();
        try (Arena arena = Arena.ofShared()) {
            List<CaptureThread> captures = new ArrayList<>();
            LiveWorker[] workers = new LiveWorker[n];
            FrameRing[][] byWorker = new FrameRing[n][opened.size()];
            for (int c = 0; c < opened.size(); c++) {
                FrameRing[] rings = new FrameRing[n];
                for (int w = 0; w < n; w++) rings[w] = byWorker[w][c] = new FrameRing(options.ringBytes(), arena);
                captures.add(new CaptureThread(opened.get(c), rings));
            }
            for (int w = 0; w < n; w++) workers[w] = new LiveWorker(w, byWorker[w]);
            running = workers;
            BehaviorStage behavior = BehaviorStage.create(config, sink, true);
            this.behavior = behavior;
            IndicatorStage indicators = IndicatorStage.create(config, sink);
            this.indicators = indicators;
            List<Thread> workerThreads = new ArrayList<>();
            for (LiveWorker lw : workers) {
                workerThreads.add(Thread.ofPlatform().name("vigil-worker-" + lw.id).start(() -> lw.run(n, sink, behavior, indicators)));
            }
            List<Thread> captureThreads = new ArrayList<>();
            for (CaptureThread ct : captures) {
                captureThreads.add(Thread.ofPlatform().name("vigil-capture-" + ct.capture.iface()).start(ct::run));
            }
            EveWriter statsWriter = new EveWriter(sink, config.eveTypes);
            long period = options.statsIntervalSeconds() > 0 ? TimeUnit.SECONDS.toNanos(options.statsIntervalSeconds()) : Long.MAX_VALUE;
            long nextStats = System.nanoTime() + period;
            long nextBehavior = System.nanoTime();
            // this thread: the stats clock, and the watch for a capture or worker that failed
            while (!stopping) {
                boolean alive = false;
                for (Thread t : captureThreads) alive |= t.isAlive();
                for (LiveWorker lw : workers) if (lw.failure != null) stopping = true;
                if (!alive) break;
                LockSupport.parkNanos(50_000_000L);
                if (behavior != null && System.nanoTime() >= nextBehavior) {
                    // packet time moves on a quiet link too (live, it is the kernel's clock): windows close, findings reach the file
                    behavior.clock(System.currentTimeMillis() * 1_000_000L);
                    behavior.flush();
                    nextBehavior = System.nanoTime() + 1_000_000_000L;
                }
                if (System.nanoTime() >= nextStats) {
                    writeStats(statsWriter, captures, workers, t0, true);
                    nextStats += period;
                }
            }
            stopping = true;
            join(captureThreads);
            for (LiveWorker lw : workers) lw.capturesDone = true;
            join(workerThreads);
            if (behavior != null) behavior.finish();
            if (indicators != null) indicators.finish();
            Stats total = writeStats(statsWriter, captures, workers, t0, false);
            statsWriter.close();
            for (LiveWorker lw : workers) if (lw.worker != null) lw.worker.eve().close();
            sink.flush();
            double secs = (System.nanoTime() - t0) / 1e9;
            for (LiveWorker lw : workers) {
                if (lw.failure instanceof IOException io) throw io;
                if (lw.failure != null) throw new IOException("worker " + lw.id + " failed: " + lw.failure, lw.failure);
            }
            List<String> problems = new ArrayList<>();
            for (CaptureThread ct : captures) if (ct.failure != null) problems.add(ct.failure.getMessage());
            return new Summary(total.packets, total.bytes, 0, total.flowTotal, total.decoderEvents(), total.invalid,
                    total.internalErrors, sink.records(), secs, problems, total);
        }
    }

    private static void join(List<Thread> threads) throws IOException {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping", e);
            }
        }
    }

    /**
     * Writes a stats record and returns the workers' total. While running, each worker takes its counters
     * on its own thread (asked here, waited for up to a second); at the end the finished workers' own.
     */
    private Stats writeStats(EveWriter out, List<CaptureThread> captures, LiveWorker[] workers, long t0, boolean running) throws IOException {
        Stats total = new Stats();
        Map<String, Long> extra = new LinkedHashMap<>();
        for (LiveWorker lw : workers) {
            Worker w = lw.worker;
            if (w == null) continue;
            Stats s;
            if (running) {
                CountDownLatch want = new CountDownLatch(1);
                lw.snapshotWanted = want;
                try {
                    if (!want.await(1, TimeUnit.SECONDS)) continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return total;
                }
                s = lw.snapshot;
            } else {
                s = w.stats;
            }
            if (s == null) continue;
            total.add(s);
            long busy = lw.busyNanos.get(), idle = lw.idleNanos.get();
            extra.put("worker." + lw.id + ".pkts", s.packets);
            extra.put("worker." + lw.id + ".load_percent", busy + idle == 0 ? 0 : Math.round(100.0 * busy / (busy + idle)));
        }
        long kernelPackets = 0, kernelDrops = 0, ifDrops = 0, ringDrops = 0, frames = 0;
        for (CaptureThread ct : captures) {
            LiveCapture.KernelStats k = ct.kernel;
            kernelPackets += Math.max(0, k.received());
            kernelDrops += Math.max(0, k.dropped());
            ifDrops += Math.max(0, k.interfaceDropped());
            frames += ct.frames.get();
            for (int w = 0; w < ct.ringDrops.length; w++) {
                long d = ct.ringDrops[w].get();
                ringDrops += d;
                extra.merge("worker." + w + ".ring_drops", d, Long::sum);
            }
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        // Suricata's names for the capture counters; ring drops are Vigil's own (frames captured that no worker took)
        counters.put("capture.kernel_packets", kernelPackets);
        counters.put("capture.kernel_drops", kernelDrops);
        counters.put("capture.kernel_ifdrops", ifDrops);
        counters.put("capture.frames", frames);
        counters.put("capture.ring_drops", ringDrops);
        counters.put("detect.engine.reloads", (long) reloads.get());
        counters.putAll(total.counters());
        counters.putAll(extra);
        BehaviorStage b = behavior;
        if (b != null) counters.putAll(b.counters());
        IndicatorStage ind = indicators;
        if (ind != null) counters.putAll(ind.counters());
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        StatsRecord.write(out, nowNanos, (System.nanoTime() - t0) / 1_000_000_000L, counters);
        out.flush();
        lastCounters = counters;
        java.util.function.Consumer<Map<String, Long>> l = statsListener;
        if (l != null) l.accept(counters);
        return total;
    }

    private volatile Map<String, Long> lastCounters = Map.of();
    /** Where each stats record's counters also go (the Prometheus endpoint), or null. */
    private volatile java.util.function.Consumer<Map<String, Long>> statsListener;

    /** Hands every stats record's counters to {@code listener} too (called on the stats thread). */
    public void onStats(java.util.function.Consumer<Map<String, Long>> listener) {
        this.statsListener = listener;
    }

    /** The counters of the last stats record (for the tests and a metrics endpoint). */
    public Map<String, Long> lastCounters() { return lastCounters; }
}
