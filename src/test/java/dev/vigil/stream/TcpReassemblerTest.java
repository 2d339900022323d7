package dev.vigil.stream;

import static dev.vigil.scenario.PacketBuilder.TCP_ACK;
import static dev.vigil.scenario.PacketBuilder.TCP_FIN;
import static dev.vigil.scenario.PacketBuilder.TCP_PSH;
import static dev.vigil.scenario.PacketBuilder.TCP_RST;
import static dev.vigil.scenario.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flow.Flow;
import dev.vigil.scenario.PacketBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reassembly of hand-made TCP conversations, fed as real frames through the decoder and the flow table. */
class TcpReassemblerTest {
    static final long CISN = 1000, SISN = 5000;
    static final int DA = TCP_ACK | TCP_PSH;

    static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** Client frame; {@code rel} is the offset of the first data byte in the client's stream. */
    static byte[] c(long rel, long ackRel, int flags, String data) {
        return new PacketBuilder().ips("10.0.0.1", "10.0.0.2").tcp(40000, 80, CISN + 1 + rel, SISN + 1 + ackRel, flags, b(data));
    }

    static byte[] s(long rel, long ackRel, int flags, String data) {
        return new PacketBuilder().ips("10.0.0.2", "10.0.0.1").tcp(80, 40000, SISN + 1 + rel, CISN + 1 + ackRel, flags, b(data));
    }

    static StreamHarness handshake(StreamConfig cfg) {
        StreamHarness h = new StreamHarness(cfg);
        h.feed(new PacketBuilder().ips("10.0.0.1", "10.0.0.2").tcp(40000, 80, CISN, 0, TCP_SYN, new byte[0]));
        h.feed(new PacketBuilder().ips("10.0.0.2", "10.0.0.1").tcp(80, 40000, SISN, CISN + 1, TCP_SYN | TCP_ACK, new byte[0]));
        h.feed(c(0, 0, TCP_ACK, ""));
        return h;
    }

    static StreamConfig cfg() {
        StreamConfig c = new StreamConfig();
        c.depth = 0;
        return c;
    }

    @Test
    void inOrderBothDirectionsAndCloseFreeEverything() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "GET / HTTP/1.1\r\n"));
        h.feed(c(16, 0, DA, "Host: x\r\n\r\n"));
        h.feed(s(0, 27, DA, "HTTP/1.1 200 OK\r\n\r\n"));
        h.feed(c(27, 19, TCP_FIN | TCP_ACK, ""));
        h.feed(s(19, 28, TCP_FIN | TCP_ACK, ""));
        h.feed(c(28, 20, TCP_ACK, ""));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(conv.toServer.chunks).hasSize(2);
        assertThat(conv.toClient.text()).isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
        assertThat(conv.events).isEmpty();
        assertThat(h.reassembler.gaps + h.reassembler.segmentsOutOfOrder + h.reassembler.retransmissions).isZero();
        // both FINs consumed: windows released even before the flow ends
        assertThat(h.reassembler.bytesHeld()).isZero();
    }

    @Test
    void outOfOrderSegmentsAreHeldUntilTheHoleFills() {
        StreamHarness h = handshake(cfg());
        h.feed(c(8, 0, DA, "CCCC"));
        h.feed(c(4, 0, DA, "BBBB"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEmpty();
        assertThat(h.reassembler.bytesHeld()).isEqualTo(2 * (4 + HeldSegment.OVERHEAD));
        h.feed(c(0, 0, DA, "AAAA"));
        assertThat(conv.toServer.chunks).containsExactly("AAAA", "BBBB", "CCCC");
        assertThat(h.reassembler.segmentsOutOfOrder).isEqualTo(2);
        assertThat(h.reassembler.bytesHeld()).isEqualTo(TcpReassembler.WINDOW); // only the retransmission window
        h.shutdown();
        assertThat(h.reassembler.bytesHeld()).isZero();
        assertThat(conv.toServer.gapCount).isZero();
    }

    @Test
    void retransmissionWithSameDataIsQuiet() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "HELLO"));
        h.feed(c(0, 0, DA, "HELLO"));
        h.feed(c(2, 0, DA, "LLO WORLD"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("HELLO WORLD");
        assertThat(h.reassembler.retransmissions).isEqualTo(2);
        assertThat(h.reassembler.overlapsDifferent).isZero();
        assertThat(conv.events).isEmpty();
    }

    @Test
    void retransmissionWithDifferentDataRaisesTheAnomalyAndKeepsTheDeliveredBytes() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "HELLO"));
        h.feed(c(0, 0, DA, "HEllO"));
        h.feed(c(3, 0, DA, "LX!"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("HELLO!");
        assertThat(h.reassembler.overlapsDifferent).isEqualTo(2);
        assertThat(conv.events).containsEntry(StreamEvent.REASSEMBLY_OVERLAP_DIFFERENT_DATA, 1);
    }

    @Test
    void zeroPaddingCountedIntoABareAcksLengthIsNotData() {
        // as in tcp/ndpi-heuristic_tcp_ack_payload.pcap: each pure ACK carries the Ethernet padding as
        // "payload", and the real data follows at the same sequence number
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, TCP_ACK, "\0\0"));
        h.feed(c(0, 0, DA, "HELLO"));
        h.feed(s(0, 5, TCP_ACK, "\0\0\0\0\0\0"));
        h.feed(s(0, 5, DA, "WORLD"));
        h.feed(c(5, 5, TCP_ACK, "\0\0"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("HELLO");
        assertThat(conv.toClient.text()).isEqualTo("WORLD");
        assertThat(h.reassembler.ackPadding).isEqualTo(3);
        assertThat(conv.events).isEmpty();
    }

    @Test
    void zerosThatCannotBePaddingAreData() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "\0\0"));                   // PSH: the sender's own bytes
        h.feed(c(2, 0, TCP_ACK, "\0\0\0\0\0\0\0"));     // 7 bytes: more than a minimum frame pads
        h.feed(c(9, 0, TCP_ACK, "\0x"));                // not all zero
        assertThat(h.only().toServer.text()).isEqualTo("\0".repeat(9) + "\0x");
        assertThat(h.reassembler.ackPadding).isZero();
    }

    @Test
    void keepaliveIsIgnored() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "abc"));
        h.feed(c(2, 0, TCP_ACK, "\0"));
        assertThat(h.reassembler.keepalives).isEqualTo(1);
        assertThat(h.only().events).isEmpty();
        assertThat(h.only().toServer.text()).isEqualTo("abc");
    }

    /**
     * A Novak-style overlap pattern: four pairs of an original held segment O and a new segment N that
     * overlaps it in one way each (N starts before O; same start, N ends later; N inside O; N starts
     * inside O and ends after it), all ahead of a one-byte hole, then the holes fill.
     * The winners per policy are those of {@link OverlapPolicy}'s definitions.
     */
    @ParameterizedTest
    @EnumSource(OverlapPolicy.class)
    void overlapPolicies(OverlapPolicy policy) {
        StreamConfig cfg = cfg();
        cfg.policy = policy;
        StreamHarness h = handshake(cfg);
        h.feed(c(2, 0, DA, "AAAA"));    // O1 [2,6)
        h.feed(c(1, 0, DA, "bbbb"));    // N1 [1,5): starts before O1, ends inside
        h.feed(c(8, 0, DA, "CCCC"));    // O2 [8,12)
        h.feed(c(8, 0, DA, "dddddd"));  // N2 [8,14): same start, ends later
        h.feed(c(15, 0, DA, "EEEEEE")); // O3 [15,21)
        h.feed(c(17, 0, DA, "ff"));     // N3 [17,19): inside
        h.feed(c(22, 0, DA, "GGG"));    // O4 [22,25)
        h.feed(c(23, 0, DA, "hhhh"));   // N4 [23,27): starts inside, ends after
        h.feed(c(6, 0, DA, "zz"));
        h.feed(c(14, 0, DA, "y"));
        h.feed(c(21, 0, DA, "w"));
        assertThat(h.only().toServer.text()).isEmpty();
        h.feed(c(0, 0, DA, "X"));
        boolean n1, n2, n3, n4;
        switch (policy) {
            case FIRST, WINDOWS -> { n1 = false; n2 = false; n3 = false; n4 = false; }
            case LAST -> { n1 = true; n2 = true; n3 = true; n4 = true; }
            case BSD -> { n1 = true; n2 = false; n3 = false; n4 = false; }
            case LINUX -> { n1 = true; n2 = true; n3 = false; n4 = false; }
            case SOLARIS -> { n1 = false; n2 = true; n3 = false; n4 = false; }
            default -> throw new AssertionError(policy);
        }
        String expected = "X" + "b" + (n1 ? "bbb" : "AAA") + "A" + "zz" + (n2 ? "dddd" : "CCCC") + "dd" + "y"
                + "EE" + (n3 ? "ff" : "EE") + "EE" + "w" + "G" + (n4 ? "hh" : "GG") + "hh";
        assertThat(h.only().toServer.text()).isEqualTo(expected);
        assertThat(h.reassembler.overlapsDifferent).isEqualTo(4);
        assertThat(h.only().events).containsEntry(StreamEvent.REASSEMBLY_OVERLAP_DIFFERENT_DATA, 1);
        assertThat(h.only().toServer.gapCount).isZero();
    }

    /** The same decision when the new segment starts at the next expected byte (it is delivered at once). */
    @ParameterizedTest
    @EnumSource(OverlapPolicy.class)
    void overlapAtTheBase(OverlapPolicy policy) {
        StreamConfig cfg = cfg();
        cfg.policy = policy;
        StreamHarness h = handshake(cfg);
        h.feed(c(2, 0, DA, "AAAA"));   // O [2,6)
        h.feed(c(0, 0, DA, "bbbb"));   // N [0,4) starts before O and ends inside it
        boolean newWins = policy == OverlapPolicy.LAST || policy == OverlapPolicy.BSD || policy == OverlapPolicy.LINUX;
        assertThat(h.only().toServer.text()).isEqualTo(newWins ? "bbbbAA" : "bbAAAA");
    }

    @Test
    void inlineModeKeepsTheFirstBytes() {
        StreamConfig cfg = cfg();
        cfg.policy = OverlapPolicy.LAST;
        cfg.inline = true;
        StreamHarness h = handshake(cfg);
        h.feed(c(2, 0, DA, "AAAA"));
        h.feed(c(0, 0, DA, "bbbbbbb"));
        assertThat(h.only().toServer.text()).isEqualTo("bbAAAAb");
    }

    @Test
    void sequenceWrapsAroundTwoToThe32() {
        StreamHarness h = new StreamHarness(cfg());
        long isn = 0xFFFF_FFF0L;
        PacketBuilder cb = new PacketBuilder().ips("10.0.0.1", "10.0.0.2");
        PacketBuilder sb = new PacketBuilder().ips("10.0.0.2", "10.0.0.1");
        h.feed(cb.tcp(1234, 443, isn, 0, TCP_SYN, new byte[0]));
        h.feed(sb.tcp(443, 1234, 77, isn + 1, TCP_SYN | TCP_ACK, new byte[0]));
        // bytes at isn+1 .. isn+30 cross 2^32 after 15 bytes; the middle segment comes last
        h.feed(cb.tcp(1234, 443, isn + 1, 78, DA, b("0123456789")));
        h.feed(cb.tcp(1234, 443, (isn + 21) & 0xFFFF_FFFFL, 78, DA, b("klmnopqrst")));
        h.feed(cb.tcp(1234, 443, (isn + 11) & 0xFFFF_FFFFL, 78, DA, b("abcdefghij")));
        h.feed(cb.tcp(1234, 443, (isn + 31) & 0xFFFF_FFFFL, 78, DA, b("uv")));
        h.feed(cb.tcp(1234, 443, (isn + 5) & 0xFFFF_FFFFL, 78, DA, b("456789abc"))); // retransmission over the wrap
        assertThat(h.only().toServer.text()).isEqualTo("0123456789abcdefghijklmnopqrstuv");
        assertThat(h.reassembler.overlapsDifferent).isZero();
        assertThat(h.reassembler.gaps).isZero();
    }

    @Test
    void peerAckBeyondTheHoleDeclaresAGap() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "first "));
        h.feed(c(16, 0, DA, "third"));           // [6,16) never seen
        h.feed(s(0, 6, TCP_ACK, ""));            // ACK up to the hole: nothing to declare
        assertThat(h.only().toServer.gapCount).isZero();
        h.feed(s(0, 21, TCP_ACK, ""));           // the server got everything
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.chunks).containsExactly("first ", "<gap 10>", "third");
        assertThat(conv.events).containsEntry(StreamEvent.REASSEMBLY_SEQ_GAP, 1);
        assertThat(h.reassembler.ackedGaps).isEqualTo(1);
        h.feed(c(6, 0, DA, "second...."));       // arrives too late: a retransmission of gapped bytes
        assertThat(conv.toServer.text()).isEqualTo("first third");
    }

    @Test
    void segmentArrivingAfterTheAckOfItsHoleGapsAtOnce() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "ab"));
        h.feed(s(0, 10, TCP_ACK, ""));           // the server acknowledges bytes we never saw
        h.feed(c(10, 0, DA, "kl"));
        assertThat(h.only().toServer.chunks).containsExactly("ab", "<gap 8>", "kl");
        assertThat(h.reassembler.bytesHeld()).isEqualTo(TcpReassembler.WINDOW);
    }

    @Test
    void depthStopsDeliveryAndHoldsNothingMore() {
        StreamConfig cfg = cfg();
        cfg.depth = 10;
        StreamHarness h = handshake(cfg);
        h.feed(c(0, 0, DA, "0123456"));
        h.feed(c(7, 0, DA, "789abc"));
        h.feed(c(20, 0, DA, "zzzz"));
        h.feed(c(13, 0, DA, "defghij"));
        h.feed(s(0, 13, DA, "0123456789ABCDEF"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("0123456789");
        assertThat(conv.toClient.text()).isEqualTo("0123456789");
        assertThat(conv.events).containsEntry(StreamEvent.REASSEMBLY_DEPTH_REACHED, 2); // once per direction
        assertThat(h.reassembler.depthReached).isEqualTo(2);
        assertThat(h.reassembler.bytesHeld()).isZero();
    }

    @Test
    void aFlowsOwnDepthReplacesTheConfiguredOne() {
        // the app layer sets Flow.streamDepth from its protocol (SMB: 0, unlimited; Suricata's smb stream-depth)
        StreamConfig cfg = cfg();
        cfg.depth = 10;
        StreamHarness h = handshake(cfg);
        h.flows.get(0).streamDepth = 0;
        h.feed(c(0, 0, DA, "0123456"));
        h.feed(c(7, 0, DA, "789abcdef"));
        h.feed(s(0, 16, DA, "0123456789ABCDEF"));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.text()).isEqualTo("0123456789abcdef");
        assertThat(conv.toClient.text()).isEqualTo("0123456789ABCDEF");
        assertThat(conv.events).doesNotContainKey(StreamEvent.REASSEMBLY_DEPTH_REACHED);
        // and a smaller one than configured applies too
        StreamHarness h2 = handshake(cfg);
        h2.flows.get(0).streamDepth = 4;
        h2.feed(c(0, 0, DA, "0123456"));
        assertThat(h2.only().toServer.text()).isEqualTo("0123");
    }

    @Test
    void outOfOrderBytesBeyondTheDepthAreNotHeld() {
        StreamConfig cfg = cfg();
        cfg.depth = 100;
        StreamHarness h = handshake(cfg);
        h.feed(c(150, 0, DA, "far"));
        assertThat(h.reassembler.bytesHeld()).isZero();
        h.feed(c(98, 0, DA, "wxyz"));   // only its first two bytes are inside the depth
        assertThat(h.reassembler.bytesHeld()).isEqualTo(2 + HeldSegment.OVERHEAD);
    }

    @Test
    void withoutMidstreamADirectionWithoutSynIsNotReassembled() {
        StreamHarness h = new StreamHarness(cfg());
        h.feed(c(0, 0, DA, "hello"));
        h.feed(s(0, 5, DA, "world"));
        assertThat(h.only().toServer.text()).isEmpty();
        assertThat(h.only().toClient.text()).isEmpty();
        assertThat(h.reassembler.noSynDirections).isEqualTo(2);
        assertThat(h.reassembler.bytesHeld()).isZero();
    }

    @Test
    void midstreamPicksUpAtTheFirstDataSegment() {
        StreamConfig cfg = cfg();
        cfg.midstream = true;
        StreamHarness h = new StreamHarness(cfg);
        h.feed(c(0, 0, DA, "hello"));
        h.feed(s(0, 5, DA, "world"));
        h.feed(c(10, 5, DA, "!!"));
        h.feed(c(5, 5, DA, " more"));
        assertThat(h.only().toServer.text()).isEqualTo("hello more!!");
        assertThat(h.only().toClient.text()).isEqualTo("world");
        assertThat(h.reassembler.midstreamPickups).isEqualTo(2);
    }

    @Test
    void dataOnTheSynIsDelivered() {
        StreamHarness h = new StreamHarness(cfg());
        h.feed(new PacketBuilder().ips("10.0.0.1", "10.0.0.2").tcp(40000, 80, CISN, 0, TCP_SYN, b("fastopen")));
        h.feed(new PacketBuilder().ips("10.0.0.2", "10.0.0.1").tcp(80, 40000, SISN, CISN + 9, TCP_SYN | TCP_ACK, b("")));
        h.feed(c(8, 0, DA, "+more"));
        assertThat(h.only().toServer.text()).isEqualTo("fastopen+more");
    }

    @Test
    void rstFlushesHeldBytesAndStops() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "abc"));
        h.feed(c(5, 0, DA, "fgh"));
        h.feed(s(0, 3, TCP_RST | TCP_ACK, ""));
        StreamHarness.Conv conv = h.only();
        assertThat(conv.toServer.chunks).containsExactly("abc", "<gap 2>", "fgh");
        h.feed(c(8, 0, DA, "later"));
        assertThat(conv.toServer.text()).isEqualTo("abcfgh");
        assertThat(h.reassembler.bytesHeld()).isZero();
    }

    @Test
    void rstFarOutsideTheWindowIsIgnored() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "abc"));
        h.feed(c(1L << 31, 0, TCP_RST, ""));
        h.feed(c(3, 0, DA, "def"));
        assertThat(h.only().toServer.text()).isEqualTo("abcdef");
        assertThat(h.reassembler.outOfWindow).isEqualTo(1);
    }

    @Test
    void flowEndTurnsHolesIntoGaps() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "ab"));
        h.feed(c(4, 0, DA, "ef"));
        h.feed(c(10, 0, DA, "kl"));
        h.feed(s(0, 2, DA, "ok"));
        assertThat(h.reassembler.bytesHeld()).isGreaterThan(2L * TcpReassembler.WINDOW);
        h.shutdown();
        StreamHarness.Conv conv = h.only();
        assertThat(conv.ended).isTrue();
        assertThat(conv.toServer.chunks).containsExactly("ab", "<gap 2>", "ef", "<gap 4>", "kl");
        assertThat(conv.toClient.chunks).containsExactly("ok");
        assertThat(h.reassembler.bytesHeld()).isZero();
        assertThat(h.reassembler.gaps).isEqualTo(2);
    }

    @Test
    void finWithAHoleIsClosedByTheAckOfTheFin() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "ab"));
        h.feed(c(4, 0, DA | TCP_FIN, "ef"));
        h.feed(c(7, 0, DA, "zz"));               // after the FIN: not part of the stream
        h.feed(s(0, 7, TCP_ACK, ""));            // acknowledges the FIN
        assertThat(h.only().toServer.chunks).containsExactly("ab", "<gap 2>", "ef");
        assertThat(h.reassembler.dataAfterFin).isEqualTo(1);
        assertThat(h.reassembler.bytesHeld()).isEqualTo(0);
    }

    @Test
    void tooMuchHeldInOneDirectionDeclaresTheOldestHoleAGap() {
        StreamConfig cfg = cfg();
        cfg.maxHeldPerDirection = 3 * (100 + HeldSegment.OVERHEAD);
        StreamHarness h = handshake(cfg);
        String hundred = "x".repeat(100);
        h.feed(c(0, 0, DA, "a"));
        for (int i = 0; i < 4; i++) h.feed(c(10 + 200 * i, 0, DA, hundred));
        // the fourth did not fit: the hole before the first held segment became a gap
        assertThat(h.only().toServer.chunks).startsWith("a", "<gap 9>", hundred);
        assertThat(h.reassembler.heldLimitGaps).isEqualTo(1);
        assertThat(h.reassembler.bytesHeld()).isLessThanOrEqualTo(TcpReassembler.WINDOW + cfg.maxHeldPerDirection);
    }

    @Test
    void segmentsFarAheadAreIgnoredWithoutMemory() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "ab"));
        long before = h.reassembler.bytesHeld();
        h.feed(c((1L << 30) + 100, 0, DA, "junk"));
        assertThat(h.reassembler.bytesHeld()).isEqualTo(before);
        assertThat(h.reassembler.outOfWindow).isEqualTo(1);
        assertThat(h.only().events).containsKey(StreamEvent.REASSEMBLY_SEGMENT_BEFORE_BASE_SEQ);
    }

    @Test
    void zeroWindowProbeIsIgnored() {
        StreamHarness h = handshake(cfg());
        h.feed(c(0, 0, DA, "ab"));
        byte[] zeroWin = s(0, 2, TCP_ACK, "");
        zeroWin[14 + 20 + 14] = 0;
        zeroWin[14 + 20 + 15] = 0;
        h.feed(zeroWin);
        h.feed(c(2, 0, TCP_ACK, "c"));           // the probe: the receiver would drop it
        assertThat(h.reassembler.zeroWindowProbes).isEqualTo(1);
        h.feed(s(0, 2, TCP_ACK, ""));            // window opens
        h.feed(c(2, 0, DA, "cde"));
        assertThat(h.only().toServer.text()).isEqualTo("abcde");
    }

    @Test
    void memcapIsNeverExceededAndTheFlowsOwnHoleIsGappedFirst() {
        StreamConfig cfg = cfg();
        cfg.memcap = 3 * (50 + HeldSegment.OVERHEAD);   // no room for windows: half the memcap is less than one
        StreamHarness h = handshake(cfg);
        String fifty = "y".repeat(50);
        h.feed(c(100, 0, DA, fifty));
        h.feed(c(200, 0, DA, fifty));
        h.feed(c(300, 0, DA, fifty));
        assertThat(h.reassembler.bytesHeld()).isEqualTo(cfg.memcap);
        h.feed(c(400, 0, DA, fifty));
        assertThat(h.reassembler.bytesHeld()).isLessThanOrEqualTo(cfg.memcap);
        assertThat(h.only().toServer.chunks).startsWith("<gap 100>", fifty);
        assertThat(h.reassembler.memcapDrops).isZero();
        // another flow with nothing of its own to free: its segment is refused
        h.feed(new PacketBuilder().ips("10.0.0.3", "10.0.0.2").tcp(1, 80, 10, 0, TCP_SYN, new byte[0]));
        Flow other = h.feed(new PacketBuilder().ips("10.0.0.3", "10.0.0.2").tcp(1, 80, 500, 0, DA, b(fifty)));
        assertThat(h.reassembler.memcapDrops).isEqualTo(1);
        assertThat(h.conv(other).events).containsKey(StreamEvent.REASSEMBLY_MEMCAP);
        assertThat(h.reassembler.bytesHeld()).isLessThanOrEqualTo(cfg.memcap);
        h.shutdown();
        assertThat(h.reassembler.bytesHeld()).isZero();
    }
}
