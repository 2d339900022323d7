package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.flow.Flow;
import dev.vigil.testing.TestFlows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw stream inspection on its own: which rules see the stream, when a window is due, one alert per match, bounded memory. */
class StreamInspectorTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    /** Alerts as "sid:stream payload" (payload as the record would show it). */
    private static final class Sink implements AlertSink {
        final List<String> alerts = new ArrayList<>();

        @Override
        public void alert(Flow f, boolean fromB, boolean toServer, Rule rule, dev.vigil.applayer.InspectionBuffers tx) {
            alerts.add(rule.sid() + ":packet");
        }

        @Override
        public void streamAlert(Flow f, boolean fromB, boolean toServer, Rule rule, StreamPayload stream) {
            byte[] b = stream.render(4096);
            alerts.add(rule.sid() + ":" + new String(b, 0, stream.length(), StandardCharsets.ISO_8859_1));
        }
    }

    private static DetectEngine engine(String... rules) throws RuleException {
        RuleParser p = new RuleParser(RuleVars.defaults(), null);
        List<Rule> rs = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) rs.add(p.parse(rules[i], "t", i + 1));
        return new DetectEngine(rs);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void feed(StreamInspector si, Flow f, String s) {
        byte[] x = b(s);
        si.data(f, true, x, 0, x.length);
    }

    @Test
    void whichRulesSeeTheStream() throws RuleException {
        DetectEngine e = engine(
                "alert tcp any any -> any any (content:\"EVIL\"; sid:1;)",
                "alert tcp-stream any any -> any any (content:\"EVIL\"; sid:2;)",
                "alert tcp-pkt any any -> any any (content:\"EVIL\"; sid:3;)",
                "alert tcp any any -> any any (content:\"EVIL\"; depth:10; sid:4;)",
                "alert tcp any any -> any any (content:\"EVIL\"; dsize:>0; sid:5;)",
                "alert tcp any any -> any any (content:\"EVIL\"; flow:only_stream; sid:6;)",
                "alert tcp any any -> any any (content:\"EVIL\"; flow:no_stream; sid:7;)");
        Sink sink = new Sink();
        StreamInspector si = new StreamInspector(e.newContext(), true, 1 << 20);
        si.use(T0, sink);
        Flow f = TestFlows.tcp4(0x0A000001L, 1000, 0x0A000002L, 80, T0);
        feed(si, f, "xxEV");
        si.afterPacket(f, true, -1);
        feed(si, f, "ILyy");
        si.afterPacket(f, true, -1);
        // a pattern split over two segments: only the stream rules see it, once, on the second segment (inline)
        assertThat(sink.alerts).containsExactly("1:xxEVILyy", "2:xxEVILyy", "6:xxEVILyy");
    }

    @Test
    void idsInspectsAcknowledgedBytesOnceAChunkIsDueOrTheFlowEnds() throws RuleException {
        DetectEngine e = engine("alert tcp any any -> any any (content:\"EVIL\"; sid:1;)");
        Sink sink = new Sink();
        StreamInspector si = new StreamInspector(e.newContext(), false, 1 << 20);
        si.use(T0, sink);
        Flow f = TestFlows.tcp4(0x0A000001L, 1000, 0x0A000002L, 80, T0);
        feed(si, f, "EVIL");
        si.afterPacket(f, true, -1);
        si.afterPacket(f, true, 4);
        assertThat(sink.alerts).as("4 acknowledged bytes are less than a chunk").isEmpty();
        feed(si, f, "x".repeat(StreamInspector.CHUNK) + "EVIL");
        si.afterPacket(f, true, 4 + StreamInspector.CHUNK);
        assertThat(sink.alerts).as("the chunk is inspected, not the unacknowledged EVIL after it").hasSize(1);
        si.afterPacket(f, true, 4 + StreamInspector.CHUNK + 4);
        assertThat(sink.alerts).hasSize(1);
        si.flowEnd(f);
        assertThat(sink.alerts).as("the rest at the flow's end, and each EVIL once").hasSize(2);
        assertThat(si.bytesHeld()).isZero();
    }

    @Test
    void gapsSplitInspectionButShowInThePayload() throws RuleException {
        DetectEngine e = engine(
                "alert tcp-stream any any -> any any (content:\"VERY\"; sid:1;)",
                "alert tcp-stream any any -> any any (content:\"DATA\"; sid:3;)",
                "alert tcp-stream any any -> any any (content:\"VERYGOODDATA\"; sid:7;)",
                "alert tcp-stream any any -> any any (content:\"VERY\"; content:\"DATA\"; distance:0; sid:8;)");
        Sink sink = new Sink();
        StreamInspector si = new StreamInspector(e.newContext(), false, 1 << 20);
        si.use(T0, sink);
        Flow f = TestFlows.tcp4(0x0A000001L, 1000, 0x0A000002L, 80, T0);
        si.gap(f, true, 2);
        feed(si, f, "VERY");
        si.gap(f, true, 4);
        feed(si, f, "DATA");
        si.flowEnd(f);
        assertThat(sink.alerts).containsExactly("1:[2 bytes missing]VERY[4 bytes missing]DATA", "3:[2 bytes missing]VERY[4 bytes missing]DATA");
    }

    @Test
    void contextIsReinspectedWithoutRepeatingAlerts() throws RuleException {
        DetectEngine e = engine("alert tcp any any -> any any (content:\"EVIL\"; sid:1;)",
                "alert tcp any any -> any any (pcre:\"/EV.L/\"; sid:2;)");
        Sink sink = new Sink();
        StreamInspector si = new StreamInspector(e.newContext(), true, 1 << 20);
        si.use(T0, sink);
        Flow f = TestFlows.tcp4(0x0A000001L, 1000, 0x0A000002L, 80, T0);
        feed(si, f, "aEVILb");
        si.afterPacket(f, true, -1);
        for (int i = 0; i < 5; i++) {
            feed(si, f, "c");
            si.afterPacket(f, true, -1);
        }
        feed(si, f, "EVIL");
        si.afterPacket(f, true, -1);
        assertThat(sink.alerts).extracting(a -> a.substring(0, 1)).containsExactly("1", "2", "1", "2");
    }

    @Test
    void windowsStayWithinTheirBoundsAndTheBudget() throws RuleException {
        DetectEngine e = engine("alert tcp any any -> any any (content:\"NEEDLE\"; sid:1;)");
        Sink sink = new Sink();
        long budget = 64 << 10;
        StreamInspector si = new StreamInspector(e.newContext(), false, budget);
        si.use(T0, sink);
        List<Flow> flows = new ArrayList<>();
        byte[] hay = b("h".repeat(1000));
        for (int i = 0; i < 20; i++) {
            Flow f = TestFlows.tcp4(0x0A000001L, 1000 + i, 0x0A000002L, 80, T0);
            flows.add(f);
            // never acknowledged: the window must inspect by itself when full rather than grow
            for (int k = 0; k < 100; k++) si.data(f, true, hay, 0, hay.length);
            feed(si, f, "NEEDLE");
            assertThat(si.bytesHeld()).isLessThanOrEqualTo(budget);
        }
        assertThat(si.budgetSkips).as("some directions found no budget left").isPositive();
        assertThat(si.forced).isPositive();
        for (Flow f : flows) si.flowEnd(f);
        assertThat(si.bytesHeld()).isZero();
        // every direction that had a window found its NEEDLE, exactly once
        assertThat(sink.alerts).hasSize((int) (20 - si.budgetSkips));
    }
}
