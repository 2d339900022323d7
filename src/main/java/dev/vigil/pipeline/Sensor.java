package dev.vigil.pipeline;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveWriter;
import dev.vigil.output.RecordTaps;
import dev.vigil.output.StatsRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offline sensor: reads capture files with N workers and writes EVE records to a sink, ending
 * with one {@code stats} record. Malformed input is counted, never thrown; only I/O failures on the
 * input or output surface as exceptions.
 */
public final class Sensor {
    private final SensorConfig config;

    public Sensor(SensorConfig config) {
        this.config = config;
    }

    private void startWorker(int id, int n, List<CaptureFile> inputs, boolean[] validate, List<ChunkDispatcher> dispatchers, EveSink sink,
                             AtomicLong done, AtomicLong donePackets, Worker[] workers, Throwable[] startFailure, BehaviorStage.Feed feed,
                             IndicatorStage.Feed indicatorFeed) {
        Worker w;
        try {
            EveWriter eve = new EveWriter(sink, config.eveTypes);
            eve.tap(RecordTaps.of(feed == null ? null : feed.tap(), indicatorFeed));
            w = new Worker(id, n, inputs, validate, dispatchers, config, eve, done, donePackets);
            w.behavior = feed;
        } catch (RuntimeException | Error e) {
            startFailure[0] = e;
            for (ChunkDispatcher d : dispatchers) if (d != null) d.abort();
            if (feed != null) feed.done();
            return;
        }
        workers[id] = w;
        try {
            w.run();
        } finally {
            // the other workers' events need not wait for this one any more
            if (feed != null) feed.done();
        }
    }

    public Summary run(List<CaptureFile> inputs, EveSink sink, PrintStream progressOut) throws IOException {
        int n = Math.max(1, config.workers);
        long totalBytes = 0;
        for (CaptureFile f : inputs) totalBytes += f.size();
        AtomicLong done = new AtomicLong();
        AtomicLong donePackets = new AtomicLong();
        // each run gets fresh dispatchers: they hold the run's progress through the files
        List<ChunkDispatcher> dispatchers = new ArrayList<>(inputs.size());
        for (CaptureFile f : inputs) {
            boolean split = n > 1 && n <= Byte.MAX_VALUE && ChunkDispatcher.supports(f);
            dispatchers.add(split ? new ChunkDispatcher(f, n, config.chunkBytes) : null);
        }
        boolean[] validate = new boolean[inputs.size()];
        for (int i = 0; i < validate.length; i++) {
            validate[i] = config.checksumValidation && !(config.checksumAuto && ChecksumOffload.detected(inputs.get(i)));
        }
        Worker[] workerArray = new Worker[n];
        Throwable[] startFailure = new Throwable[1];
        long t0 = System.nanoTime();
        BehaviorStage behavior = BehaviorStage.create(config, sink, false);
        // every worker's feed exists before any worker runs: the engine waits for all of them from the first event
        BehaviorStage.Feed[] feeds = new BehaviorStage.Feed[n];
        if (behavior != null) for (int i = 0; i < n; i++) feeds[i] = behavior.feed();
        IndicatorStage indicators = IndicatorStage.create(config, sink);
        IndicatorStage.Feed[] indicatorFeeds = new IndicatorStage.Feed[n];
        if (indicators != null) for (int i = 0; i < n; i++) indicatorFeeds[i] = indicators.feed();
        Progress progress = config.progress && progressOut != null ? new Progress(progressOut, done, donePackets, totalBytes) : null;
        try {
            // workers 1..n-1 on threads of their own, worker 0 on this thread; each worker allocates its state
            // on its own thread, in its own allocation buffer, so that what the workers write for every packet
            // does not end up on shared cache lines
            List<Thread> threads = new ArrayList<>(n - 1);
            for (int i = 1; i < n; i++) {
                int id = i;
                threads.add(Thread.ofPlatform().name("vigil-worker-" + i).start(() -> startWorker(id, n, inputs, validate, dispatchers, sink,
                        done, donePackets, workerArray, startFailure, feeds[id], indicatorFeeds[id])));
            }
            startWorker(0, n, inputs, validate, dispatchers, sink, done, donePackets, workerArray, startFailure, feeds[0], indicatorFeeds[0]);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    for (ChunkDispatcher d : dispatchers) if (d != null) d.abort();
                    throw new IOException("interrupted while waiting for workers", e);
                }
            }
        } finally {
            if (progress != null) progress.close();
        }
        if (startFailure[0] == null && behavior != null) {
            // the workers' last records (flows ended by the end of input) are in: judge what is open
            behavior.finish();
        }
        if (indicators != null) indicators.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (startFailure[0] != null) throw new IOException("a worker could not start: " + startFailure[0], startFailure[0]);
        List<Worker> workers = List.of(workerArray);
        List<EveWriter> writers = workers.stream().map(Worker::eve).toList();
        // the root cause first: workers released by a failed one report only that they were stopped
        for (Worker w : workers) {
            if (w.failure instanceof ChunkDispatcher.Aborted) continue;
            if (w.failure instanceof IOException io) throw io;
            if (w.failure != null) throw new IOException("worker failed: " + w.failure, w.failure);
        }
        for (Worker w : workers) if (w.failure instanceof IOException io) throw io;
        Stats total = new Stats();
        long lastTs = 0;
        for (Worker w : workers) {
            total.add(w.stats);
            lastTs = Math.max(lastTs, w.lastTimestamp());
        }
        java.util.Map<String, Long> counters = total.counters();
        if (behavior != null) counters.putAll(behavior.counters());
        if (indicators != null) counters.putAll(indicators.counters());
        StatsRecord.write(writers.get(0), lastTs, Math.round(secs), counters);
        for (EveWriter w : writers) w.close();
        List<String> problems = workers.get(0).problems;
        return new Summary(total.packets, total.bytes, totalBytes, total.flowTotal, total.decoderEvents(),
                total.invalid, total.internalErrors, sink.records(), secs, problems, total);
    }
}
