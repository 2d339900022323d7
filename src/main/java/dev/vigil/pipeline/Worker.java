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
import dev.vigil.flow.ShardPeek;
import dev.vigil.applayer.AppLayer;
import dev.vigil.applayer.AppOutput;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.InspectionBuffers;
import dev.vigil.detect.engine.AlertSink;
import dev.vigil.detect.engine.DetectEngine;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.engine.StreamInspector;
import dev.vigil.output.AlertPayload;
import dev.vigil.output.AlertRecord;
import dev.vigil.output.AnomalyRecord;
import dev.vigil.output.AppRecordWriter;
import dev.vigil.output.ArpRecord;
import dev.vigil.output.EveWriter;
import dev.vigil.output.FlowRecord;
import dev.vigil.stream.StreamEvent;
import dev.vigil.stream.StreamListener;
import dev.vigil.stream.TcpReassembler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One of N workers. Every worker sees every record's time, so that all share the same packet clock,
 * and keeps only what hashes to it: the flows whose shard hash ({@link FlowHash#shard}: the symmetric
 * key hash, or the host pair's for the TCP flows an FTP session may use) is its own, and the per-frame
 * counters and anomalies of frames whose first flow is its own. Each worker owns its flow table and
 * writer outright, so the hot path takes no lock, and the set of records does not depend on N.
 *
 * <p>With several workers, a classic pcap file is shared through a {@link ChunkDispatcher}: the
 * workers take turns at pre-passing chunks, then each reads the chunk indexes and decodes only its own
 * frames. Other inputs (pcapng) are walked whole by every worker, which peeks at each frame's key and
 * skips the frames of other workers.
 */
final class Worker implements Runnable, AppOutput, AlertSink {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final int id;
    private final int workers;
    private final List<CaptureFile> inputs;
    /** Per input: validate checksums (off for all when -k none, off for one with checksum offloading). */
    private final boolean[] validate;
    private boolean validateNow;
    /** Per input: its dispatcher when the workers split it by chunks, else null. */
    private final List<ChunkDispatcher> dispatchers;
    private final SensorConfig config;
    private final EveWriter eve;
    private final Decoder decoder;
    private final FlowTable table;
    private final CommunityId communityId;
    /** This worker's signature inspection, or null without rules. */
    private DetectEngine.Context detect;
    private long alertTs, alertPcapCnt;
    /**
     * The packet alerts are about now (the one being processed), or null while a flow ends (Suricata's
     * flow timeout pseudo packet); its frame; what the records say of it, with the eve-log alert options.
     */
    private Packet alertPacket;
    private Frame alertFrame;
    private final AlertPayload alertData = new AlertPayload();
    private final AlertPayload.Options alertOptions;
    private byte[] payloadCopy = new byte[0];
    /** Inspection of reassembled TCP streams, when the app layer reassembles and some rule wants streams; else null. */
    private StreamInspector streams;
    /** Stream windows of one worker may hold at most this many bytes (each direction at most ~18 KiB). */
    static final long STREAM_INSPECT_BUDGET = 64L << 20;
    /** Reassembly and app-layer parsing; null when the app-layer is off (flow records only). */
    private final TcpReassembler stream;
    private final AppLayer app;
    final Stats stats = new Stats();
    private final AtomicLong progress;
    private final AtomicLong progressPackets;
    volatile Throwable failure;
    /** Reader problems (truncated tails, corrupt records); collected by worker 0 only. */
    final List<String> problems = new java.util.ArrayList<>();
    private long lastTs;

    private final Frame frame = new Frame();
    /** Record number before the current input's first record, and the input bytes before it. */
    private long base, doneBytes;
    private String currentPath;

    Worker(int id, int workers, List<CaptureFile> inputs, boolean[] validate, List<ChunkDispatcher> dispatchers, SensorConfig config,
           EveWriter eve, AtomicLong progress, AtomicLong progressPackets) {
        this.id = id;
        this.workers = workers;
        this.inputs = inputs;
        this.validate = validate;
        this.dispatchers = dispatchers;
        this.config = config;
        this.eve = eve;
        this.decoder = new Decoder(new Defragmenter(config.defragMemcap));
        this.table = new FlowTable(config.flow, workers, this::flowEnded);
        this.communityId = config.communityId ? new CommunityId(config.communityIdSeed) : null;
        this.detect = config.detect == null ? null : config.detect.newContext();
        this.alertOptions = AlertPayload.Options.of(config.app.settings);
        if (config.appLayer) {
            this.app = new AppLayer(config.appProtocols(), config.app, this);
            this.streams = detect != null && detect.inspectsStreams()
                    ? new StreamInspector(detect, config.stream.inline, STREAM_INSPECT_BUDGET) : null;
            // live, rules may come or change later (reload): the stream inspection is then looked up per delivery
            this.stream = new TcpReassembler(config.streamShare(workers), streams == null && !config.reloadable ? app : tee());
        } else {
            this.app = null;
            this.stream = null;
            this.streams = null;
        }
        this.progress = progress;
        this.progressPackets = progressPackets;
    }

    /** The reassembled bytes go to the app layer and to the stream inspection (this worker's current one). */
    private StreamListener tee() {
        AppLayer app = this.app;
        return new StreamListener() {
            @Override
            public void onData(Flow flow, boolean toServer, byte[] buf, int off, int len) {
                app.onData(flow, toServer, buf, off, len);
                StreamInspector s = streams;
                if (s != null) s.data(flow, toServer, buf, off, len);
            }

            @Override
            public void onGap(Flow flow, boolean toServer, long bytes) {
                app.onGap(flow, toServer, bytes);
                StreamInspector s = streams;
                if (s != null) s.gap(flow, toServer, bytes);
            }

            @Override
            public void onEvent(Flow flow, StreamEvent event) {
                app.onEvent(flow, event);
            }
        };
    }

    long lastTimestamp() { return lastTs; }

    EveWriter eve() { return eve; }

    @Override
    public void run() {
        try {
            for (int k = 0; k < inputs.size(); k++) {
                CaptureFile input = inputs.get(k);
                currentPath = input.path().toString();
                validateNow = validate[k];
                ChunkDispatcher dispatcher = dispatchers.get(k);
                if (dispatcher != null) {
                    if (id == 0) for (String p : dispatcher.headerProblems) problems.add(currentPath + ": " + p);
                    dispatcher.run(id, this::consumeChunk);
                    base += dispatcher.records();
                    doneBytes += input.size();
                    continue;
                }
                try (PacketSource src = input.cursor()) {
                    long n = 0;
                    while (src.next(frame)) {
                        frame.number += base;
                        n++;
                        process(frame);
                        if (id == 0 && (n & 0x3FF) == 0) {
                            progress.set(doneBytes + src.position());
                            progressPackets.set(base + n);
                        }
                    }
                    if (id == 0) for (String p : src.problems()) problems.add(input.path() + ": " + p);
                    base += n;
                    doneBytes += src.size();
                    if (id == 0) progress.set(doneBytes);
                }
            }
            table.shutdown();
            eve.flush();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            // the other workers wait for this one's share of the shared files: release them
            for (ChunkDispatcher d : dispatchers) if (d != null) d.abort();
        } finally {
            takeCounters(stats);
        }
    }

    /** Adds the flow table's, the app layer's and (worker 0) the defragmenter's counters to {@code s}. */
    private void takeCounters(Stats s) {
        s.takeFlowCounters(table);
        if (app != null) s.takeAppCounters(app, stream);
        Defragmenter d = decoder.defragmenter();
        // in a file every worker reassembles every fragmented datagram (fragments are never skipped), so one
        // reports; live, each worker reassembles the datagrams routed to it
        if (id == 0 || live) {
            s.defragReassembled = d.reassembled;
            s.defragTimeouts = d.timeouts;
            s.defragMemcapDrops = d.memcapDrops;
            s.defragOverlaps = d.overlaps;
        }
    }

    // ---- live capture: the sensor's hand-off calls these on the worker's own thread ----

    /** Live: the frames come from capture rings, not files. */
    private boolean live;
    /** Live checksum-checks auto: TCP/UDP packets checked and found wrong while deciding; -1 once decided. */
    private long autoChecked, autoInvalid;

    /** Turns this worker to live frames: {@code validate} checks checksums, deciding on its own first packets when {@code auto}. */
    void goLive(boolean validate, boolean auto) {
        live = true;
        validateNow = validate;
        autoChecked = validate && auto ? 0 : -1;
    }

    /** One live frame (the capture routed it here by its flow, or to every worker when it could not tell). */
    void liveFrame(Frame f) {
        process(f);
    }

    /** No frame for a while: the clock moves to {@code nowNanos} (flows time out on a quiet link too) and records are flushed. */
    void liveIdle(long nowNanos) throws IOException {
        if (nowNanos > lastTs) {
            lastTs = nowNanos;
            table.advanceClock(nowNanos);
        }
        eve.flushToFile();
    }

    /**
     * Live: the rules were reloaded; from the next packet on this worker inspects with {@code engine}. Flows
     * keep their state: flowbits and counters (by name), stream windows (their bytes are inspected with
     * the new rules). A transaction in progress may alert once more for a rule it alerted on already.
     */
    void useEngine(DetectEngine engine) {
        detect = engine == null ? null : engine.newContext();
        if (detect == null) return;
        if (streams != null) streams.useContext(detect);
        else if (app != null && detect.inspectsStreams()) streams = new StreamInspector(detect, config.stream.inline, STREAM_INSPECT_BUDGET);
    }

    /** Live: a busy worker's records go out too. */
    void liveFlush() throws IOException {
        eve.flushToFile();
    }

    /** Live: the capture stopped; every flow ends (as at the end of a file) and the records are flushed. */
    void liveFinish() throws IOException {
        try {
            table.shutdown();
            eve.flush();
        } finally {
            takeCounters(stats);
        }
    }

    /** The counters as they are now, read on this worker's thread (for the periodic stats record). */
    Stats snapshot() {
        Stats s = new Stats();
        s.add(stats);
        takeCounters(s);
        // what the memcaps hold now (Suricata's flow.memuse, tcp.reassembly_memuse), beside the caps
        s.named.put("flow.memuse", (long) table.size() * dev.vigil.flow.FlowConfig.FLOW_COST);
        s.named.put("flow.memcap", (long) table.capacity() * dev.vigil.flow.FlowConfig.FLOW_COST);
        if (stream != null) {
            s.named.put("tcp.reassembly_memuse", stream.memoryUsed());
            s.named.put("tcp.reassembly_memcap", config.streamShare(workers).memcap);
        }
        return s;
    }

    /** This worker's frames of one chunk of a shared pcap file, and every frame's time. */
    private void consumeChunk(ChunkIndex c, MemorySegment seg, int linkType) {
        long numberBase = base + c.recordsBefore;
        byte me = (byte) id;
        for (int i = 0, n = c.count; i < n; i++) {
            long ts = c.tsNanos[i];
            if (ts > lastTs) lastTs = ts;
            if (behavior != null) behaviorClock(lastTs);
            table.advanceClock(ts);
            byte route = c.route[i];
            if (route != me && route != ChunkIndex.EVERY_WORKER) continue;
            frame.set(seg, c.offset[i], c.capLen[i], c.wireLen[i], ts, linkType, 0, numberBase + i + 1);
            handle(frame, route != ChunkIndex.EVERY_WORKER, c.hash[i]);
        }
        if (id == 0) {
            for (String p : c.problems) problems.add(currentPath + ": " + p);
            progress.set(doneBytes + c.end);
            progressPackets.set(numberBase + c.count);
        }
    }

    private void process(Frame frame) {
        if (frame.tsNanos > lastTs) lastTs = frame.tsNanos;
        if (behavior != null) behaviorClock(lastTs);
        table.advanceClock(frame.tsNanos);
        // most frames are one plain TCP/UDP packet: read its key without decoding and skip it when it is another worker's
        if (workers > 1) {
            long h = ShardPeek.peek(frame);
            if (h != ShardPeek.DECLINED && owner(ShardPeek.shardOf(h), workers) != id) return;
        }
        handle(frame, false, 0);
    }

    /**
     * Decodes a frame this worker has a share in, and tracks the packets of its own flows. When the
     * pre-pass has already hashed the frame's one flow ({@code peeked}), {@code peekHash} is that hash.
     */
    private void handle(Frame frame, boolean peeked, int peekHash) {
        try {
            decoder.decode(frame);
            Packet outer = decoder.outer();
            boolean frameCounted = false;
            for (int i = 0, n = decoder.leafCount(); i < n; i++) {
                Packet p = decoder.leaf(i);
                if (!p.hasFlowKey) continue;
                boolean fromPeek = peeked && !frameCounted;
                int h = fromPeek ? peekHash : FlowHash.of(p);
                // the pre-pass routed a peeked frame here by its shard hash: it is this worker's
                boolean mine = workers == 1 || fromPeek || owner(FlowHash.shard(p, h)) == id;
                if (!frameCounted) {
                    // the frame belongs to the owner of its first flow, so the peek above and this agree
                    frameCounted = true;
                    if (mine) countFrame(frame, outer);
                }
                if (!mine) continue;
                if (validateNow) validate(p);
                if (autoChecked >= 0 && live) autoChecksums(p);
                Flow f = table.handle(p, h);
                alertPacket = p;
                alertFrame = frame;
                alertTs = frame.tsNanos;
                alertPcapCnt = frame.number;
                if (streams != null) streams.use(frame.tsNanos, this);
                // as in Suricata, a packet with a bad checksum counts in its flow but is not reassembled or parsed
                if (detect != null) detect.currentPacket(p);
                if (app != null && f != null && !p.badChecksum) appLayer(f, p, frame);
                if (detect != null && f != null && !p.badChecksum) inspect(f, p, frame);
                if (detect != null) detect.currentPacket(null);
            }
            if (!frameCounted && (workers == 1 || owner(frameHash(outer, frame)) == id)) {
                countFrame(frame, outer);
                if (outer.arpOff >= 0) arp(frame, outer);
            }
        } catch (RuntimeException e) {
            // a decoder bug must not take the sensor down: count it, say where, go on
            stats.internalErrors++;
            if (stats.internalErrors <= 3) {
                StackTraceElement[] st = e.getStackTrace();
                LOG.log(Level.WARNING, "internal error on packet " + frame.number + ": " + e
                        + (st.length > 0 ? " at " + st[0] : "") + "; packet skipped");
            }
        }
    }

    private void appLayer(Flow f, Packet p, Frame frame) {
        boolean toServer = p.srcLo == f.aLo && p.srcHi == f.aHi && (p.srcPort == f.aPort || f.aLo != f.bLo || f.aHi != f.bHi);
        app.setPacket(frame.tsNanos, frame.number);
        if (p.isTcp() && f.proto == 6) stream.onPacket(f, p, toServer);
        else if (p.isUdp() && f.proto == 17) app.onDatagram(f, p, toServer);
    }

    private void inspect(Flow f, Packet p, Frame frame) {
        boolean fromA = p.srcLo == f.aLo && p.srcHi == f.aHi && (p.srcPort == f.aPort || f.aLo != f.bLo || f.aHi != f.bHi);
        alertTs = frame.tsNanos;
        alertPcapCnt = frame.number;
        detect.inspect(f, p, fromA, frame.tsNanos, this);
        if (streams != null && f.proto == 6 && p.isTcp()) streams.afterPacket(f, fromA, stream.ackedOffset(f, fromA));
    }

    @Override
    public void alert(Flow f, boolean fromB, boolean toServer, Rule rule, InspectionBuffers tx) {
        describePacket();
        Packet p = alertPacket;
        if (p != null && p.payloadLen > 0 && (alertOptions.payload() || alertOptions.printable())) {
            int n = p.payloadLen;
            if (payloadCopy.length < n) payloadCopy = new byte[n];
            MemorySegment.copy(p.seg, java.lang.foreign.ValueLayout.JAVA_BYTE, p.payloadOff, payloadCopy, 0, n);
            alertData.payload = payloadCopy;
            alertData.payloadLen = n;
        }
        write(f, fromB, toServer, rule, tx);
    }

    @Override
    public void streamAlert(Flow f, boolean fromB, boolean toServer, Rule rule, StreamPayload shown) {
        describePacket();
        alertData.stream = true;
        if (alertOptions.payload() || alertOptions.printable()) {
            alertData.payload = shown.render(alertOptions.bufferSize());
            alertData.payloadLen = shown.length();
        }
        write(f, fromB, toServer, rule, null);
    }

    @Override
    public void suppressed(Flow f, Rule rule) {
        stats.count("detect.alerts_suppressed");
    }

    private void write(Flow f, boolean fromB, boolean toServer, Rule rule, InspectionBuffers tx) {
        f.alerted = true;
        stats.count("detect.alert");
        try {
            AlertRecord.write(eve, f, fromB, toServer, rule, config.classifications, alertTs, alertPcapCnt, communityId(f),
                    tx instanceof AppRecord r ? r : null, alertData, alertOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills {@link #alertData} with where the alert's packet came from and its bytes as captured: the whole
     * frame for a packet of the frame itself; for a reassembled datagram, the link header of the fragment
     * that completed it before the datagram (as Suricata 8 logs it); for a tunnel's inner packet, its bytes
     * from its own first header on, as raw IP (DLT_RAW).
     */
    private void describePacket() {
        AlertPayload d = alertData;
        d.clear();
        Packet p = alertPacket;
        if (p == null) {
            d.pktSrc = AlertPayload.FLOW_TIMEOUT;
            return;
        }
        Frame fr = alertFrame;
        if (p.reassembled) {
            d.pktSrc = AlertPayload.DEFRAG;
            Packet c = p.carrier;
            if (c != null && c.l3Off > c.start) {
                d.headSeg = c.seg;
                d.headOff = c.start;
                d.headLen = (int) (c.l3Off - c.start);
            }
            d.bodySeg = p.seg;
            d.bodyOff = p.start;
            d.bodyLen = (int) (p.end - p.start);
            d.linkType = p.level == 0 ? fr.linkType : DLT_RAW;
        } else if (p.level == 0) {
            d.pktSrc = AlertPayload.WIRE;
            d.bodySeg = fr.data;
            d.bodyOff = fr.offset;
            d.bodyLen = fr.capLen;
            d.linkType = fr.linkType;
        } else {
            d.pktSrc = tunnelSource(p.carrier);
            d.bodySeg = p.seg;
            d.bodyOff = p.start;
            d.bodyLen = (int) (p.end - p.start);
            d.linkType = DLT_RAW;
        }
    }

    private static final int DLT_RAW = 12;

    /** Suricata's name for the source of a tunnel's inner packet, by the packet that carried it. */
    private static String tunnelSource(Packet carrier) {
        if (carrier == null) return AlertPayload.WIRE;
        if (carrier.proto == 47) return AlertPayload.GRE;
        if (carrier.proto == 4) return AlertPayload.IPV4_TUNNEL;
        if (carrier.proto == 41) return AlertPayload.IPV6_TUNNEL;
        if (carrier.proto == 17) {
            if (carrier.dstPort == 4789 || carrier.srcPort == 4789) return AlertPayload.VXLAN;
            if (carrier.dstPort == 6081 || carrier.srcPort == 6081) return AlertPayload.GENEVE;
            if (carrier.dstPort == 3544 || carrier.srcPort == 3544) return AlertPayload.TEREDO;
        }
        return AlertPayload.WIRE;
    }

    @Override
    public void record(Flow flow, AppRecord record, long tsNanos, long pcapCnt) {
        if (detect != null && record instanceof InspectionBuffers tx) {
            alertTs = tsNanos;
            alertPcapCnt = pcapCnt;
            detect.inspect(flow, tx, tsNanos, this);
        }
        try {
            AppRecordWriter.write(eve, flow, record, tsNanos, pcapCnt, communityId(flow));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean inspectsTransactions() { return detect != null; }

    @Override
    public void inspect(Flow flow, InspectionBuffers tx, long tsNanos, long pcapCnt) {
        if (detect == null) return;
        alertTs = tsNanos;
        alertPcapCnt = pcapCnt;
        detect.inspect(flow, tx, tsNanos, this);
    }

    @Override
    public void anomaly(Flow flow, String type, String appProto, String event, long tsNanos, long pcapCnt) {
        if ("stream".equals(type)) stats.count("stream." + event.substring(event.indexOf('.') + 1));
        else stats.count("app_layer.anomaly." + (appProto == null ? "unknown" : appProto));
        try {
            AppRecordWriter.anomaly(eve, flow, type, appProto, event, tsNanos, pcapCnt,
                    communityId(flow));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flow's Community ID, computed once per flow, or null when records carry none. */
    private String communityId(Flow f) {
        if (communityId == null) return null;
        String id = f.communityIdText;
        if (id == null) f.communityIdText = id = communityId.of(f);
        return id;
    }

    /** The behavioural stage's feed for this worker (null: none): its ARP messages and the progress of its clock. */
    BehaviorStage.Feed behavior;
    private long nextBehaviorClock = Long.MIN_VALUE;

    /** Tells the behavioural stage, about once a second of packet time, that this worker has read up to {@code ts}. */
    private void behaviorClock(long ts) {
        behavior.now = ts;
        if (ts >= nextBehaviorClock) {
            behavior.clock(ts);
            nextBehaviorClock = ts + 1_000_000_000L;
        }
    }

    private void arp(Frame frame, Packet p) {
        try {
            ArpRecord.write(eve, p, frame.tsNanos, frame.number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int op = dev.vigil.decode.Arp.opcode(p);
        if (behavior != null && (op == dev.vigil.decode.Arp.REQUEST || op == dev.vigil.decode.Arp.REPLY)) {
            behavior.arp(new dev.vigil.detect.behavior.event.ArpMessage(frame.tsNanos, ArpRecord.ipv4(dev.vigil.decode.Arp.senderIp(p)),
                    ArpRecord.mac(dev.vigil.decode.Arp.senderMac(p)), ArpRecord.ipv4(dev.vigil.decode.Arp.targetIp(p)), op == dev.vigil.decode.Arp.REPLY));
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

    /**
     * Suricata's {@code checksum-checks: auto} on a live interface: the first {@link ChecksumOffload#SAMPLE}
     * TCP/UDP packets are validated; when more than 10% were wrong, the NIC computes them (offloading) and
     * none is validated from then on.
     */
    private void autoChecksums(Packet p) {
        if (!(p.isTcp() || p.isUdp()) || p.reassembled) return;
        autoChecked++;
        if (p.badChecksum) autoInvalid++;
        if (autoChecked < ChecksumOffload.SAMPLE) return;
        if (autoInvalid * 10 > autoChecked) {
            validateNow = false;
            LOG.info("checksum offloading detected (" + autoInvalid + " of " + autoChecked + " checksums wrong): checksums are not validated");
        }
        autoChecked = -1;
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
        return owner(hash, workers);
    }

    /** The worker that owns flow hash {@code hash} among {@code workers}. */
    static int owner(int hash, int workers) {
        return Integer.remainderUnsigned(hash * 0x85EBCA6B ^ (hash >>> 16), workers);
    }

    private void flowEnded(Flow f, EndReason reason, long now) {
        if (app != null) {
            // what the flow's end reveals is reported as by Suricata's flow timeout pseudo packet: no packet of the capture
            Packet packet = alertPacket;
            Frame fr = alertFrame;
            long ts = alertTs, cnt = alertPcapCnt;
            alertPacket = null;
            alertTs = now;
            alertPcapCnt = 0;
            if (streams != null) streams.use(now, this);
            try {
                app.setPacket(now, 0);
                if (f.proto == 6) stream.onFlowEnd(f);
                if (streams != null) streams.flowEnd(f);
                app.onFlowEnd(f, now);
            } catch (RuntimeException e) {
                // the flow record must still be written
                stats.internalErrors++;
                LOG.log(Level.WARNING, "internal error ending a flow's app-layer: " + e);
            } finally {
                // flows end between the packets of others: the packet being processed is still the one alerts are about
                alertPacket = packet;
                alertFrame = fr;
                alertTs = ts;
                alertPcapCnt = cnt;
                if (streams != null) streams.use(ts, this);
            }
        }
        try {
            FlowRecord.write(eve, f, reason, communityId(f), now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
