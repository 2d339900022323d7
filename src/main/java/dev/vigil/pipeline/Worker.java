package dev.vigil.pipeline;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.decode.Checksums;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Defragmenter;
import dev.vigil.decode.Packet;
import dev.vigil.flow.CommunityId;
import dev.vigil.flow.EndReason;
import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowHash;
import dev.vigil.flow.FlowTable;
import dev.vigil.output.AnomalyRecord;
import dev.vigil.output.EveWriter;
import dev.vigil.output.FlowRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One of N workers. Every worker walks every record of the input (cheap: the file is mapped) so that
 * all share the same packet clock, decodes it, and keeps only what hashes to it: the flows whose
 * symmetric key hash is its own, and the per-frame counters and anomalies of frames whose address
 * pair is its own. Each worker owns its flow table and writer outright, so the hot path takes no lock,
 * and the set of records does not depend on N.
 */
final class Worker implements Runnable {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final int id;
    private final int workers;
    private final List<CaptureFile> inputs;
    private final SensorConfig config;
    private final EveWriter eve;
    private final Decoder decoder;
    private final FlowTable table;
    private final CommunityId communityId;
    final Stats stats = new Stats();
    private final AtomicLong progress;
    volatile Throwable failure;
    /** Reader problems (truncated tails, corrupt records); collected by worker 0 only. */
    final List<String> problems = new java.util.ArrayList<>();
    private long lastTs;

    Worker(int id, int workers, List<CaptureFile> inputs, SensorConfig config, EveWriter eve, AtomicLong progress) {
        this.id = id;
        this.workers = workers;
        this.inputs = inputs;
        this.config = config;
        this.eve = eve;
        this.decoder = new Decoder(new Defragmenter(config.defragMemcap));
        this.table = new FlowTable(config.flow, workers, this::flowEnded);
        this.communityId = config.communityId ? new CommunityId(config.communityIdSeed) : null;
        this.progress = progress;
    }

    long lastTimestamp() { return lastTs; }

    @Override
    public void run() {
        try {
            Frame frame = new Frame();
            long base = 0;
            long doneBytes = 0;
            for (CaptureFile input : inputs) {
                try (PacketSource src = input.cursor()) {
                    long n = 0;
                    while (src.next(frame)) {
                        frame.number += base;
                        n++;
                        process(frame);
                        if (id == 0 && (n & 0x3FF) == 0) progress.set(doneBytes + src.position());
                    }
                    if (id == 0) for (String p : src.problems()) problems.add(input.path() + ": " + p);
                    base += n;
                    doneBytes += src.size();
                    if (id == 0) progress.set(doneBytes);
                }
            }
            table.shutdown();
            eve.flush();
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            stats.takeFlowCounters(table);
            Defragmenter d = decoder.defragmenter();
            stats.defragReassembled = d.reassembled;
            stats.defragTimeouts = d.timeouts;
            stats.defragMemcapDrops = d.memcapDrops;
            stats.defragOverlaps = d.overlaps;
        }
    }

    private void process(Frame frame) {
        if (frame.tsNanos > lastTs) lastTs = frame.tsNanos;
        table.advanceClock(frame.tsNanos);
        try {
            // a plain TCP frame belongs wholly to the worker that owns its flow: the others skip it undecoded
            long dispatched = workers > 1 ? TcpDispatch.flowHash(frame) : TcpDispatch.NONE;
            if (dispatched != TcpDispatch.NONE && owner((int) dispatched) != id) return;
            decoder.decode(frame);
            Packet outer = decoder.outer();
            boolean frameMine = workers == 1 || dispatched != TcpDispatch.NONE || owner(frameHash(outer, frame)) == id;
            if (frameMine) countFrame(frame, outer);
            if (dispatched != TcpDispatch.NONE && (decoder.leafCount() != 1 || !decoder.leaf(0).hasFlowKey)) {
                stats.dispatchMismatches++;
            }
            for (int i = 0, n = decoder.leafCount(); i < n; i++) {
                Packet p = decoder.leaf(i);
                if (!p.hasFlowKey) continue;
                int h = FlowHash.of(p);
                if (dispatched != TcpDispatch.NONE) {
                    // no other worker saw this frame: its flows are tracked here whatever they hash to
                    if (h != (int) dispatched) stats.dispatchMismatches++;
                } else if (workers > 1 && owner(h) != id) continue;
                if (config.checksumValidation) validate(p);
                table.handle(p, h);
            }
        } catch (RuntimeException e) {
            // a decoder bug must not take the sensor down: count it, say where, go on
            stats.internalErrors++;
            if (stats.internalErrors <= 3) {
                LOG.log(Level.WARNING, "internal error on packet " + frame.number + ": " + e, e);
            }
        }
    }

    private void countFrame(Frame frame, Packet outer) {
        stats.packets++;
        stats.bytes += frame.wireLen;
        if (frame.wireLen > stats.maxPacketSize) stats.maxPacketSize = frame.wireLen;
        long[] lc = decoder.layerCounts;
        for (int i = 0; i < lc.length; i++) stats.layers[i] += lc[i];
        int ne = decoder.eventCount();
        if (ne > 0) {
            stats.invalid++;
            for (int i = 0; i < ne; i++) {
                stats.events[decoder.event(i).ordinal()]++;
                try {
                    AnomalyRecord.write(eve, outer, decoder.event(i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void validate(Packet p) {
        if (p.ipVersion == 4 && !p.reassembled && !Checksums.ipv4HeaderOk(p)) {
            p.badChecksum = true;
            stats.badChecksumIpv4++;
        }
        if (!Checksums.transportOk(p)) {
            p.badChecksum = true;
            switch (p.proto) {
                case 6 -> stats.badChecksumTcp++;
                case 17 -> stats.badChecksumUdp++;
                default -> stats.badChecksumIcmp++;
            }
        }
    }

    /** Owner of frame-level work: the outermost address pair, symmetric, or the frame number without IP. */
    private static int frameHash(Packet outer, Frame frame) {
        if (outer.ipVersion == 0) return (int) frame.number * 0x9E3779B9;
        long a = outer.srcHi * 31 + outer.srcLo, b = outer.dstHi * 31 + outer.dstLo;
        long h = (a + b) ^ (a * b);
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int owner(int hash) {
        return Integer.remainderUnsigned(hash * 0x85EBCA6B ^ (hash >>> 16), workers);
    }

    private void flowEnded(Flow f, EndReason reason, long now) {
        try {
            FlowRecord.write(eve, f, reason, communityId == null ? null : communityId.of(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
