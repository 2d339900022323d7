package dev.vigil.stream;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Packet;
import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowConfig;
import dev.vigil.flow.FlowHash;
import dev.vigil.flow.FlowTable;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs real frames through the real decoder and flow table into a {@link TcpReassembler}, as the worker
 * does, and records what the reassembler delivers per flow and direction.
 */
final class StreamHarness implements StreamListener {
    /** What one direction of one flow received, in order. */
    static final class Side {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        /** Delivered bytes with gaps as '?' placeholders counted, in stream offsets. */
        long offset;
        long gapBytes;
        int gapCount;
        /** The stream as chunks: data chunks as strings, gaps as "<gap N>". */
        final List<String> chunks = new ArrayList<>();

        String text() { return bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1); }
    }

    /** Both directions and the events of one flow. */
    static final class Conv {
        final Side toServer = new Side(), toClient = new Side();
        final Map<StreamEvent, Integer> events = new EnumMap<>(StreamEvent.class);
        boolean ended;
        Side side(boolean ts) { return ts ? toServer : toClient; }
    }

    final StreamConfig config;
    final TcpReassembler reassembler;
    final FlowTable table;
    final Decoder decoder = new Decoder();
    final Map<Flow, Conv> convs = new LinkedHashMap<>();
    /** Flows in creation order (a flow object is not reused by the table, so identity keys are safe). */
    final List<Flow> flows = new ArrayList<>();
    long now = 1_700_000_000_000_000_000L;
    long frameNo;
    /** Capture time between two fed frames. */
    long stepNanos = 1_000_000L;
    /** Keep bytes per side (false for floods, which only look at counters). */
    boolean record = true;

    StreamHarness(StreamConfig config) {
        this(config, new FlowConfig());
    }

    StreamHarness(StreamConfig config, FlowConfig flowConfig) {
        this.config = config;
        flowConfig.midstream = config.midstream;
        this.reassembler = new TcpReassembler(config, this);
        this.table = new FlowTable(flowConfig, 1, (f, reason, t) -> {
            reassembler.onFlowEnd(f);
            Conv c = convs.get(f);
            if (c != null) c.ended = true;
        });
    }

    /** Feeds one Ethernet frame; returns the TCP flow it belonged to (or null). */
    Flow feed(byte[] ethernet) {
        Frame fr = new Frame();
        now += stepNanos;
        fr.set(MemorySegment.ofArray(ethernet), 0, ethernet.length, ethernet.length, now, LinkType.ETHERNET, 0, ++frameNo);
        return feed(fr);
    }

    Flow feed(Frame fr) {
        decoder.decode(fr);
        table.advanceClock(fr.tsNanos);
        Flow last = null;
        for (int i = 0, n = decoder.leafCount(); i < n; i++) {
            Packet p = decoder.leaf(i);
            if (!p.hasFlowKey) continue;
            Flow f = table.handle(p, FlowHash.of(p));
            if (f == null || !p.isTcp()) continue;
            if (!convs.containsKey(f)) {
                convs.put(f, new Conv());
                flows.add(f);
            }
            boolean toServer = p.srcLo == f.aLo && p.srcHi == f.aHi && p.srcPort == f.aPort;
            reassembler.onPacket(f, p, toServer);
            last = f;
        }
        return last;
    }

    void shutdown() { table.shutdown(); }

    Conv conv(Flow f) { return convs.get(f); }

    Conv only() {
        if (convs.size() != 1) throw new AssertionError("expected one TCP flow, got " + convs.size());
        return convs.values().iterator().next();
    }

    @Override
    public void onData(Flow flow, boolean toServer, byte[] buf, int off, int len) {
        Side s = convs.get(flow).side(toServer);
        s.offset += len;
        if (!record) return;
        s.bytes.write(buf, off, len);
        s.chunks.add(new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public void onGap(Flow flow, boolean toServer, long bytes) {
        Side s = convs.get(flow).side(toServer);
        s.offset += bytes;
        s.gapBytes += bytes;
        s.gapCount++;
        if (record) s.chunks.add("<gap " + bytes + ">");
    }

    @Override
    public void onEvent(Flow flow, StreamEvent event) {
        convs.get(flow).events.merge(event, 1, Integer::sum);
    }
}
