package dev.vigil.applayer;

import dev.vigil.decode.Packet;
import dev.vigil.flow.Flow;
import dev.vigil.stream.StreamEvent;
import dev.vigil.stream.StreamListener;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker's application layer: finds each flow's protocol from its bytes (probing every registered
 * protocol, strongest signatures first; the port never decides alone), then hands the flow's bytes to
 * that protocol's parser. TCP bytes arrive reassembled from the stream stage, UDP payloads one datagram
 * at a time. A parser that throws is cut off from its flow and counted; the sensor goes on.
 */
public final class AppLayer implements StreamListener {
    private static final Logger LOG = Logger.getLogger(AppLayer.class.getName());
    /** Suricata's name for a flow whose protocol could not be found. */
    public static final String FAILED = "failed";

    private final List<AppProtocol> protocols;
    private final boolean[] tcp, udp;
    private final AppLayerConfig config;
    private final AppOutput out;
    private byte[] scratch = new byte[2048];

    long nowNanos;
    long packetNumber;

    /** Per protocol (index in {@link #protocols()}): flows detected and records written. */
    public final long[] flows, records;
    public long failedFlows, parserErrors, appAnomalies, detectionMemcapHits;
    /** Flows turned round because their first app-layer bytes came from the server (see {@link Flow#reversed}). */
    public long reversedFlows;
    /** Bytes all undecided flows of this worker hold. */
    private long buffered;
    private final long tcpMask;

    public AppLayer(List<AppProtocol> protocols, AppLayerConfig config, AppOutput out) {
        if (protocols.size() > 64) throw new IllegalArgumentException("at most 64 app-layer protocols");
        this.protocols = List.copyOf(protocols);
        this.config = config;
        this.out = out;
        int n = protocols.size();
        tcp = new boolean[n];
        udp = new boolean[n];
        for (int i = 0; i < n; i++) {
            tcp[i] = protocols.get(i).transport().tcp();
            udp[i] = protocols.get(i).transport().udp();
        }
        flows = new long[n];
        records = new long[n];
        long m = 0;
        for (int i = 0; i < n; i++) if (tcp[i]) m |= 1L << i;
        tcpMask = m;
    }

    /** Bytes undecided flows hold now. */
    public long bufferedBytes() { return buffered; }

    public List<AppProtocol> protocols() { return protocols; }

    /** The packet being processed: its time and number are those of the records it produces. */
    public void setPacket(long tsNanos, long number) {
        nowNanos = tsNanos;
        packetNumber = number;
    }

    // ---- TCP, from the reassembler

    @Override
    public void onData(Flow f, boolean toServer, byte[] buf, int off, int len) {
        if (len <= 0) return;
        FlowApp a = state(f);
        if (a.parser != null) {
            feed(a, toServer, buf, off, len);
            return;
        }
        if (a.failed) return;
        if (buffered + len > config.detectionMemcap) {
            // undecided flows may not pin more than their share of memory: this one gives up
            detectionMemcapHits++;
            fail(a);
            return;
        }
        int before = a.toServerLen + a.toClientLen;
        boolean room = a.buffer(toServer, buf, off, len, config.detectionBytes);
        buffered += a.toServerLen + a.toClientLen - before;
        int found = detect(a, toServer, tcp);
        if (found >= 0) {
            // Suricata turns a midstream session round when its first bytes show the other side is the client
            if (f.tcpMidstream) orient(a, found, toServer, toServer ? a.toServerBytes : a.toClientBytes, toServer ? a.toServerLen : a.toClientLen);
            start(a, found);
            replay(a);
        } else if (!room || refusedBy(toServer ? a.noToServer : a.noToClient)) {
            fail(a);
        }
    }

    @Override
    public void onGap(Flow f, boolean toServer, long bytes) {
        FlowApp a = (FlowApp) f.appState;
        if (a == null) return;
        if (a.parser != null) {
            if (a.broken || a.parser.done()) return;
            try {
                a.parser.onGap(toServer != f.reversed, bytes);
            } catch (RuntimeException e) {
                broke(a, e);
            }
        } else if (!a.failed) {
            // bytes lost before the protocol is known: what follows cannot be told apart from the start
            fail(a);
        }
    }

    @Override
    public void onEvent(Flow f, StreamEvent event) {
        out.anomaly(f, "stream", f.appProto, event.label(), nowNanos, packetNumber);
    }

    // ---- UDP

    /** The payload of one UDP packet of flow {@code f}. */
    public void onDatagram(Flow f, Packet p, boolean toServer) {
        int len = p.payloadLen;
        if (len <= 0) return;
        FlowApp a = state(f);
        if (a.failed || a.broken || (a.parser != null && a.parser.done())) return;
        if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
        MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, p.payloadOff, scratch, 0, len);
        if (a.parser == null) {
            int found = probeDatagram(a, toServer, scratch, len);
            if (found < 0) {
                if (++a.datagrams >= config.detectionDatagrams) fail(a);
                return;
            }
            orient(a, found, toServer, scratch, len);
            start(a, found);
        }
        feed(a, toServer, scratch, 0, len);
    }

    // ---- flow end

    /** The flow ends: the parser logs what is pending. Call after the reassembler's own flush. */
    public void onFlowEnd(Flow f, long nowNanos) {
        FlowApp a = (FlowApp) f.appState;
        if (a == null) return;
        this.nowNanos = nowNanos;
        this.packetNumber = 0;
        if (a.parser != null && !a.broken) {
            try {
                a.parser.onClose();
            } catch (RuntimeException e) {
                broke(a, e);
            }
        } else if (a.parser == null && !a.failed && (a.toServerLen > 0 || a.toClientLen > 0 || a.datagrams > 0)) {
            fail(a);
        }
        release(a);
        f.appState = null;
    }

    // ---- internals

    private FlowApp state(Flow f) {
        FlowApp a = (FlowApp) f.appState;
        if (a == null) f.appState = a = new FlowApp(f, this);
        return a;
    }

    /**
     * The bytes protocol {@code index} matched, sent in direction {@code toServer} of the flow as first
     * seen, can only come from the other side than the one that direction makes their sender: the flow
     * is reversed (see {@link Flow#reversed}). Parsers then get directions from the reversed flow's side.
     */
    private void orient(FlowApp a, int index, boolean toServer, byte[] buf, int len) {
        AppProtocol.Sender s;
        try {
            s = protocols.get(index).sender(a.flow.isTcp(), buf, 0, len, a.flow.aPort, a.flow.bPort);
        } catch (RuntimeException e) {
            parserErrors++;
            return;
        }
        if ((s == AppProtocol.Sender.SERVER && toServer) || (s == AppProtocol.Sender.CLIENT && !toServer)) {
            a.flow.reversed = true;
            reversedFlows++;
        }
    }

    /** Hands bytes to the parser; {@code toServer} is the direction in the flow as first seen. */
    private void feed(FlowApp a, boolean toServer, byte[] buf, int off, int len) {
        if (a.broken || a.parser.done()) return;
        try {
            a.parser.onData(toServer != a.flow.reversed, buf, off, len);
        } catch (RuntimeException e) {
            broke(a, e);
        }
    }

    /** Probes the buffered bytes of the direction that just grew; the index of the protocol that matched, or -1. */
    private int detect(FlowApp a, boolean toServer, boolean[] eligible) {
        byte[] b = toServer ? a.toServerBytes : a.toClientBytes;
        int len = toServer ? a.toServerLen : a.toClientLen;
        long no = toServer ? a.noToServer : a.noToClient;
        Flow f = a.flow;
        for (int i = 0; i < protocols.size(); i++) {
            if (!eligible[i] || (no & (1L << i)) != 0) continue;
            Probe verdict;
            try {
                verdict = protocols.get(i).probe(toServer, b, 0, len, f.aPort, f.bPort);
            } catch (RuntimeException e) {
                verdict = Probe.NO;
                parserErrors++;
            }
            if (verdict == Probe.MATCH) return i;
            if (verdict == Probe.NO) no |= 1L << i;
        }
        if (toServer) a.noToServer = no; else a.noToClient = no;
        return -1;
    }

    /**
     * Every TCP protocol has said NO to one direction's first bytes. A protocol could still match the
     * other side, but it would then get bytes it has already refused, so the flow is given up, and
     * nothing more is buffered for it.
     */
    private boolean refusedBy(long no) {
        return (no & tcpMask) == tcpMask;
    }

    private int probeDatagram(FlowApp a, boolean toServer, byte[] b, int len) {
        Flow f = a.flow;
        for (int i = 0; i < protocols.size(); i++) {
            if (!udp[i]) continue;
            try {
                if (protocols.get(i).probe(toServer, b, 0, len, f.aPort, f.bPort) == Probe.MATCH) return i;
            } catch (RuntimeException e) {
                parserErrors++;
            }
        }
        return -1;
    }

    private void start(FlowApp a, int index) {
        AppProtocol p = protocols.get(index);
        a.protocol = p;
        a.protocolIndex = index;
        a.flow.appProto = p.name();
        flows[index]++;
        try {
            a.parser = p.newParser(a);
        } catch (RuntimeException e) {
            a.parser = NONE;
            broke(a, e);
        }
    }

    /** Gives the new parser the bytes buffered during detection, in the order they came. */
    private void replay(FlowApp a) {
        int ts = 0, tc = 0;
        byte[] sb = a.toServerBytes, cb = a.toClientBytes;
        int[] runs = a.runs;
        int n = a.runCount;
        release(a);
        for (int i = 0; i < n; i++) {
            boolean toServer = (runs[i] & Integer.MIN_VALUE) != 0;
            int len = runs[i] & Integer.MAX_VALUE;
            if (toServer) {
                feed(a, true, sb, ts, len);
                ts += len;
            } else {
                feed(a, false, cb, tc, len);
                tc += len;
            }
        }
    }

    private void release(FlowApp a) {
        buffered -= a.toServerLen + a.toClientLen;
        a.dropBuffers();
    }

    private void fail(FlowApp a) {
        a.failed = true;
        release(a);
        failedFlows++;
        a.flow.appProto = FAILED;
    }

    private void broke(FlowApp a, RuntimeException e) {
        a.broken = true;
        parserErrors++;
        if (parserErrors <= 3) {
            StackTraceElement[] st = e.getStackTrace();
            LOG.log(Level.WARNING, (a.protocol == null ? "?" : a.protocol.name()) + " parser failed on packet "
                    + packetNumber + ": " + e + (st.length > 0 ? " at " + st[0] : "") + "; flow no longer parsed");
        }
        out.anomaly(a.flow, "applayer", a.flow.appProto, "INTERNAL_ERROR", nowNanos, packetNumber);
    }

    void emit(FlowApp a, AppRecord r) {
        if (a.protocolIndex >= 0) records[a.protocolIndex]++;
        out.record(a.flow, r, nowNanos, packetNumber);
    }

    void appAnomaly(FlowApp a, String event) {
        appAnomalies++;
        out.anomaly(a.flow, "applayer", a.flow.appProto, event, nowNanos, packetNumber);
    }

    /** Stands in for a parser whose construction failed. */
    private static final AppParser NONE = new AppParser() {
        @Override public void onData(boolean toServer, byte[] buf, int off, int len) {}
        @Override public boolean done() { return true; }
    };
}
