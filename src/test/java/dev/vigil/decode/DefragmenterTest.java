package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv4/IPv6 reassembly: order, overlaps under the BSD policy, duplicates, timeouts, memory cap, limits. */
class DefragmenterTest {
    private static final long SEC = 1_000_000_000L;
    private static final String SRC = "1.1.1.1", DST = "2.2.2.2";
    private static final String SRC6 = "2001:db8::1", DST6 = "2001:db8::2";

    /** An IPv4 fragment of datagram {@code id} carrying {@code data} at byte offset {@code offset}. */
    private static byte[] frag4(int id, int proto, int offset, boolean more, byte[] data) {
        return ipv4(proto, SRC, DST, new byte[0], id, (more ? 0x2000 : 0) | (offset / 8), 64, data);
    }

    private static byte[] frag6(long id, int proto, int offset, boolean more, byte[] data) {
        return ipv6(44, SRC6, DST6, cat(fragHeader(proto, offset, more, id), data));
    }

    private static final class Run {
        final Decoder d;
        final List<Packet> reassembled = new ArrayList<>();
        final List<DecoderEvent> events = new ArrayList<>();
        long ts = 100 * SEC;

        Run() {
            this(new Defragmenter(Defragmenter.DEFAULT_MEMCAP));
        }

        Run(Defragmenter defrag) {
            d = new Decoder(defrag);
        }

        /** Decodes a raw IP frame; returns the reassembled datagram's packet it completed, or null. */
        Packet feed(byte[] ip) {
            d.decode(frame(ip, LinkType.RAW, ts, ip.length));
            events.addAll(events(d));
            for (int i = 0; i < d.leafCount(); i++) {
                if (d.leaf(i).reassembled) {
                    reassembled.add(d.leaf(i));
                    return d.leaf(i);
                }
            }
            return null;
        }

        Defragmenter defrag() { return d.defragmenter(); }
    }

    private static byte[] payloadOf(Packet p) {
        byte[] b = new byte[(int) (p.end - p.l3Off - p.ipHeaderLen)];
        java.lang.foreign.MemorySegment.copy(p.seg, java.lang.foreign.ValueLayout.JAVA_BYTE,
                p.l3Off + p.ipHeaderLen, b, 0, b.length);
        return b;
    }

    private static byte[] udpDatagram(int dataLen) {
        byte[] data = new byte[dataLen];
        for (int i = 0; i < dataLen; i++) data[i] = (byte) ('a' + i % 26);
        byte[] u = udp(1000, 2000, data);
        return withChecksum(u, 6, pseudo4(SRC, DST, 17, u.length));
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    @Test
    void inOrderIpv4() {
        byte[] udp = udpDatagram(3000);
        Run r = new Run();
        assertThat(r.feed(frag4(7, 17, 0, true, slice(udp, 0, 1480)))).isNull();
        // the fragment itself is a leaf without flow key
        assertThat(r.d.leaf(0).fragment).isTrue();
        assertThat(r.d.leaf(0).hasFlowKey).isFalse();
        assertThat(r.feed(frag4(7, 17, 1480, true, slice(udp, 1480, 2960)))).isNull();
        Packet p = r.feed(frag4(7, 17, 2960, false, slice(udp, 2960, udp.length)));
        assertThat(p).isNotNull();
        assertThat(r.events).isEmpty();
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(p.ipTotalLen).isEqualTo(20 + udp.length);
        assertThat(p.fragment).isFalse();
        assertThat(p.srcPort).isEqualTo(1000);
        assertThat(p.payloadLen).isEqualTo(3000);
        assertThat(p.hasFlowKey).isTrue();
        assertThat(p.flowLen).isEqualTo(20 + udp.length);
        assertThat(payloadOf(p)).isEqualTo(udp);
        assertThat(Checksums.ipv4HeaderOk(p)).isTrue();
        assertThat(Checksums.transportOk(p)).isTrue();
        assertThat(r.defrag().reassembled).isEqualTo(1);
        assertThat(r.defrag().trackers()).isZero();
        assertThat(r.defrag().memoryUsed()).isZero();
        assertThat(r.d.layerCounts[Layer.REASSEMBLED.ordinal()]).isEqualTo(1);
    }

    @Test
    void outOfOrderIpv4() {
        byte[] udp = udpDatagram(100);
        Run r = new Run();
        assertThat(r.feed(frag4(9, 17, 96, false, slice(udp, 96, udp.length)))).isNull();
        assertThat(r.feed(frag4(9, 17, 32, true, slice(udp, 32, 96)))).isNull();
        Packet p = r.feed(frag4(9, 17, 0, true, slice(udp, 0, 32)));
        assertThat(p).isNotNull();
        assertThat(payloadOf(p)).isEqualTo(udp);
        assertThat(Checksums.transportOk(p)).isTrue();
        assertThat(r.events).isEmpty();
    }

    @Test
    void fragmentsOfDifferentDatagramsAreKeptApart() {
        byte[] a = udpDatagram(40), b = udpDatagram(40);
        b[20] = 'Z';
        Run r = new Run();
        r.feed(frag4(1, 17, 0, true, slice(a, 0, 24)));
        r.feed(frag4(2, 17, 0, true, slice(b, 0, 24)));
        r.feed(frag4(2, 6, 24, false, slice(a, 24, a.length))); // same id, other protocol: another datagram
        assertThat(r.reassembled).isEmpty();
        Packet pb = r.feed(frag4(2, 17, 24, false, slice(b, 24, b.length)));
        assertThat(payloadOf(pb)).isEqualTo(b);
        Packet pa = r.feed(frag4(1, 17, 24, false, slice(a, 24, a.length)));
        assertThat(payloadOf(pa)).isEqualTo(a);
        assertThat(r.defrag().trackers()).isEqualTo(1); // the protocol-6 one is still waiting
    }

    /**
     * The Sturges/Novak overlap scenario Suricata tests its policies with: nine original fragments,
     * seven overlapping ones, then the last. Expected bytes for the BSD policy are Suricata's.
     */
    private static final String BSD_EXPECTED = "AAAAAAAA" + "AAAAAAAA" + "AAAAAAAA" + "JJJJJJJJ" + "JJJJJJJJ" + "BBBBBBBB"
            + "CCCCCCCC" + "CCCCCCCC" + "CCCCCCCC" + "LLLLLLLL" + "LLLLLLLL" + "LLLLLLLL" + "MMMMMMMM" + "MMMMMMMM"
            + "MMMMMMMM" + "FFFFFFFF" + "FFFFFFFF" + "FFFFFFFF" + "GGGGGGGG" + "GGGGGGGG" + "HHHHHHHH" + "HHHHHHHH"
            + "IIIIIIII" + "QQQQQQQQ";

    private static final Object[][] NOVAK = {
        {0, 'A', 24}, {32, 'B', 16}, {48, 'C', 24}, {80, 'D', 8}, {104, 'E', 16}, {120, 'F', 24}, {144, 'G', 16},
        {160, 'H', 16}, {176, 'I', 8},
        // overlapping subsequent fragments
        {8, 'J', 32}, {48, 'K', 24}, {72, 'L', 24}, {96, 'M', 24}, {128, 'N', 8}, {152, 'O', 8}, {160, 'P', 8},
    };

    @Test
    void overlapsFollowTheBsdPolicyIpv4() {
        Run r = new Run();
        int overlapEvents = 0;
        for (int i = 0; i < NOVAK.length; i++) {
            Object[] f = NOVAK[i];
            r.events.clear();
            assertThat(r.feed(frag4(1, 1, (int) f[0], true, fill((int) f[2], (char) f[1])))).isNull();
            if (i < 9) assertThat(r.events).isEmpty();
            if (r.events.contains(DecoderEvent.IPV4_FRAG_OVERLAP)) overlapEvents++;
        }
        assertThat(overlapEvents).isEqualTo(7);
        Packet p = r.feed(frag4(1, 1, 176, false, fill(16, 'Q')));
        assertThat(p).isNotNull();
        assertThat(p.ipTotalLen).isEqualTo(20 + 192);
        assertThat(new String(payloadOf(p), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(BSD_EXPECTED);
        assertThat(r.defrag().overlaps).isEqualTo(8); // the last fragment overlaps I too
    }

    @Test
    void overlapsFollowTheBsdPolicyIpv6() {
        Run r = new Run();
        for (Object[] f : NOVAK) {
            assertThat(r.feed(frag6(1, 58, (int) f[0], true, fill((int) f[2], (char) f[1])))).isNull();
        }
        Packet p = r.feed(frag6(1, 58, 176, false, fill(16, 'Q')));
        assertThat(p).isNotNull();
        assertThat(p.ipTotalLen).isEqualTo(40 + 192);
        byte[] data = new byte[192];
        java.lang.foreign.MemorySegment.copy(p.seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 40, data, 0, 192);
        assertThat(new String(data, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(BSD_EXPECTED);
        assertThat(r.events).contains(DecoderEvent.IPV6_FRAG_OVERLAP);
    }

    @Test
    void laterFragmentStartingEarlierWinsTheOverlap() {
        // original 16..32 'B'; a later fragment 8..24 'X' starts before it and takes 16..24; 0..8 'A'
        Run r = new Run();
        r.feed(frag4(3, 1, 16, false, fill(16, 'B')));
        r.feed(frag4(3, 1, 8, true, fill(16, 'X')));
        Packet p = r.feed(frag4(3, 1, 0, true, fill(8, 'A')));
        assertThat(new String(payloadOf(p), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("AAAAAAAA" + "XXXXXXXX" + "XXXXXXXX" + "BBBBBBBB");
        // one that starts at the same offset as held data loses the overlap to it, keeps the rest
        Run s = new Run();
        s.feed(frag4(4, 1, 8, true, fill(8, 'B')));
        s.feed(frag4(4, 1, 8, true, fill(16, 'Y')));
        s.feed(frag4(4, 1, 24, false, fill(8, 'C')));
        Packet q = s.feed(frag4(4, 1, 0, true, fill(8, 'A')));
        assertThat(new String(payloadOf(q), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("AAAAAAAA" + "BBBBBBBB" + "YYYYYYYY" + "CCCCCCCC");
    }

    @Test
    void duplicateFragmentIsAnOverlapAndChangesNothing() {
        byte[] udp = udpDatagram(64);
        Run r = new Run();
        r.feed(frag4(5, 17, 0, true, slice(udp, 0, 40)));
        r.feed(frag4(5, 17, 0, true, slice(udp, 0, 40)));
        assertThat(r.events).containsExactly(DecoderEvent.IPV4_FRAG_OVERLAP);
        // a "duplicate" with other bytes does not replace what is held
        byte[] evil = slice(udp, 0, 40);
        evil[30] = 'X';
        r.feed(frag4(5, 17, 0, true, evil));
        Packet p = r.feed(frag4(5, 17, 40, false, slice(udp, 40, udp.length)));
        assertThat(payloadOf(p)).isEqualTo(udp);
        assertThat(r.defrag().overlaps).isEqualTo(2);
        assertThat(r.defrag().reassembled).isEqualTo(1);
    }

    @Test
    void timeoutIsInPacketTime() {
        byte[] udp = udpDatagram(64);
        Run r = new Run();
        r.ts = 1000 * SEC;
        r.feed(frag4(6, 17, 0, true, slice(udp, 0, 40)));
        r.ts += 59 * SEC; // within 60 s of the last fragment: still there
        r.feed(frag4(66, 17, 0, true, slice(udp, 0, 40)));
        assertThat(r.defrag().trackers()).isEqualTo(2);
        r.ts += 2 * SEC; // 61 s after the first tracker's only fragment
        Packet late = r.feed(frag4(6, 17, 40, false, slice(udp, 40, udp.length)));
        assertThat(late).isNull();
        assertThat(r.defrag().timeouts).isEqualTo(1);
        assertThat(r.defrag().trackers()).isEqualTo(2); // the 66 one, and a new one for the late fragment
        // any later frame advances the clock, fragment or not
        r.ts += 100 * SEC;
        r.feed(udp4(SRC, DST, 1, 2, new byte[0]));
        assertThat(r.defrag().timeouts).isEqualTo(3);
        assertThat(r.defrag().trackers()).isZero();
        assertThat(r.defrag().memoryUsed()).isZero();
    }

    @Test
    void clockDoesNotGoBackwards() {
        Run r = new Run();
        r.ts = 500 * SEC;
        r.feed(frag4(1, 17, 0, true, new byte[16]));
        r.ts = 600 * SEC;
        r.feed(udp4(SRC, DST, 1, 2, new byte[0])); // expires it
        assertThat(r.defrag().timeouts).isEqualTo(1);
        r.ts = 10 * SEC; // an earlier timestamp cannot make a new tracker outlive its timeout
        r.feed(frag4(2, 17, 0, true, new byte[16]));
        r.ts = 620 * SEC;
        r.feed(udp4(SRC, DST, 1, 2, new byte[0]));
        assertThat(r.defrag().trackers()).isEqualTo(1);
        r.ts = 661 * SEC;
        r.feed(udp4(SRC, DST, 1, 2, new byte[0]));
        assertThat(r.defrag().trackers()).isZero();
    }

    @Test
    void floodOfIncompleteDatagramsStaysUnderTheMemoryCap() {
        long cap = 1L << 20;
        Defragmenter defrag = new Defragmenter(cap);
        Run r = new Run(defrag);
        long peak = 0;
        for (int id = 0; id < 20_000; id++) {
            r.feed(frag4(id, 17, 0, true, new byte[1472]));
            peak = Math.max(peak, defrag.memoryUsed());
            assertThat(defrag.memoryUsed()).isLessThanOrEqualTo(cap);
        }
        assertThat(peak).isGreaterThan(cap / 2);
        assertThat(defrag.memcapDrops).isGreaterThan(19_000);
        assertThat(defrag.trackers()).isLessThan(20_000);
        // the newest datagram survives the flood and completes
        Packet p = r.feed(frag4(19_999, 17, 1472, false, new byte[8]));
        assertThat(p).isNotNull();
        assertThat(p.ipTotalLen).isEqualTo(20 + 1480);
    }

    @Test
    void trackerCountIsCapped() {
        Defragmenter defrag = new Defragmenter(Defragmenter.DEFAULT_MEMCAP, 100, Defragmenter.DEFAULT_TIMEOUT_NANOS, 64);
        Run r = new Run(defrag);
        for (int id = 0; id < 1000; id++) r.feed(frag4(id, 17, 0, true, new byte[8]));
        assertThat(defrag.trackers()).isEqualTo(100);
        assertThat(defrag.memcapDrops).isEqualTo(900);
    }

    @Test
    void tooLarge() {
        Run r = new Run();
        // offset 65528 + 8 bytes of data + 20-byte header > 65535
        r.feed(frag4(8, 17, 65528, false, new byte[8]));
        assertThat(r.events).containsExactly(DecoderEvent.IPV4_FRAG_PKT_TOO_LARGE);
        assertThat(r.defrag().trackers()).isZero();
        r.events.clear();
        r.feed(frag6(8, 17, 65528, false, new byte[16]));
        assertThat(r.events).containsExactly(DecoderEvent.IPV6_FRAG_PKT_TOO_LARGE);
        // the largest legal datagram reassembles: 65,515 bytes of data in 1,024 fragments of 64
        Run big = new Run();
        Packet done = null;
        for (int off = 0; off < 65515; off += 64) {
            int len = Math.min(64, 65515 - off);
            done = big.feed(frag4(9, 253, off, off + len < 65515, new byte[len]));
        }
        assertThat(done).isNotNull();
        assertThat(done.ipTotalLen).isEqualTo(65535);
        assertThat(big.events).isEmpty();
    }

    @Test
    void tooManyFragmentsAbandonTheDatagram() {
        Defragmenter defrag = new Defragmenter(Defragmenter.DEFAULT_MEMCAP, 100, Defragmenter.DEFAULT_TIMEOUT_NANOS, 16);
        Run r = new Run(defrag);
        for (int i = 0; i < 16; i++) r.feed(frag4(1, 17, 8 * i, true, new byte[8]));
        assertThat(r.events).isEmpty();
        r.feed(frag4(1, 17, 128, false, new byte[8]));
        assertThat(r.events).containsExactly(DecoderEvent.IPV4_FRAG_IGNORED);
        assertThat(defrag.trackers()).isZero();
        assertThat(r.reassembled).isEmpty();
    }

    @Test
    void ipv6WithUnfragmentableHeaders() {
        byte[] u = udp(5000, 53, fill(100, 'd'));
        byte[] udp = withChecksum(u, 6, pseudo6(SRC6, DST6, 17, u.length));
        byte[] hop = optsHeader(44, bytes(5, 2, 0, 0, 0, 0)); // hop-by-hop (router alert), then the fragment header
        byte[] f1 = ipv6(0, SRC6, DST6, cat(hop, fragHeader(17, 0, true, 0xabcdef), slice(udp, 0, 64)));
        byte[] f2 = ipv6(0, SRC6, DST6, cat(hop, fragHeader(17, 64, false, 0xabcdef), slice(udp, 64, udp.length)));
        Run r = new Run();
        assertThat(r.feed(f2)).isNull();
        Packet frag = r.d.leaf(0);
        assertThat(frag.fragment).isTrue();
        assertThat(frag.fragOffset).isEqualTo(64);
        assertThat(frag.ipId).isEqualTo(0xabcdef);
        Packet p = r.feed(f1);
        assertThat(p).isNotNull();
        assertThat(r.events).isEmpty();
        assertThat(p.ipTotalLen).isEqualTo(40 + 8 + udp.length); // the hop-by-hop header stays, the fragment header goes
        assertThat(p.u8(40)).isEqualTo(17); // hop-by-hop now names UDP
        assertThat(p.dstPort).isEqualTo(53);
        assertThat(p.payloadLen).isEqualTo(100);
        assertThat(Checksums.transportOk(p)).isTrue();
    }

    @Test
    void vlanAndTunnelLevelArePartOfTheKey() {
        byte[] udp = udpDatagram(32);
        Decoder d = new Decoder();
        d.decode(frame(eth(ETH_VLAN, tag(5, ETH_IPV4, frag4(1, 17, 0, true, slice(udp, 0, 16)))), LinkType.ETHERNET));
        d.decode(frame(eth(ETH_VLAN, tag(6, ETH_IPV4, frag4(1, 17, 16, false, slice(udp, 16, udp.length)))), LinkType.ETHERNET));
        assertThat(d.defragmenter().reassembled).isZero();
        d.decode(frame(eth(ETH_VLAN, tag(5, ETH_IPV4, frag4(1, 17, 16, false, slice(udp, 16, udp.length)))), LinkType.ETHERNET));
        assertThat(d.defragmenter().reassembled).isEqualTo(1);
        Packet p = null;
        for (int i = 0; i < d.leafCount(); i++) if (d.leaf(i).reassembled) p = d.leaf(i);
        assertThat(p).isNotNull();
        assertThat(p.vlanCount).isEqualTo(1);
        assertThat(p.vlan[0]).isEqualTo(5);
        // inside a tunnel the datagram is decoded at the tunnel's level
        Decoder t = new Decoder();
        t.decode(frame(eth(ETH_IPV4, ipv4(4, "9.9.9.9", "8.8.8.8", frag4(2, 17, 0, true, slice(udp, 0, 16)))), LinkType.ETHERNET));
        t.decode(frame(eth(ETH_IPV4, ipv4(4, "9.9.9.9", "8.8.8.8", frag4(2, 17, 16, false, slice(udp, 16, udp.length)))), LinkType.ETHERNET));
        Packet inner = null;
        for (int i = 0; i < t.leafCount(); i++) if (t.leaf(i).reassembled) inner = t.leaf(i);
        assertThat(inner).isNotNull();
        assertThat(inner.level).isEqualTo(1);
        assertThat(inner.srcPort).isEqualTo(1000);
    }

    @Test
    void truncatedFragmentNeverCompletesAShortDatagram() {
        byte[] udp = udpDatagram(64);
        Run r = new Run();
        r.feed(frag4(4, 17, 0, true, slice(udp, 0, 40)));
        byte[] last = frag4(4, 17, 40, false, slice(udp, 40, udp.length));
        byte[] cut = slice(last, 0, last.length - 10);
        r.d.decode(frame(cut, LinkType.RAW, r.ts, last.length)); // snaplen cut the last fragment
        assertThat(r.d.defragmenter().reassembled).isZero();
        assertThat(r.d.defragmenter().trackers()).isEqualTo(1);
    }
}
