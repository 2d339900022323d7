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
 *
 * <p>A TCP flow may change protocol midway, as Suricata lets it ({@link AppContext#changeProtocol}: an
 * HTTP CONNECT tunnel, an upgrade, STARTTLS): the old parser is closed after the call it asked from,
 * the bytes it handed back and those that follow are detected again from their content, and a new parser
 * takes the flow; {@code app_proto} becomes the new protocol and {@code app_proto_orig} the old one.
 */
public final class AppLayer implements StreamListener {
    private static final Logger LOG = Logger.getLogger(AppLayer.class.getName());
    /** Suricata's name for a flow whose protocol could not be found. */
    public static final String FAILED = "failed";
    /**
     * Protocol changes one flow may make (a CONNECT inside a CONNECT tunnel, STARTTLS inside one): real
     * proxy chains are short, and each change costs a detection and a parser, so a hostile flow is cut
     * off at this many.
     */
    public static final int MAX_CHANGES = 4;
    /**
     * Bytes of one direction a parser may hand over at a change (what an HTTP client sent while its
     * CONNECT awaited the answer is at most {@code HttpParser.MAX_HELD}); past this the new protocol's
     * start is lost and the flow is given up as a gap before detection is.
     */
    public static final int MAX_HANDOVER = 64 * 1024;

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
    /** Protocol changes made (CONNECT, upgrades, STARTTLS), and those refused. */
    public long protocolChanges, protocolChangesRefused;
    /** Connections announced by parsers and not yet seen (FTP data connections). */
    private final Expectations expectations = new Expectations();
    /** Bytes all undecided flows of this worker hold. */
    private long buffered;
    private final long tcpMask;
    /** The TLS protocol's index, for {@link LateTls}; -1 when TLS is disabled. */
    private final int tlsIndex;
    /** Protocols whose server greets first ({@link AppProtocol#serverGreets}). */
    private final long greetingMask;

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
        int t = -1;
        for (int i = 0; i < n && t < 0; i++) if (tcp[i] && protocols.get(i).name().equals("tls")) t = i;
        tlsIndex = t;
        long g = 0;
        for (int i = 0; i < n; i++) if (tcp[i] && protocols.get(i).serverGreets()) g |= 1L << i;
        greetingMask = g;
    }

    /** Expectations made, taken by a new flow, dropped by a bound, lapsed unused. */
    public long expectationsCreated() { return expectations.created; }
    public long expectationsMatched() { return expectations.matched; }
    public long expectationsDropped() { return expectations.dropped; }
    public long expectationsExpired() { return expectations.expired; }

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
        route(state(f), toServer, buf, off, len);
    }

    /** TCP bytes of one flow: to its parser, or into detection. */
    private void route(FlowApp a, boolean toServer, byte[] buf, int off, int len) {
        if (a.parser != null) {
            feed(a, toServer, buf, off, len);
            return;
        }
        if (a.failed) {
            if (a.lateTls != null) lateTls(a, toServer, buf, off, len);
            return;
        }
        if (!a.expectChecked) {
            // a connection another flow announced is its protocol from the first byte, as in Suricata
            a.expectChecked = true;
            if (a.changes == 0 && !expectations.isEmpty() && startExpected(a)) {
                feed(a, toServer, buf, off, len);
                return;
            }
        }
        if (buffered + len > config.detectionMemcap) {
            // undecided flows may not pin more than their share of memory: this one gives up
            detectionMemcapHits++;
            fail(a);
            return;
        }
        int before = a.toServerLen + a.toClientLen;
        int taken = a.buffer(toServer, buf, off, len, config.detectionBytes);
        buffered += a.toServerLen + a.toClientLen - before;
        int found = detect(a, toServer, tcp);
        if (found >= 0) {
            // Suricata turns a midstream session round when its first bytes show the other side is the client
            if (a.matchedReversed) {
                a.flow.reversed = !a.flow.reversed;
                reversedFlows++;
            } else if (a.flow.tcpMidstream) {
                orient(a, found, toServer, toServer ? a.toServerBytes : a.toClientBytes, toServer ? a.toServerLen : a.toClientLen);
            }
            start(a, found);
            replay(a);
            // what did not fit in the detection buffer follows what it held
            if (taken < len) route(a, toServer, buf, off + taken, len - taken);
        } else if (taken < len || refusedBy(toServer ? a.noToServer : a.noToClient)) {
            fail(a);
            // what did not fit goes where the rest went: to the search for late TLS, or to its parser
            if (taken < len) route(a, toServer, buf, off + taken, len - taken);
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
                return;
            }
            if (a.changing) change(a);
        } else if (!a.failed) {
            // bytes lost before the protocol is known: what follows cannot be told apart from the start
            fail(a);
            // unless the bytes detection held had TLS after all (LateTls): its parser gets the gap
            if (a.parser != null) onGap(f, toServer, bytes);
        } else if (a.lateTls != null && toServer != f.reversed) {
            a.lateTls.gap();
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
        } else if (a.parser == null && !a.failed && a.changes == 0 && (a.toServerLen > 0 || a.toClientLen > 0 || a.datagrams > 0)) {
            fail(a, false);
        }
        // after a change whose new protocol was not found yet, the flow keeps its old one (as Suricata:
        // not enough data reverts to it); app_proto_expected then tells what was announced
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
            return;
        }
        if (a.changing) change(a);
    }

    // ---- expectations

    void expect(FlowApp a, String protocol, boolean listenerIsClient, int port, Object data) {
        Flow f = a.flow;
        if (f.proto != 6 || port <= 0 || port > 65535 || !dev.vigil.flow.FlowHash.pairSharded(f.proto, f.aPort, f.bPort)) return;
        boolean clientIsA = !f.reversed;
        boolean listenerIsA = listenerIsClient == clientIsA;
        long lHi = listenerIsA ? f.aHi : f.bHi, lLo = listenerIsA ? f.aLo : f.bLo;
        long cHi = listenerIsA ? f.bHi : f.aHi, cLo = listenerIsA ? f.bLo : f.aLo;
        expectations.add(new Expectation(protocol, f.ipVersion, lHi, lLo, cHi, cLo, port, f.flowId(), nowNanos, data), nowNanos);
    }

    /** Starts the protocol an expectation announced for this new flow; false when none matches or it is not enabled. */
    private boolean startExpected(FlowApp a) {
        Expectation e = expectations.take(a.flow, nowNanos);
        if (e == null) return false;
        int index = -1;
        for (int i = 0; i < protocols.size() && index < 0; i++) if (tcp[i] && protocols.get(i).name().equals(e.protocol())) index = i;
        if (index < 0) return false;
        // the listener is the server; a flow picked up midstream may have guessed the other way round
        if (!Expectations.listenerIsB(e, a.flow)) {
            a.flow.reversed = true;
            reversedFlows++;
        }
        a.flow.parentId = e.parentFlowId();
        a.expectationData = e.data();
        start(a, index);
        return true;
    }

    // ---- protocol change

    boolean requestChange(FlowApp a, String expected) {
        int index = -1;
        if (expected != null) {
            for (int i = 0; i < protocols.size() && index < 0; i++) if (tcp[i] && protocols.get(i).name().equals(expected)) index = i;
        }
        if (a.parser == null || a.changing || a.broken || a.flow.proto != 6 || a.changes >= MAX_CHANGES
                || (expected != null && index < 0)) {
            protocolChangesRefused++;
            return false;
        }
        a.changing = true;
        a.changes++;
        a.expectedIndex = index;
        a.flow.appProtoOrig = a.flow.appProto;
        a.flow.appProtoExpected = expected;
        protocolChanges++;
        return true;
    }

    void handOver(FlowApp a, boolean toServer, byte[] buf, int off, int len) {
        if (!a.changing || len <= 0 || a.handOverLost) return;
        int before = a.toServerLen + a.toClientLen;
        int taken = a.buffer(toServer, buf, off, len, MAX_HANDOVER);
        buffered += a.toServerLen + a.toClientLen - before;
        if (taken < len) a.handOverLost = true;
    }

    /** Performs the change a parser asked for, once its call has returned: close it, detect again. */
    private void change(FlowApp a) {
        a.changing = false;
        AppParser old = a.parser;
        try {
            old.onClose();
        } catch (RuntimeException e) {
            parserErrors++;
            LOG.log(Level.FINE, "parser failed closing at a protocol change", e);
        }
        a.parser = null;
        a.protocol = null;
        a.protocolIndex = -1;
        a.noToServer = a.noToClient = 0;
        if (a.handOverLost) {
            // the new protocol's first bytes are gone: what follows cannot be told apart from its start
            fail(a);
            return;
        }
        if (a.runCount == 0) return; // nothing yet: the next bytes are probed as they come
        // probe the direction that sent first first, then the other one if it holds bytes
        boolean first = (a.runs[0] & Integer.MIN_VALUE) != 0;
        for (boolean dir : new boolean[] {first, !first}) {
            if ((dir ? a.toServerLen : a.toClientLen) == 0) continue;
            int found = detect(a, dir, tcp);
            if (found >= 0) {
                start(a, found);
                replay(a);
                return;
            }
        }
        if (a.toServerLen >= config.detectionBytes || a.toClientLen >= config.detectionBytes
                || (a.toServerLen > 0 && refusedBy(a.noToServer)) || (a.toClientLen > 0 && refusedBy(a.noToClient))) {
            fail(a);
        }
    }

    /** After a change, the protocol found (or none) is checked against the one announced, as Suricata does. */
    private void checkExpected(FlowApp a, String found) {
        String expected = a.flow.appProtoExpected;
        if (a.changes == 0 || expected == null || a.expectedIndex < 0) return;
        a.expectedIndex = -1;
        if (expected.equals(found)) return;
        appAnomaly(a, "APPLAYER_UNEXPECTED_PROTOCOL");
        if (expected.equals("tls")) appAnomaly(a, "APPLAYER_NO_TLS_AFTER_STARTTLS");
    }

    /** Probes the buffered bytes of the direction that just grew; the index of the protocol that matched, or -1. */
    private int detect(FlowApp a, boolean toServer, boolean[] eligible) {
        byte[] b = toServer ? a.toServerBytes : a.toClientBytes;
        int len = toServer ? a.toServerLen : a.toClientLen;
        Flow f = a.flow;
        long no = toServer ? a.noToServer : a.noToClient;
        a.matchedReversed = false;
        // the server spoke first (the flow seen from its start): a protocol waiting for a server greeting
        // that refused this one is not the flow's (see AppProtocol.serverGreets)
        if (toServer && !f.tcpMidstream && a.runCount > 0 && (a.runs[0] & Integer.MIN_VALUE) == 0) no |= a.noToClient & greetingMask;
        // after a change, the protocol it announced is asked first
        int first = a.expectedIndex;
        for (int k = first >= 0 ? -1 : 0; k < protocols.size(); k++) {
            int i = k < 0 ? first : k;
            if (k >= 0 && i == first) continue;
            if (!eligible[i] || (no & (1L << i)) != 0) continue;
            Probe verdict = probe(i, toServer, b, len, f);
            if (verdict == Probe.MATCH) return i;
            if (verdict == Probe.NO) no |= 1L << i;
        }
        int found = -1;
        if (a.flow.tcpMidstream && a.changes == 0 && a.flow.proto == 6) {
            // A session picked up without its SYN may have been seen first from its server: as Suricata
            // does for a midstream session, the bytes are matched against what the other direction would
            // send (an HTTP response), and a match turns the flow round. A protocol is refused only when
            // neither direction can be it.
            long noReverse = 0;
            for (int i = 0; i < protocols.size(); i++) {
                if (!eligible[i] || (no & (1L << i)) == 0) continue;
                Probe verdict = probe(i, !toServer, b, len, f);
                if (verdict == Probe.MATCH) {
                    a.matchedReversed = true;
                    found = i;
                    break;
                }
                if (verdict != Probe.NO) noReverse |= 1L << i;
            }
            no &= ~noReverse;
        }
        if (toServer) a.noToServer = no; else a.noToClient = no;
        return found;
    }

    private Probe probe(int i, boolean toServer, byte[] b, int len, Flow f) {
        try {
            return protocols.get(i).probe(toServer, b, 0, len, f.aPort, f.bPort);
        } catch (RuntimeException e) {
            parserErrors++;
            return Probe.NO;
        }
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
        long depth = config.streamDepths.getOrDefault(p.name(), p.streamDepth());
        if (depth >= 0) a.flow.streamDepth = depth;
        checkExpected(a, p.name());
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
        byte[] sb = a.toServerBytes, cb = a.toClientBytes;
        int[] runs = a.runs;
        int n = a.runCount;
        release(a);
        replay(a, sb, cb, runs, n);
    }

    private void replay(FlowApp a, byte[] sb, byte[] cb, int[] runs, int n) {
        int ts = 0, tc = 0;
        for (int i = 0; i < n; i++) {
            boolean toServer = (runs[i] & Integer.MIN_VALUE) != 0;
            int len = runs[i] & Integer.MAX_VALUE;
            // route, not feed: the parser may change protocol midway, and the rest is then detected again
            if (toServer) {
                route(a, true, sb, ts, len);
                ts += len;
            } else {
                route(a, false, cb, tc, len);
                tc += len;
            }
        }
    }

    private void release(FlowApp a) {
        buffered -= a.toServerLen + a.toClientLen;
        a.dropBuffers();
    }

    private void fail(FlowApp a) {
        fail(a, true);
    }

    /** Detection gave up; {@code watch}: unless the flow ends, TLS is still looked for (see {@link LateTls}). */
    private void fail(FlowApp a, boolean watch) {
        a.failed = true;
        a.handOverLost = false;
        byte[] sb = a.toServerBytes, cb = a.toClientBytes;
        int[] runs = a.runs;
        int n = a.runCount;
        release(a);
        failedFlows++;
        a.flow.appProto = FAILED;
        checkExpected(a, FAILED);
        if (watch && a.flow.proto == 6 && tlsIndex >= 0 && a.changes < MAX_CHANGES && !a.lateTlsUsed) {
            // TLS may follow a preamble no parser knows (STARTTLS, a proxy), even in the bytes detection held
            a.lateTls = new LateTls();
            replay(a, sb, cb, runs, n);
        }
    }

    /**
     * A failed flow's client bytes, searched for a TLS ClientHello (see {@link LateTls}); when one is
     * found the flow becomes TLS from it, a protocol change from {@code failed}.
     */
    private void lateTls(FlowApp a, boolean toServer, byte[] buf, int off, int len) {
        if (toServer == a.flow.reversed) return; // a ClientHello comes from the client
        LateTls w = a.lateTls;
        int at = w.find(buf, off, len);
        if (at == LateTls.NONE) {
            if (w.exhausted()) a.lateTls = null;
            return;
        }
        a.lateTls = null;
        a.lateTlsUsed = true;
        a.failed = false;
        a.changes++;
        protocolChanges++;
        // a flow that failed after a change (STARTTLS and then no TLS yet) keeps the protocol it came from
        if (a.flow.appProtoOrig == null) a.flow.appProtoOrig = FAILED;
        start(a, tlsIndex);
        if (at < 0) {
            feed(a, toServer, w.held(), w.heldLen() + at, -at);
            at = 0;
        }
        if (a.parser != null) route(a, toServer, buf, off + at, len - at);
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

    boolean inspectEarly(FlowApp a, java.util.function.Supplier<InspectionBuffers> request) {
        return out.inspectEarly(a.flow, request, nowNanos, packetNumber);
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
