package dev.vigil.applayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher between reassembly and parsers: detection by content in either direction, the
 * parser seeing the flow from its first byte in arrival order, giving up, bounded buffering, and a
 * throwing parser cut off without taking the worker down.
 */
class AppLayerTest {

    /** A toy protocol: the client says "HELLO", or the server greets "HI" and the client then says "ME". */
    static final class Toy implements AppProtocol {
        final List<String> seen = new ArrayList<>();
        boolean explode;

        @Override public String name() { return "toy"; }
        @Override public Transport transport() { return Transport.BOTH; }

        @Override
        public Probe probe(boolean toServer, byte[] b, int off, int len, int cp, int sp) {
            String s = new String(b, off, len, StandardCharsets.US_ASCII);
            if (toServer) {
                if (s.startsWith("HELLO") || s.startsWith("ME")) return Probe.MATCH;
                return "HELLO".startsWith(s) ? Probe.NEED_MORE : Probe.NO;
            }
            return s.startsWith("HI") ? Probe.NEED_MORE : Probe.NO;
        }

        @Override
        public AppParser newParser(AppContext ctx) {
            return new AppParser() {
                @Override
                public void onData(boolean toServer, byte[] buf, int off, int len) {
                    if (explode) throw new IllegalStateException("boom");
                    String s = (toServer ? ">" : "<") + new String(buf, off, len, StandardCharsets.US_ASCII);
                    seen.add(s);
                    ctx.emit(new AppRecord() {
                        @Override public String eventType() { return "toy"; }
                        @Override public void writeFields(JsonGenerator g) throws IOException { g.writeStringField("toy", s); }
                    });
                }

                @Override
                public void onGap(boolean toServer, long bytes) { seen.add("gap " + bytes); }

                @Override
                public void onClose() { seen.add("close"); }
            };
        }
    }

    static final class Out implements AppOutput {
        final List<String> records = new ArrayList<>(), anomalies = new ArrayList<>();
        @Override public void record(Flow f, AppRecord r, long ts, long n) { records.add(r.eventType() + "@" + n); }
        @Override public void anomaly(Flow f, String type, String proto, String event, long ts, long n) { anomalies.add(type + ":" + event); }
    }

    static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    final Toy toy = new Toy();
    final Out out = new Out();
    final AppLayerConfig config = new AppLayerConfig();

    AppLayer layer() { return new AppLayer(List.of(toy), config, out); }

    static Flow tcpFlow() {
        Flow f = new Flow();
        f.proto = 6;
        f.aPort = 40000;
        f.bPort = 9999;
        return f;
    }

    @Test
    void clientFirstProtocolIsFoundFromBytesSplitAcrossSegments() {
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.setPacket(1, 10);
        a.onData(f, true, b("HEL"), 0, 3);
        assertThat(f.appProto).isNull();
        a.setPacket(2, 11);
        a.onData(f, true, b("LO there"), 0, 8);
        assertThat(f.appProto).isEqualTo("toy");
        // the parser sees the bytes from the start (runs of one direction joined), then what follows directly
        a.onData(f, false, b("ok"), 0, 2);
        assertThat(toy.seen).containsExactly(">HELLO there", "<ok");
        assertThat(out.records).containsExactly("toy@11", "toy@11");
        a.onFlowEnd(f, 3);
        assertThat(toy.seen).last().isEqualTo("close");
        assertThat(a.flows[0]).isEqualTo(1);
        assertThat(a.records[0]).isEqualTo(2);
    }

    @Test
    void serverFirstGreetingWaitsForTheClientAndIsReplayedInOrder() {
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.onData(f, false, b("HI friend"), 0, 9);
        assertThat(f.appProto).isNull();
        a.onData(f, true, b("ME"), 0, 2);
        assertThat(f.appProto).isEqualTo("toy");
        assertThat(toy.seen).containsExactly("<HI friend", ">ME");
    }

    @Test
    void aMidstreamFlowSeenFromItsServerFirstIsTurnedRound() {
        // side A (the first packet's sender) is the server here: the bytes B sent are what a client says,
        // so the flow is reversed and the parser gets them as to-server bytes
        AppLayer a = layer();
        Flow f = tcpFlow();
        f.tcpMidstream = true;
        a.onData(f, false, b("HELLO"), 0, 5);
        assertThat(f.appProto).isEqualTo("toy");
        assertThat(f.reversed).isTrue();
        assertThat(a.reversedFlows).isEqualTo(1);
        a.onData(f, true, b("ok"), 0, 2);
        assertThat(toy.seen).containsExactly(">HELLO", "<ok");
    }

    @Test
    void aFlowWhoseHandshakeWasSeenIsNotTurnedRound() {
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.onData(f, false, b("HELLO"), 0, 5);
        assertThat(f.appProto).isEqualTo(AppLayer.FAILED);
        assertThat(f.reversed).isFalse();
        assertThat(toy.seen).isEmpty();
    }

    @Test
    void unknownBytesFailTheFlowAndAreNotKept() {
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.onData(f, true, b("GET / HTTP/1.1\r\n"), 0, 16);
        assertThat(f.appProto).isEqualTo(AppLayer.FAILED);
        assertThat(a.bufferedBytes()).isZero();
        a.onData(f, true, b("HELLO"), 0, 5);
        assertThat(toy.seen).isEmpty();
        assertThat(a.failedFlows).isEqualTo(1);
    }

    @Test
    void undecidedFlowsAreBoundedPerFlowAndAltogether() {
        config.detectionBytes = 64;
        config.detectionMemcap = 1000;
        AppLayer a = layer();
        // one flow: a server greeting that never gets an answer is kept only up to detectionBytes
        Flow f = tcpFlow();
        byte[] greeting = b("HI" + "x".repeat(100));
        a.onData(f, false, greeting, 0, greeting.length);
        assertThat(f.appProto).isEqualTo(AppLayer.FAILED);
        assertThat(a.bufferedBytes()).isZero();
        // many flows each holding a short greeting: the worker-wide cap fails the ones past it
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Flow g = tcpFlow();
            flows.add(g);
            a.onData(g, false, b("HI 0123456789"), 0, 13);
            assertThat(a.bufferedBytes()).isLessThanOrEqualTo(1000);
        }
        assertThat(a.detectionMemcapHits).isGreaterThan(0);
        for (Flow g : flows) a.onFlowEnd(g, 5);
        assertThat(a.bufferedBytes()).isZero();
    }

    @Test
    void gapBeforeDetectionGivesUpAndGapAfterReachesTheParser() {
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.onData(f, true, b("HE"), 0, 2);
        a.onGap(f, true, 100);
        assertThat(f.appProto).isEqualTo(AppLayer.FAILED);

        Flow g = tcpFlow();
        a.onData(g, true, b("HELLO"), 0, 5);
        a.onGap(g, false, 7);
        assertThat(toy.seen).containsExactly(">HELLO", "gap 7");
    }

    @Test
    void aThrowingParserIsCutOffAndReported() {
        AppLayer a = layer();
        toy.explode = true;
        Flow f = tcpFlow();
        a.onData(f, true, b("HELLO"), 0, 5);
        a.onData(f, true, b("more"), 0, 4);
        assertThat(a.parserErrors).isEqualTo(1);
        assertThat(out.anomalies).containsExactly("applayer:INTERNAL_ERROR");
        a.onFlowEnd(f, 9);
        assertThat(toy.seen).isEmpty();
    }

    // ---- protocol change

    /**
     * A toy tunnel protocol: the client says "OPEN" and the server "OK x" where x names what follows
     * ("-" = detect again), after which the flow changes; the rest of the server's buffer is handed over.
     */
    static final class Tunnel implements AppProtocol {
        final List<String> seen = new ArrayList<>();
        Boolean granted;

        @Override public String name() { return "tunnel"; }
        @Override public Transport transport() { return Transport.TCP; }
        @Override public int priority() { return 1; }

        @Override
        public Probe probe(boolean toServer, byte[] b, int off, int len, int cp, int sp) {
            String s = new String(b, off, len, StandardCharsets.US_ASCII);
            if (!toServer) return Probe.NO;
            if (s.startsWith("OPEN")) return Probe.MATCH;
            return "OPEN".startsWith(s) ? Probe.NEED_MORE : Probe.NO;
        }

        @Override
        public AppParser newParser(AppContext ctx) {
            return new AppParser() {
                boolean over;

                @Override
                public void onData(boolean toServer, byte[] buf, int off, int len) {
                    if (over) throw new IllegalStateException("fed after the change");
                    String s = new String(buf, off, len, StandardCharsets.US_ASCII);
                    seen.add((toServer ? ">" : "<") + s);
                    int nl = s.indexOf('\n');
                    if (!toServer && s.startsWith("OK ") && nl > 0) {
                        String to = s.substring(3, nl);
                        granted = ctx.changeProtocol(to.equals("-") ? null : to);
                        if (granted) {
                            over = true;
                            ctx.handOver(false, buf, off + nl + 1, len - nl - 1);
                        }
                    }
                }

                @Override
                public void onClose() { seen.add("close"); }

                @Override
                public boolean done() { return over; }
            };
        }
    }

    final Tunnel tunnel = new Tunnel();

    AppLayer tunnelLayer() { return new AppLayer(List.of(tunnel, toy), config, out); }

    @Test
    void aChangeClosesTheOldParserAndDetectsTheRestAgainWithTheHandedOverBytesFirst() {
        AppLayer a = tunnelLayer();
        Flow f = tcpFlow();
        a.onData(f, true, b("OPEN x\n"), 0, 7);
        assertThat(f.appProto).isEqualTo("tunnel");
        // the answer and the first bytes of the new protocol in one buffer
        a.onData(f, false, b("OK -\nHI there"), 0, 13);
        assertThat(tunnel.granted).isTrue();
        assertThat(tunnel.seen).containsExactly(">OPEN x\n", "<OK -\nHI there", "close");
        // the server's greeting alone does not decide: it waits, kept, for the client
        assertThat(f.appProto).isEqualTo("tunnel");
        a.onData(f, true, b("ME"), 0, 2);
        assertThat(f.appProto).isEqualTo("toy");
        assertThat(f.appProtoOrig).isEqualTo("tunnel");
        assertThat(f.appProtoExpected).isNull();
        assertThat(toy.seen).containsExactly("<HI there", ">ME");
        a.onData(f, false, b("more"), 0, 4);
        assertThat(toy.seen).last().isEqualTo("<more");
        assertThat(a.protocolChanges).isEqualTo(1);
        assertThat(a.bufferedBytes()).isZero();
        a.onFlowEnd(f, 5);
        assertThat(toy.seen).last().isEqualTo("close");
    }

    @Test
    void anExpectedProtocolThatIsFoundIsNotAnAnomalyAndOneThatIsNotIs() {
        AppLayer a = tunnelLayer();
        Flow f = tcpFlow();
        a.onData(f, true, b("OPEN\n"), 0, 5);
        a.onData(f, false, b("OK toy\n"), 0, 7);
        a.onData(f, true, b("HELLO"), 0, 5);
        assertThat(f.appProto).isEqualTo("toy");
        assertThat(out.anomalies).isEmpty();

        Flow g = tcpFlow();
        a.onData(g, true, b("OPEN\n"), 0, 5);
        a.onData(g, false, b("OK toy\n"), 0, 7);
        a.onData(g, true, b("\u0016\u0003\u0001 not toy"), 0, 11);
        assertThat(g.appProto).isEqualTo(AppLayer.FAILED);
        assertThat(g.appProtoOrig).isEqualTo("tunnel");
        assertThat(g.appProtoExpected).isEqualTo("toy");
        assertThat(out.anomalies).containsExactly("applayer:APPLAYER_UNEXPECTED_PROTOCOL");
    }

    @Test
    void aChangeToAProtocolThatIsNotEnabledIsRefusedAndTheParserJustStops() {
        AppLayer a = tunnelLayer();
        Flow f = tcpFlow();
        a.onData(f, true, b("OPEN\n"), 0, 5);
        a.onData(f, false, b("OK websocket\n"), 0, 13);
        assertThat(tunnel.granted).isFalse();
        assertThat(a.protocolChangesRefused).isEqualTo(1);
        assertThat(f.appProto).isEqualTo("tunnel");
        assertThat(f.appProtoOrig).isNull();
    }

    @Test
    void aChangeNotFollowedByAnyByteKeepsTheOldProtocol() {
        AppLayer a = tunnelLayer();
        Flow f = tcpFlow();
        a.onData(f, true, b("OPEN\n"), 0, 5);
        a.onData(f, false, b("OK toy\n"), 0, 7);
        a.onFlowEnd(f, 3);
        assertThat(f.appProto).isEqualTo("tunnel");
        assertThat(f.appProtoExpected).isEqualTo("toy");
        assertThat(a.failedFlows).isZero();
    }

    @Test
    void changesPerFlowAreBounded() {
        AppLayer a = tunnelLayer();
        Flow f = tcpFlow();
        a.onData(f, true, b("OPEN\n"), 0, 5);
        // every tunnel opens another one inside
        for (int i = 0; i < AppLayer.MAX_CHANGES + 2; i++) {
            a.onData(f, false, b("OK -\n"), 0, 5);
            a.onData(f, true, b("OPEN\n"), 0, 5);
        }
        assertThat(a.protocolChanges).isEqualTo(AppLayer.MAX_CHANGES);
        // past the bound the last tunnel parser goes on, refused twice (the 5th and 6th answers)
        assertThat(a.protocolChangesRefused).isEqualTo(2);
        assertThat(f.appProto).isEqualTo("tunnel");
        assertThat(a.bufferedBytes()).isZero();
    }

    @Test
    void bytesPastTheDetectionBufferFollowTheBufferedOnesInsteadOfBeingLost() {
        config.detectionBytes = 8;
        AppLayer a = layer();
        Flow f = tcpFlow();
        a.onData(f, true, b("HELLO and more than eight"), 0, 25);
        assertThat(String.join("", toy.seen)).isEqualTo(">HELLO an>d more than eight");
    }
}
