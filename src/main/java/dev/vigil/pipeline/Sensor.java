package dev.vigil.pipeline;

import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveWriter;
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

    public Summary run(List<CaptureFile> inputs, EveSink sink, PrintStream progressOut) throws IOException {
        int n = Math.max(1, config.workers);
        long totalBytes = 0;
        for (CaptureFile f : inputs) totalBytes += f.size();
        AtomicLong done = new AtomicLong();
        AtomicLong donePackets = new AtomicLong();
        List<Worker> workers = new ArrayList<>(n);
        List<EveWriter> writers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EveWriter w = new EveWriter(sink, config.eveTypes);
            writers.add(w);
            workers.add(new Worker(i, n, inputs, config, w, done, donePackets));
        }
        long t0 = System.nanoTime();
        Progress progress = config.progress && progressOut != null ? new Progress(progressOut, done, donePackets, totalBytes) : null;
        try {
            if (n == 1) {
                workers.get(0).run();
            } else {
                List<Thread> threads = new ArrayList<>(n);
                for (int i = 0; i < n; i++) threads.add(Thread.ofPlatform().name("vigil-worker-" + i).start(workers.get(i)));
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for workers", e);
                    }
                }
            }
        } finally {
            if (progress != null) progress.close();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (Worker w : workers) {
            if (w.failure instanceof IOException io) throw io;
            if (w.failure != null) throw new IOException("worker failed: " + w.failure, w.failure);
        }
        Stats total = new Stats();
        long lastTs = 0;
        for (Worker w : workers) {
            total.add(w.stats);
            lastTs = Math.max(lastTs, w.lastTimestamp());
        }
        StatsRecord.write(writers.get(0), lastTs, Math.round(secs), total.counters());
        for (EveWriter w : writers) w.close();
        List<String> problems = workers.get(0).problems;
        return new Summary(total.packets, total.bytes, totalBytes, total.flowTotal, total.decoderEvents(),
                total.invalid, total.internalErrors, sink.records(), secs, problems, total);
    }
}
