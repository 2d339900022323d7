package dev.vigil.applayer;

import dev.vigil.flow.Flow;
import java.util.Arrays;

/**
 * The app-layer state of one flow: while the protocol is unknown, the first bytes of each direction in
 * the order they came (so the parser, once chosen, sees the flow from its start); then the parser.
 */
final class FlowApp implements AppContext {
    final Flow flow;
    final AppLayer layer;
    AppProtocol protocol;
    int protocolIndex = -1;
    AppParser parser;
    /** Detection gave up: no protocol matched. */
    boolean failed;
    /** The parser threw: it gets no more bytes. */
    boolean broken;

    // detection: bytes per direction, and the arrival order as (direction, length) runs
    byte[] toServerBytes, toClientBytes;
    int toServerLen, toClientLen;
    /** Bit i: protocol i of the layer's list has said NO for that direction. */
    long noToServer, noToClient;
    /** Runs in arrival order: bit 31 set = to server; low bits = length. */
    int[] runs = new int[8];
    int runCount;
    int datagrams;
    /** The last detection matched the bytes as the other direction's (a midstream flow seen from its server first). */
    boolean matchedReversed;

    // protocol change (CONNECT, STARTTLS): asked during the current parser call, performed after it
    boolean changing;
    /** Changes made on this flow. */
    int changes;
    /** Bytes handed over at the change were more than the layer keeps: the new protocol's start is lost. */
    boolean handOverLost;
    /** The first bytes were looked up in the expectation table. */
    boolean expectChecked;
    /** Data of the expectation this flow fulfilled, for its parser. */
    Object expectationData;
    /** During detection after a change: the expected protocol's index (probed first), else -1. */
    int expectedIndex = -1;
    /** After detection failed: the search for a late TLS ClientHello, while it goes on; see {@link LateTls}. */
    LateTls lateTls;
    /** The flow switched to TLS that way once: it never searches again. */
    boolean lateTlsUsed;

    FlowApp(Flow flow, AppLayer layer) {
        this.flow = flow;
        this.layer = layer;
    }

    /**
     * Keeps bytes while detecting, up to {@code max} for the direction; how many were kept (fewer than
     * {@code len} when the direction's buffer is full: detection must end).
     */
    int buffer(boolean toServer, byte[] b, int off, int len, int max) {
        int have = toServer ? toServerLen : toClientLen;
        int n = Math.min(len, max - have);
        if (n <= 0) return 0;
        if (runs == null) runs = new int[8];
        byte[] buf = toServer ? toServerBytes : toClientBytes;
        if (buf == null || buf.length < have + n) {
            buf = Arrays.copyOf(buf == null ? new byte[0] : buf, Math.min(max, Math.max(have + n, 2 * have + 256)));
            if (toServer) toServerBytes = buf; else toClientBytes = buf;
        }
        System.arraycopy(b, off, buf, have, n);
        if (toServer) toServerLen += n; else toClientLen += n;
        int tag = toServer ? Integer.MIN_VALUE : 0;
        if (runCount > 0 && (runs[runCount - 1] & Integer.MIN_VALUE) == tag) {
            runs[runCount - 1] += n;
        } else {
            if (runCount == runs.length) runs = Arrays.copyOf(runs, runCount * 2);
            runs[runCount++] = tag | n;
        }
        return n;
    }

    void dropBuffers() {
        toServerBytes = toClientBytes = null;
        toServerLen = toClientLen = 0;
        runs = null;
        runCount = 0;
    }

    // AppContext, for the parser
    @Override public Flow flow() { return flow; }
    @Override public long timeNanos() { return layer.nowNanos; }
    @Override public long packetNumber() { return layer.packetNumber; }
    @Override public void emit(AppRecord record) { layer.emit(this, record); }
    @Override public boolean inspectEarly(java.util.function.Supplier<InspectionBuffers> request) { return layer.inspectEarly(this, request); }
    @Override public void anomaly(String event) { layer.appAnomaly(this, event); }
    @Override public boolean changeProtocol(String expected) { return layer.requestChange(this, expected); }
    @Override public void handOver(boolean toServer, byte[] buf, int off, int len) { layer.handOver(this, toServer, buf, off, len); }
    @Override public void expect(String protocol, boolean listenerIsClient, int port, Object data) { layer.expect(this, protocol, listenerIsClient, port, data); }
    @Override public Object expectation() { return expectationData; }
}
