package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IP-in-IP, GRE (v0, v1/PPTP), ERSPAN, VXLAN, Geneve, Teredo, GTP-U, AYIYA: inner packets, levels, flow lengths. */
class TunnelDecodeTest {
    private static final byte[] INNER_TCP = tcp4("192.168.1.10", "192.168.1.20", 5555, 22, 0x02, new byte[0]);
    private static final byte[] INNER_ETH = eth(ETH_IPV4, INNER_TCP);

    private static void assertInnerTcp(Decoder d, int level) {
        Packet p = leaf(d);
        assertThat(p.level).isEqualTo(level);
        assertThat(ip(p, true)).isEqualTo("192.168.1.10");
        assertThat(ip(p, false)).isEqualTo("192.168.1.20");
        assertThat(p.srcPort).isEqualTo(5555);
        assertThat(p.dstPort).isEqualTo(22);
        assertThat(p.hasFlowKey).isTrue();
    }

    private static byte[] gre(int flags, int verByte, int proto, byte[] optional, byte[] payload) {
        byte[] h = new byte[4];
        h[0] = (byte) flags;
        h[1] = (byte) verByte;
        put16(h, 2, proto);
        return cat(h, optional, payload);
    }

    @Test
    void ipInIp() {
        byte[] frame = eth(ETH_IPV4, ipv4(4, "1.1.1.1", "2.2.2.2", INNER_TCP));
        Decoder d = decodeEth(frame);
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(d.outer().level).isZero();
        assertThat(leaf(d).flowLen).isEqualTo(INNER_TCP.length); // counted from the inner header on
        assertThat(d.layerCounts[Layer.IPV4_IN_IP.ordinal()]).isEqualTo(1);
        // 6in6in6
        byte[] in = tcp6("2001:db8::a", "2001:db8::b", 1, 2, 0x02, new byte[0]);
        byte[] mid = ipv6(41, "2001:db8::c", "2001:db8::d", in);
        Decoder d6 = decodeEth(eth(ETH_IPV6, ipv6(41, "2001:db8::e", "2001:db8::f", mid)));
        Packet p6 = leaf(d6);
        assertThat(p6.level).isEqualTo(2);
        assertThat(ip(p6, true)).isEqualTo("2001:db8:0:0:0:0:0:a");
        // 4in6
        Decoder d46 = decodeEth(eth(ETH_IPV6, ipv6(4, "2001:db8::1", "2001:db8::2", INNER_TCP)));
        assertInnerTcp(d46, 1);
    }

    @Test
    void vlanOfTheCarrierIsInherited() {
        Decoder d = decodeEth(eth(ETH_VLAN, tag(42, ETH_IPV4, ipv4(4, "1.1.1.1", "2.2.2.2", INNER_TCP))));
        Packet p = leaf(d);
        assertThat(p.vlanCount).isEqualTo(1);
        assertThat(p.vlan[0]).isEqualTo(42);
    }

    @Test
    void greVersion0WithKeySequenceChecksum() {
        byte[] opt = new byte[12]; // checksum+offset, key, sequence
        byte[] frame = eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre(0xB0, 0, 0x0800, opt, INNER_TCP)));
        Decoder d = decodeEth(frame);
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(d.layerCounts[Layer.GRE.ordinal()]).isEqualTo(1);
        // plain GRE with IPv6 inside
        byte[] in6 = udp6("2001:db8::1", "2001:db8::2", 1000, 53, new byte[4]);
        Packet p6 = leaf(decodeEth(eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre(0, 0, 0x86DD, new byte[0], in6)))));
        assertThat(p6.ipVersion).isEqualTo(6);
        assertThat(p6.dstPort).isEqualTo(53);
        // GRE within GRE
        byte[] innerGre = ipv4(47, "3.3.3.3", "4.4.4.4", gre(0, 0, 0x0800, new byte[0], INNER_TCP));
        Decoder dd = decodeEth(eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre(0, 0, 0x0800, new byte[0], innerGre))));
        assertInnerTcp(dd, 2);
        assertThat(dd.leafCount()).isEqualTo(1);
    }

    @Test
    void greRoutingEntries() {
        // R flag: checksum/offset word, then SREs ended by a null SRE
        byte[] sres = cat(new byte[4], bytes(0x08, 0x00, 0, 4), bytes(1, 2, 3, 4), bytes(0, 0, 0, 0));
        Decoder d = decodeEth(eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre(0x40, 0, 0x0800, sres, INNER_TCP))));
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        byte[] open = cat(new byte[4], bytes(0x08, 0x00, 0, 40), bytes(1, 2, 3, 4));
        assertThat(events(decodeEth(eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre(0x40, 0, 0x0800, open, new byte[0]))))))
                .containsExactly(DecoderEvent.GRE_VERSION0_MALFORMED_SRE_HDR);
    }

    private static Decoder greEvents(byte[] gre) {
        return decodeEth(eth(ETH_IPV4, ipv4(47, "1.1.1.1", "2.2.2.2", gre)));
    }

    @Test
    void greHeaderEvents() {
        assertThat(events(greEvents(bytes(0, 0, 8)))).containsExactly(DecoderEvent.GRE_PKT_TOO_SMALL);
        assertThat(events(greEvents(gre(0, 2, 0x0800, new byte[0], INNER_TCP)))).containsExactly(DecoderEvent.GRE_WRONG_VERSION);
        assertThat(events(greEvents(gre(0x01, 0, 0x0800, new byte[0], INNER_TCP)))).containsExactly(DecoderEvent.GRE_VERSION0_RECUR);
        assertThat(events(greEvents(gre(0, 0x08, 0x0800, new byte[0], INNER_TCP)))).containsExactly(DecoderEvent.GRE_VERSION0_FLAGS);
        assertThat(events(greEvents(gre(0x30, 0, 0x0800, new byte[4], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION0_HDR_TOO_BIG);
        assertThat(events(greEvents(gre(0xA0, 1, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_CHKSUM);
        assertThat(events(greEvents(gre(0x60, 1, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_ROUTE);
        assertThat(events(greEvents(gre(0x28, 1, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_SSR);
        assertThat(events(greEvents(gre(0x21, 1, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_RECUR);
        assertThat(events(greEvents(gre(0x20, 0x09, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_FLAGS);
        assertThat(events(greEvents(gre(0x20, 1, 0x0800, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_WRONG_PROTOCOL);
        assertThat(events(greEvents(gre(0x00, 1, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_NO_KEY);
        assertThat(events(greEvents(gre(0x30, 0x81, 0x880B, new byte[8], new byte[0])))).containsExactly(DecoderEvent.GRE_VERSION1_HDR_TOO_BIG);
        // an unknown payload protocol leaves the GRE packet itself as the flow
        Decoder unknown = greEvents(gre(0, 0, 0x1234, new byte[0], new byte[10]));
        Packet g = leaf(unknown);
        assertThat(g.proto).isEqualTo(47);
        assertThat(g.hasFlowKey).isTrue();
        assertThat(g.level).isZero();
    }

    @Test
    void pptpEnhancedGreCarriesPpp() {
        byte[] ppp = cat(bytes(0xFF, 0x03, 0x00, 0x21), INNER_TCP);
        byte[] key = new byte[4];
        put16(key, 0, ppp.length);
        put16(key, 2, 0x77);
        byte[] seq = bytes(0, 0, 0, 9);
        byte[] ack = bytes(0, 0, 0, 8);
        Decoder d = greEvents(gre(0x30, 0x81, 0x880B, cat(key, seq, ack), ppp));
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(d.layerCounts[Layer.PPP.ordinal()]).isEqualTo(1);
        // protocol-field compression, no address/control
        byte[] pfc = cat(bytes(0x21), INNER_TCP);
        put16(key, 0, pfc.length);
        assertInnerTcp(greEvents(gre(0x30, 0x01, 0x880B, cat(key, seq), pfc)), 1);
        // acknowledgement only: payload length 0, nothing inside
        byte[] ackOnly = new byte[4];
        Decoder a = greEvents(gre(0x20, 0x81, 0x880B, cat(ackOnly, ack), new byte[0]));
        assertThat(events(a)).isEmpty();
        assertThat(leaf(a).proto).isEqualTo(47);
    }

    @Test
    void transparentEthernetBridging() {
        Decoder d = greEvents(gre(0x20, 0, 0x6558, new byte[4], eth(ETH_VLAN, tag(7, ETH_IPV4, INNER_TCP))));
        assertInnerTcp(d, 1);
        assertThat(leaf(d).vlan[0]).isEqualTo(7);
        assertThat(d.layerCounts[Layer.ETHERNET_INNER.ordinal()]).isEqualTo(1);
    }

    @Test
    void erspanTypes() {
        // type I: no sequence number, no ERSPAN header
        Decoder t1 = greEvents(gre(0, 0, 0x88BE, new byte[0], INNER_ETH));
        assertThat(events(t1)).isEmpty();
        assertInnerTcp(t1, 1);
        assertThat(leaf(t1).vlanCount).isZero();
        // type II: sequence number, 8-byte header with VLAN 23
        byte[] h2 = bytes(0x10, 0x17, 0x08, 0x64, 0, 0, 0, 0);
        Decoder t2 = greEvents(gre(0x10, 0, 0x88BE, new byte[4], cat(h2, INNER_ETH)));
        assertThat(events(t2)).isEmpty();
        assertInnerTcp(t2, 1);
        assertThat(leaf(t2).vlanCount).isEqualTo(1);
        assertThat(leaf(t2).vlan[0]).isEqualTo(23);
        assertThat(leaf(t2).flowLen).isEqualTo(8 + INNER_ETH.length); // the tunnel packet starts at the ERSPAN header
        byte[] wrong = bytes(0x20, 0x17, 0, 0, 0, 0, 0, 0);
        assertThat(events(greEvents(gre(0x10, 0, 0x88BE, new byte[4], cat(wrong, INNER_ETH))))).containsExactly(DecoderEvent.ERSPAN_UNSUPPORTED_VERSION);
        assertThat(events(greEvents(gre(0x10, 0, 0x88BE, new byte[4], bytes(0x10, 0))))).containsExactly(DecoderEvent.ERSPAN_HEADER_TOO_SMALL);
        // type III with the platform subheader (O flag) and a mirrored frame that keeps its own tag
        byte[] h3 = bytes(0x20, 0x0a, 0, 0, 0x70, 0x50, 0x7e, 0x55, 0, 0, 0x00, 0x07);
        byte[] tagged = eth(ETH_VLAN, tag(10, ETH_IPV4, INNER_TCP));
        Decoder t3 = greEvents(gre(0, 0, 0x22EB, new byte[0], cat(h3, new byte[8], tagged)));
        assertThat(events(t3)).isEmpty();
        assertInnerTcp(t3, 1);
        assertThat(leaf(t3).vlanCount).isEqualTo(1);
        assertThat(leaf(t3).vlan[0]).isEqualTo(10);
        // type III without subheader, untagged frame: the header's VLAN is the packet's
        byte[] h3b = bytes(0x20, 0x14, 0, 0, 0, 0, 0x14, 0x58, 0, 0, 0x80, 0x30);
        Packet p3 = leaf(greEvents(gre(0x10, 0, 0x22EB, new byte[4], cat(h3b, INNER_ETH))));
        assertThat(p3.vlanCount).isEqualTo(1);
        assertThat(p3.vlan[0]).isEqualTo(20);
    }

    private static byte[] vxlan(byte[] innerEth) {
        return cat(bytes(0x08, 0, 0, 0, 0, 0, 0x7b, 0), innerEth);
    }

    @Test
    void vxlan() {
        byte[] frame = eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 40000, 4789, vxlan(INNER_ETH)));
        Decoder d = decodeEth(frame);
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(leaf(d).flowLen).isEqualTo(INNER_TCP.length); // starts at the inner IP header, as in Suricata
        assertThat(d.layerCounts[Layer.VXLAN.ordinal()]).isEqualTo(1);
        // an inner VLAN-tagged frame is followed from its Ethernet header
        Packet tagged = leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 40000, 4789,
                vxlan(eth(ETH_VLAN, tag(99, ETH_IPV4, INNER_TCP)))))));
        assertThat(tagged.vlan[0]).isEqualTo(99);
        assertThat(tagged.dstPort).isEqualTo(22);
        // without the I flag it is just UDP to port 4789
        byte[] noI = vxlan(INNER_ETH);
        noI[0] = 0;
        Packet udp = leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 40000, 4789, noI))));
        assertThat(udp.proto).isEqualTo(17);
        assertThat(udp.level).isZero();
        // triple nesting
        byte[] l3 = eth(ETH_IPV4, udp4("10.3.0.1", "10.3.0.2", 3, 4789, vxlan(INNER_ETH)));
        byte[] l2 = eth(ETH_IPV4, udp4("10.2.0.1", "10.2.0.2", 2, 4789, vxlan(l3)));
        assertInnerTcp(decodeEth(eth(ETH_IPV4, udp4("10.1.0.1", "10.1.0.2", 1, 4789, vxlan(l2)))), 3);
    }

    private static byte[] geneve(int protocol, byte[] options, byte[] payload) {
        byte[] h = new byte[8];
        h[0] = (byte) (options.length / 4);
        put16(h, 2, protocol);
        h[4] = 0;
        h[5] = 0x25;
        return cat(h, options, payload);
    }

    @Test
    void geneveWithOptions() {
        byte[] opts = cat(bytes(0x01, 0x08, 0x00, 0x01), bytes(0x11, 0x11, 0x11, 0x11),
                bytes(0x01, 0x08, 0x00, 0x02), new byte[8]);
        Decoder d = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 12345, 6081, geneve(0x6558, opts, INNER_ETH))));
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(leaf(d).flowLen).isEqualTo(INNER_ETH.length); // starts at the inner Ethernet header
        assertThat(d.layerCounts[Layer.GENEVE.ordinal()]).isEqualTo(1);
        byte[] v6 = udp6("2001:db8::1", "2001:db8::2", 546, 547, new byte[3]);
        Packet p6 = leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 6081, 6081, geneve(0x86DD, new byte[0], v6)))));
        assertThat(p6.ipVersion).isEqualTo(6);
        assertThat(p6.srcPort).isEqualTo(546);
        // options that do not tile the option area: not Geneve
        byte[] badOpts = bytes(0x01, 0x08, 0x00, 0x03, 0, 0, 0, 0); // claims 12 bytes in an 8-byte area
        Packet notGeneve = leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 1, 6081, geneve(0x6558, badOpts, INNER_ETH)))));
        assertThat(notGeneve.level).isZero();
        assertThat(events(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 1, 6081, geneve(0x1234, new byte[0], new byte[20]))))))
                .containsExactly(DecoderEvent.GENEVE_UNKNOWN_PAYLOAD_TYPE);
    }

    @Test
    void teredoOnlyWhenThePayloadIsIpv6() {
        byte[] in6 = icmp6("2001:0:4136:e378::1", "2001:db8::9", 128, 0, bytes(0, 1, 0, 1));
        Decoder d = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 50000, in6)));
        Packet p = leaf(d);
        assertThat(p.level).isEqualTo(1);
        assertThat(p.ipVersion).isEqualTo(6);
        assertThat(p.icmpType).isEqualTo(128);
        assertThat(d.layerCounts[Layer.TEREDO.ordinal()]).isEqualTo(1);
        // with an origin indication in front
        byte[] origin = bytes(0, 0, 0x12, 0x34, 1, 2, 3, 4);
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 50000, 3544, cat(origin, in6))))).level).isEqualTo(1);
        // DNS on port 3544 is not IPv6: stays UDP
        Packet dns = leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 53, fill(60, 'q')))));
        assertThat(dns.level).isZero();
        assertThat(dns.proto).isEqualTo(17);
        // an IPv6 header whose length does not match the datagram
        byte[] off = in6.clone();
        put16(off, 4, 200);
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 1, off)))).level).isZero();
        // authentication header (qualification exchange: router solicitation/advertisement), then IPv6
        byte[] auth = cat(bytes(0, 1, 2, 3), bytes('i', 'd', 1, 2, 3), new byte[9], in6);
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 1, auth)))).level).isEqualTo(1);
        byte[] authOrigin = cat(bytes(0, 1, 0, 0), new byte[9], origin, in6);
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 1, authOrigin)))).level).isEqualTo(1);
        byte[] badAuth = cat(bytes(0, 1, 200, 0), new byte[9], in6);
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 1, badAuth)))).level).isZero();
        // a bubble followed by bytes that are not part of it
        byte[] bubble = cat(ipv6(59, "fe80::1", "2001:0:4136:e378::2", new byte[0]), bytes('1', '2', '3', '4'));
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 3544, 1, bubble)))).level).isZero();
    }

    @Test
    void greAndMplsInUdp() {
        byte[] greUdp = udp4("1.1.1.1", "2.2.2.2", 50000, 4754, gre(0, 0, 0x0800, new byte[0], INNER_TCP));
        Decoder g = decodeEth(eth(ETH_IPV4, greUdp));
        assertThat(events(g)).isEmpty();
        assertInnerTcp(g, 1);
        byte[] label = new byte[4];
        put32(label, 0, (1000L << 12) | 0x100 | 64);
        assertInnerTcp(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 50000, 6635, cat(label, INNER_TCP)))), 1);
        // on the source port only: plain UDP
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 4754, 50000, gre(0, 0, 0x0800, new byte[0], INNER_TCP))))).level).isZero();
    }

    @Test
    void tooManyLayers() {
        byte[] p = INNER_TCP;
        for (int i = 0; i < Decoder.MAX_LAYERS + 2; i++) p = ipv4(4, "1.1.1." + (i + 1), "2.2.2." + (i + 1), p);
        Decoder d = decodeEth(eth(ETH_IPV4, p));
        assertThat(events(d)).contains(DecoderEvent.TOO_MANY_LAYERS);
        assertThat(d.leafCount()).isEqualTo(1);
        assertThat(d.leaf(0).level).isEqualTo(Decoder.MAX_LAYERS - 1);
    }

    /** A GTP-U v1 header: flags, message type, length of what follows the 8 mandatory bytes, TEID. */
    private static byte[] gtp(int flags, int type, byte[] rest) {
        byte[] h = bytes(flags, type, 0, 0, 0x8c, 0x61, 0xbe, 0x36);
        put16(h, 2, rest.length);
        return cat(h, rest);
    }

    @Test
    void gtpUCarriesIpv4AndIpv6() {
        Decoder d = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2152, 2152, gtp(0x30, 255, INNER_TCP))));
        assertThat(events(d)).isEmpty();
        assertInnerTcp(d, 1);
        assertThat(leaf(d).flowLen).isEqualTo(INNER_TCP.length);
        assertThat(d.layerCounts[Layer.GTP.ordinal()]).isEqualTo(1);
        // sequence number present (S flag), IPv6 inside, GTP over IPv6, one port only
        byte[] v6 = udp6("2001:db8::1", "2001:db8::2", 53, 5353, new byte[4]);
        Packet p6 = leaf(decodeEth(eth(ETH_IPV6, udp6("2001:db8:1::1", "2001:db8:1::2", 40000, 2152,
                gtp(0x32, 255, cat(bytes(0, 7, 0, 0), v6))))));
        assertThat(p6.level).isEqualTo(1);
        assertThat(p6.ipVersion).isEqualTo(6);
        assertThat(p6.dstPort).isEqualTo(5353);
        // an extension header chain (PDCP PDU number, then none), as in zeek's gtp_ext_header.pcap
        byte[] ext = cat(bytes(0, 5, 0, 0xc0), bytes(1, 9, 4, 0));
        assertInnerTcp(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 9000, 2152, gtp(0x36, 255, cat(ext, INNER_TCP))))), 1);
    }

    @Test
    void gtpUOnlyWhenTheHeaderIsConsistent() {
        // a length that does not account for the datagram, version 2, GTP' (PT clear), an unknown message type
        byte[] badLen = gtp(0x30, 255, INNER_TCP);
        put16(badLen, 2, INNER_TCP.length - 1);
        for (byte[] notGtp : new byte[][] {badLen, gtp(0x50, 255, INNER_TCP), gtp(0x20, 255, INNER_TCP), gtp(0x30, 77, INNER_TCP)}) {
            Decoder d = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2152, 2152, notGtp)));
            assertThat(leaf(d).level).isZero();
            assertThat(leaf(d).proto).isEqualTo(17);
            assertThat(d.layerCounts[Layer.GTP.ordinal()]).isZero();
        }
        // an echo request is GTP-U but carries no packet
        Decoder echo = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2152, 2152, gtp(0x32, 1, bytes(0, 1, 0, 0)))));
        assertThat(echo.layerCounts[Layer.GTP.ordinal()]).isEqualTo(1);
        assertThat(leaf(echo).level).isZero();
        assertThat(events(echo)).isEmpty();
        // an extension header of length 0, one that runs past the datagram, and a payload that is not IP
        byte[] zeroExt = cat(bytes(0, 5, 0, 0xc0), bytes(0, 9, 4, 0));
        byte[] longExt = cat(bytes(0, 5, 0, 0xc0), bytes(9, 9, 4, 0));
        for (byte[] bad : new byte[][] {zeroExt, longExt}) {
            assertThat(events(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2152, 2152, gtp(0x34, 255, bad))))))
                    .containsExactly(DecoderEvent.GTP_MALFORMED_EXTENSION_HEADER);
        }
        assertThat(events(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2152, 2152, gtp(0x30, 255, fill(20, 'x')))))))
                .containsExactly(DecoderEvent.GTP_UNKNOWN_PAYLOAD_TYPE);
        // GTP-C's port is not a tunnel
        assertThat(leaf(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 2123, 2123, gtp(0x30, 255, INNER_TCP))))).level).isZero();
    }

    /** An AYIYA header as sixxs clients send it: IPv6 identity (16 bytes), SHA-1 signature (20 bytes). */
    private static byte[] ayiya(int opcode, int next, byte[] payload) {
        return cat(bytes(0x41, 0x52, 0x10 | opcode, next, 0x4a, 0xf6, 0x4b, 0xfd), addr("2001:4978:f:4c::1"), new byte[20], payload);
    }

    @Test
    void ayiyaForwardsOnlyAConsistentPacket() {
        byte[] in6 = tcp6("2001:4978:f:4c::2", "2001:4860:b002::68", 53382, 80, 0x02, new byte[0]);
        Decoder d = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 5072, 53796, ayiya(1, 41, in6))));
        assertThat(events(d)).isEmpty();
        Packet p = leaf(d);
        assertThat(p.level).isEqualTo(1);
        assertThat(p.ipVersion).isEqualTo(6);
        assertThat(p.dstPort).isEqualTo(80);
        assertThat(d.layerCounts[Layer.AYIYA.ordinal()]).isEqualTo(1);
        // IPv4 inside
        assertInnerTcp(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 53796, 5072, ayiya(1, 4, INNER_TCP)))), 1);
        // a heartbeat: AYIYA, no inner packet
        Decoder beat = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 53796, 5072, ayiya(0, 59, new byte[0]))));
        assertThat(beat.layerCounts[Layer.AYIYA.ordinal()]).isEqualTo(1);
        assertThat(leaf(beat).level).isZero();
        // next header IPv6 but an IPv4 packet, a packet with trailing bytes, an unknown hash method: plain UDP
        byte[] badHash = ayiya(1, 41, in6);
        badHash[1] = 0x57;
        for (byte[] notAyiya : new byte[][] {ayiya(1, 41, INNER_TCP), ayiya(1, 41, cat(in6, new byte[3])), badHash}) {
            Decoder n = decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 53796, 5072, notAyiya)));
            assertThat(leaf(n).level).isZero();
            assertThat(n.layerCounts[Layer.AYIYA.ordinal()]).isZero();
        }
        // a forwarded payload of another protocol
        assertThat(events(decodeEth(eth(ETH_IPV4, udp4("1.1.1.1", "2.2.2.2", 53796, 5072, ayiya(1, 17, fill(12, 'u')))))))
                .containsExactly(DecoderEvent.AYIYA_UNKNOWN_PAYLOAD_TYPE);
    }
}
