package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import org.junit.jupiter.api.Test;

/** Ethernet, VLAN tags, LLC/SNAP, 802.1ah, VN-Tag, MPLS, PPPoE and PPP. */
class LinkLayerDecodeTest {
    private static final byte[] TCP = tcp4("10.0.0.1", "10.0.0.2", 1234, 80, 0x02, new byte[0]);

    @Test
    void ethernetIpv4Tcp() {
        Decoder d = decodeEth(eth(ETH_IPV4, TCP));
        Packet p = leaf(d);
        assertThat(events(d)).isEmpty();
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(ip(p, true)).isEqualTo("10.0.0.1");
        assertThat(ip(p, false)).isEqualTo("10.0.0.2");
        assertThat(p.srcPort).isEqualTo(1234);
        assertThat(p.dstPort).isEqualTo(80);
        assertThat(p.tcpFlags).isEqualTo(0x02);
        assertThat(p.l3Off).isEqualTo(14);
        assertThat(p.l4Off).isEqualTo(34);
        assertThat(p.vlanCount).isZero();
        assertThat(p.level).isZero();
        assertThat(p.hasFlowKey).isTrue();
        assertThat(d.layerCounts[Layer.ETHERNET.ordinal()]).isEqualTo(1);
        assertThat(d.layerCounts[Layer.TCP.ordinal()]).isEqualTo(1);
    }

    @Test
    void shortEthernetRaisesEvent() {
        Decoder d = decodeEth(new byte[10]);
        assertThat(events(d)).containsExactly(DecoderEvent.ETHERNET_PKT_TOO_SMALL);
        assertThat(d.leaf(0).hasFlowKey).isFalse();
    }

    @Test
    void singleDoubleAndTripleVlanTags() {
        Packet one = leaf(decodeEth(eth(ETH_VLAN, tag(6, ETH_IPV4, TCP))));
        assertThat(one.vlanCount).isEqualTo(1);
        assertThat(one.vlan[0]).isEqualTo(6);

        Decoder d2 = decodeEth(eth(ETH_QINQ, tag(1, ETH_VLAN, tag(10, ETH_IPV4, TCP))));
        Packet two = leaf(d2);
        assertThat(two.vlanCount).isEqualTo(2);
        assertThat(two.vlan).startsWith(1, 10);
        assertThat(d2.layerCounts[Layer.VLAN_QINQ.ordinal()]).isEqualTo(1);

        Packet three = leaf(decodeEth(eth(ETH_VLAN, tag(1, ETH_VLAN, tag(10, 0x9100, tag(100, ETH_IPV4, TCP))))));
        assertThat(three.vlanCount).isEqualTo(3);
        assertThat(three.vlan).containsExactly(1, 10, 100);
        assertThat(three.srcPort).isEqualTo(1234);

        Decoder four = decodeEth(eth(ETH_VLAN, tag(1, ETH_VLAN, tag(2, ETH_VLAN, tag(3, ETH_VLAN, tag(4, ETH_IPV4, TCP))))));
        assertThat(events(four)).containsExactly(DecoderEvent.VLAN_TOO_MANY_LAYERS);
        assertThat(leaf(four).hasFlowKey).isFalse();
    }

    @Test
    void vlanEvents() {
        assertThat(events(decodeEth(eth(ETH_VLAN, bytes(0, 5))))).containsExactly(DecoderEvent.VLAN_HEADER_TOO_SMALL);
        assertThat(events(decodeEth(eth(ETH_VLAN, tag(5, 0x0040, TCP))))).containsExactly(DecoderEvent.VLAN_UNKNOWN_TYPE);
    }

    @Test
    void llcSnapCarriesEtherType() {
        byte[] snap = cat(bytes(0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00), TCP);
        byte[] frame = eth(snap.length, snap); // 802.3: the type field is a length
        Packet p = leaf(decodeEth(frame));
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(p.dstPort).isEqualTo(80);
        // plain LLC (spanning tree): nothing to follow, no event
        Decoder stp = decodeEth(eth(38, cat(bytes(0x42, 0x42, 0x03), new byte[35])));
        assertThat(events(stp)).isEmpty();
        assertThat(leaf(stp).ipVersion).isZero();
    }

    @Test
    void providerBackboneAndVnTag() {
        byte[] itag = cat(bytes(0, 0, 0x01, 0x00), new byte[12], bytes(0x08, 0x00), TCP);
        assertThat(leaf(decodeEth(eth(0x88E7, itag))).dstPort).isEqualTo(80);
        assertThat(events(decodeEth(eth(0x88E7, new byte[10])))).containsExactly(DecoderEvent.IEEE8021AH_HEADER_TOO_SMALL);
        byte[] vntag = cat(bytes(0x80, 0x01, 0x00, 0x02, 0x08, 0x00), TCP);
        assertThat(leaf(decodeEth(eth(0x8926, vntag))).dstPort).isEqualTo(80);
        assertThat(events(decodeEth(eth(0x8926, bytes(1, 2, 3))))).containsExactly(DecoderEvent.VNTAG_HEADER_TOO_SMALL);
    }

    // ---- MPLS ----

    private static byte[] label(int label, boolean bottom) {
        byte[] b = new byte[4];
        put32(b, 0, ((long) label << 12) | (bottom ? 0x100 : 0) | 64);
        return b;
    }

    @Test
    void mplsStackWithGuessedPayload() {
        Decoder d = decodeEth(eth(ETH_MPLS, cat(label(100, false), label(200, true), TCP)));
        Packet p = leaf(d);
        assertThat(events(d)).isEmpty();
        assertThat(p.dstPort).isEqualTo(80);
        assertThat(d.layerCounts[Layer.MPLS.ordinal()]).isEqualTo(1);
        // explicit null labels name the payload
        assertThat(leaf(decodeEth(eth(ETH_MPLS, cat(label(0, true), TCP)))).ipVersion).isEqualTo(4);
        byte[] v6 = tcp6("2001:db8::1", "2001:db8::2", 1, 2, 0x02, new byte[0]);
        assertThat(leaf(decodeEth(eth(ETH_MPLS, cat(label(2, true), v6)))).ipVersion).isEqualTo(6);
        // Ethernet pseudowire with a control word
        byte[] pw = cat(label(300, true), new byte[4], eth(ETH_IPV4, TCP));
        assertThat(leaf(decodeEth(eth(ETH_MPLS, pw))).dstPort).isEqualTo(80);
    }

    @Test
    void mplsEvents() {
        assertThat(events(decodeEth(eth(ETH_MPLS, bytes(0, 0, 0x11))))).containsExactly(DecoderEvent.MPLS_HEADER_TOO_SMALL);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(100, false), bytes(0, 1)))))).containsExactly(DecoderEvent.MPLS_HEADER_TOO_SMALL);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(1, true), TCP))))).containsExactly(DecoderEvent.MPLS_BAD_LABEL_ROUTER_ALERT);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(3, true), TCP))))).containsExactly(DecoderEvent.MPLS_BAD_LABEL_IMPLICIT_NULL);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(5, true), TCP))))).containsExactly(DecoderEvent.MPLS_BAD_LABEL_RESERVED);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(21, true), bytes(0x45, 1, 2)))))).containsExactly(DecoderEvent.MPLS_PKT_TOO_SMALL);
        assertThat(events(decodeEth(eth(ETH_MPLS, cat(label(21, true), bytes(0x15, 0, 0, 0x64, 0)))))).containsExactly(DecoderEvent.MPLS_UNKNOWN_PAYLOAD_TYPE);
    }

    // ---- PPPoE / PPP ----

    private static byte[] pppoeSession(int pppProto, byte[] payload) {
        byte[] h = new byte[8];
        h[0] = 0x11;
        put16(h, 2, 0x1234);
        put16(h, 4, payload.length + 2);
        put16(h, 6, pppProto);
        return cat(h, payload);
    }

    @Test
    void pppoeSessionIpv4AndIpv6() {
        Decoder d = decodeEth(eth(ETH_PPPOE_SESSION, pppoeSession(0x0021, TCP)));
        assertThat(events(d)).isEmpty();
        assertThat(leaf(d).dstPort).isEqualTo(80);
        assertThat(d.layerCounts[Layer.PPPOE.ordinal()]).isEqualTo(1);
        byte[] v6 = udp6("2001:db8::1", "2001:db8::2", 5353, 53, new byte[4]);
        assertThat(leaf(decodeEth(eth(ETH_PPPOE_SESSION, pppoeSession(0x0057, v6)))).dstPort).isEqualTo(53);
        // over QinQ
        Packet q = leaf(decodeEth(eth(ETH_QINQ, tag(3, ETH_VLAN, tag(4, ETH_PPPOE_SESSION, pppoeSession(0x0021, TCP))))));
        assertThat(q.vlan).startsWith(3, 4);
        assertThat(q.dstPort).isEqualTo(80);
        // the PPPoE length ends the payload: trailing Ethernet padding is not IP data
        byte[] padded = cat(eth(ETH_PPPOE_SESSION, pppoeSession(0x0021, TCP)), new byte[10]);
        assertThat(events(decodeEth(padded))).isEmpty();
    }

    @Test
    void pppoeEvents() {
        assertThat(events(decodeEth(eth(ETH_PPPOE_SESSION, bytes(0x11, 0, 0, 0, 0))))).containsExactly(DecoderEvent.PPPOE_PKT_TOO_SMALL);
        assertThat(events(decodeEth(eth(ETH_PPPOE_SESSION, pppoeSession(0xc021, new byte[8]))))).containsExactly(DecoderEvent.PPP_UNSUP_PROTO);
        assertThat(events(decodeEth(eth(ETH_PPPOE_SESSION, pppoeSession(0x1234, new byte[8]))))).containsExactly(DecoderEvent.PPP_WRONG_TYPE);
        assertThat(events(decodeEth(eth(ETH_PPPOE_SESSION, pppoeSession(0x0021, new byte[8]))))).containsExactly(DecoderEvent.PPP_IPV4_PKT_TOO_SMALL);
        // discovery: RFC 2516's PADO example is fine; a wrong code or tags past the end are not
        byte[] pado = hex("1107000000200101000001020018476f205265644261636b202d2065736873686573686f6f74");
        assertThat(events(decodeEth(eth(ETH_PPPOE_DISCOVERY, pado)))).isEmpty();
        byte[] badCode = hex("11bb000000040101 0000");
        assertThat(events(decodeEth(eth(ETH_PPPOE_DISCOVERY, badCode)))).containsExactly(DecoderEvent.PPPOE_WRONG_CODE);
        byte[] shortTags = hex("1107000000200101000001020018476f205265644261636b202d206573687368");
        assertThat(events(decodeEth(eth(ETH_PPPOE_DISCOVERY, shortTags)))).containsExactly(DecoderEvent.PPPOE_MALFORMED_TAGS);
    }

    @Test
    void pppLinkTypeWithAndWithoutAddressControl() {
        for (byte[] hdr : new byte[][] {bytes(0xFF, 0x03, 0x00, 0x21), bytes(0x00, 0x21), bytes(0x21)}) {
            Decoder d = new Decoder();
            d.decode(frame(cat(hdr, TCP), LinkType.PPP));
            assertThat(events(d)).isEmpty();
            assertThat(leaf(d).dstPort).isEqualTo(80);
            assertThat(d.layerCounts[Layer.PPP.ordinal()]).isEqualTo(1);
        }
        Decoder bad = new Decoder();
        bad.decode(frame(bytes(0xFF, 0x03, 0x00, 0x21, 0x45, 0xC0, 0x00), LinkType.PPP));
        assertThat(events(bad)).containsExactly(DecoderEvent.PPP_IPV4_PKT_TOO_SMALL);
        Decoder empty = new Decoder();
        empty.decode(frame(new byte[0], LinkType.PPP));
        assertThat(events(empty)).containsExactly(DecoderEvent.PPP_PKT_TOO_SMALL);
    }

    @Test
    void linuxCookedAndLoopback() {
        byte[] sll = cat(new byte[14], bytes(0x08, 0x00), TCP);
        Decoder d = new Decoder();
        d.decode(frame(sll, LinkType.LINUX_SLL));
        assertThat(leaf(d).dstPort).isEqualTo(80);
        byte[] loop = cat(bytes(2, 0, 0, 0), TCP); // AF_INET, little-endian host
        Decoder n = new Decoder();
        n.decode(frame(loop, LinkType.NULL));
        assertThat(leaf(n).dstPort).isEqualTo(80);
        Decoder shortNull = new Decoder();
        shortNull.decode(frame(bytes(2, 0), LinkType.NULL));
        assertThat(events(shortNull)).containsExactly(DecoderEvent.NULL_PKT_TOO_SMALL);
        assertThat(DecoderEvent.NULL_PKT_TOO_SMALL.suricataName()).isEqualTo("ltnull.pkt_too_small");
    }
}
