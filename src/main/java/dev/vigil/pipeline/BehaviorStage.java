package dev.vigil.pipeline;

import dev.vigil.detect.behavior.BehaviorDetectors;
import dev.vigil.detect.behavior.BehaviorEngine;
import dev.vigil.detect.behavior.HomeNet;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.eve.EveEvents;
import dev.vigil.output.BehaviorAlertRecord;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveWriter;
import dev.vigil.output.RecordTap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The behavioural detectors behind the workers: each worker's EVE writer hands its flow and
 * transaction records to a tap, the tap turns them into events for the one shared engine, and the
 * engine's findings are written as alerts by a writer of their own on the same sink.
 */
final class BehaviorStage {
    private final BehaviorEngine engine;
    private final EveWriter alerts;
    private final List<Feed> feeds = new ArrayList<>();
    private final boolean live;

    private BehaviorStage(SensorConfig config, EveSink sink, boolean live) {
        this.live = live;
        HomeNet home = BehaviorDetectors.homeNet(config.behavior, config.ruleVars.get("HOME_NET"));
        this.alerts = new EveWriter(sink, config.eveTypes);
        this.engine = new BehaviorEngine(config.behavior, BehaviorDetectors.create(config.behavior, home), f -> {
            try {
                BehaviorAlertRecord.write(alerts, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, live ? config.behavior.liveLatenessSeconds : config.behavior.latenessSeconds);
    }

    /** The stage for {@code config}, or null when behavioural detection is off. */
    static BehaviorStage create(SensorConfig config, EveSink sink, boolean live) {
        return config.behavior.enabled ? new BehaviorStage(config, sink, live) : null;
    }

    /** What one worker hands the stage: its EVE records, its ARP messages, the progress of its clock. */
    final class Feed {
        private final EveEvents reader = new EveEvents();
        private final BehaviorEngine.Producer producer;
        /**
         * The worker's packet time, kept by the worker (its thread alone writes and reads it). Records are
         * keyed by it, not by their own timestamps: a transaction parsed late (reassembly, a flow's end)
         * carries the time it began, but is reported now, and a worker's "now" never goes back.
         */
        long now = Long.MIN_VALUE;

        Feed(BehaviorEngine.Producer producer) {
            this.producer = producer;
        }

        RecordTap tap() {
            return new RecordTap() {
                @Override
                public boolean wants(String eventType) {
                    // ARP reaches the engine from the workers directly, whether or not its records are written
                    return EveEvents.wanted(eventType) && !eventType.equals("arp");
                }

                @Override
                public void record(String eventType, byte[] buf, int off, int len) {
                    if (producer != null) reader.lineWithRecordTime(buf, off, len, (e, t) -> producer.accept(e, now));
                    else reader.line(buf, off, len, engine::accept);
                }
            };
        }

        void arp(NetworkEvent e) {
            if (producer != null) producer.accept(e, now);
            else engine.accept(e);
        }

        /** The worker read up to packet time {@code nanos}: it will report nothing earlier. */
        void clock(long nanos) {
            if (producer != null) producer.clock(nanos);
        }

        void done() {
            if (producer != null) producer.done();
        }
    }

    /**
     * A feed for one worker. Offline its records carry nondecreasing times, so the engine waits for the
     * slowest worker rather than a fixed lateness (the same decisions with any number of workers); live,
     * the wall clock and the live lateness keep alerts prompt.
     */
    synchronized Feed feed() {
        Feed f = new Feed(live ? null : engine.producer());
        feeds.add(f);
        return f;
    }

    /** Live capture: packet time moved to {@code nanos} even if no record came. */
    void clock(long nanos) {
        engine.clock(nanos);
    }

    /** The input ended: the detectors judge what is open, the alerts are handed to the sink. */
    void finish() throws IOException {
        engine.finish();
        alerts.close();
    }

    /** Pushes findings written so far to the sink (live sensors). */
    void flush() throws IOException {
        synchronized (engine) {
            alerts.flush();
        }
    }

    /** Counters for the stats record, under {@code detect.behavior}. */
    Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : engine.counters().entrySet()) m.put("detect.behavior." + e.getKey(), e.getValue());
        long malformed = 0;
        synchronized (this) {
            for (Feed f : feeds) malformed += f.reader.malformed();
        }
        m.put("detect.behavior.malformed_records", malformed);
        return m;
    }
}
