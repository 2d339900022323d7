package dev.vigil.pipeline;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** The progress line on a terminal: bytes done, packets/s, ETA; redrawn a few times a second. */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final AtomicLong done;
    private final long total;
    private final AtomicLong packets;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    Progress(PrintStream out, AtomicLong done, AtomicLong packets, long total) {
        this.out = out;
        this.done = done;
        this.total = total;
        this.packets = packets;
        this.thread = Thread.ofPlatform().daemon().name("vigil-progress").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            draw();
        }
    }

    private void draw() {
        long d = done.get();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? d / secs : 0;
        int pct = total > 0 ? (int) (100 * d / total) : 0;
        int bar = pct / 4;
        String eta = rate > 0 ? String.format("%.0fs", (total - d) / rate) : "?";
        out.printf("\r[%-25s] %3d%% %,d/%,d MB  %,.0f pkts/s  ETA %s   ", "#".repeat(bar), pct,
                d / 1_000_000, total / 1_000_000, secs > 0 ? packets.get() / secs : 0, eta);
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        out.print("\r" + " ".repeat(90) + "\r");
        out.flush();
    }
}
