package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import org.junit.jupiter.api.Test;

/** 802.11 data frames, the headers capture tools put in front (radiotap, PPI, PKTAP), Cisco HDLC, NFLOG, ARCNET, IPoIB, FDDI, Aruba GRE. */
class WirelessAndCaptureHeadersDecodeTest {
    private static final byte[] TCP = tcp4("10.0.0.1", "10.0.0.2", 1234, 80, 0x02, new byte[0]);
    private static final byte[] SNAP_IPV4 = bytes(0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00);

    /** An 802.11 data frame header: frame control, duration, three addresses, sequence control. */
    static byte[] wlan(int fc0, int fc1, byte[] rest) {
        byte[] h = new byte[24];
        h[0] = (byte) fc0;
        h[1] = (byte) fc1;
        return cat(h, rest);
    }

    static Packet decoded(byte[] bytes, int linkType) {
        Decoder d = new Decoder();
        d.decode(frame(bytes, linkType));
        return leaf(d);
    }

    static void isTheTcpPacket(Packet p) {
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(ip(p, true)).isEqualTo("10.0.0.1");
        assertThat(p.dstPort).isEqualTo(80);
        assertThat(p.hasFlowKey).isTrue();
    }

    @Test
    void dataAndQosDataFramesCarryIp() {
        isTheTcpPacket(decoded(wlan(0x08, 0x01, cat(SNAP_IPV4, TCP)), LinkType.IEEE802_11));
        // QoS data from the distribution system to another (four addresses), QoS control, HT control (order bit)
        isTheTcpPacket(decoded(wlan(0x88, 0x83, cat(new byte[6 + 2 + 4], SNAP_IPV4, TCP)), LinkType.IEEE802_11));
    }

    @Test
    void protectedNullAndManagementFramesCarryNothing() {
        assertThat(decoded(wlan(0x08, 0x41, cat(SNAP_IPV4, TCP)), LinkType.IEEE802_11).hasFlowKey).isFalse();
        assertThat(decoded(wlan(0x48, 0x01, cat(SNAP_IPV4, TCP)), LinkType.IEEE802_11).hasFlowKey).isFalse();
        assertThat(decoded(wlan(0x80, 0x00, cat(SNAP_IPV4, TCP)), LinkType.IEEE802_11).hasFlowKey).isFalse();
        // A-MSDU flag in the QoS control field
        assertThat(decoded(wlan(0x88, 0x01, cat(bytes(0x80, 0), SNAP_IPV4, TCP)), LinkType.IEEE802_11).hasFlowKey).isFalse();
        Decoder d = new Decoder();
        d.decode(frame(new byte[10], LinkType.IEEE802_11));
        assertThat(events(d)).containsExactly(DecoderEvent.IEEE80211_PKT_TOO_SMALL);
    }

    @Test
    void radiotapPpiAndPktapHeadersAreSkippedByTheirLength() {
        byte[] radiotap = bytes(0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        isTheTcpPacket(decoded(cat(radiotap, wlan(0x08, 0x01, cat(SNAP_IPV4, TCP))), LinkType.IEEE802_11_RADIOTAP));
        byte[] ppi = bytes(0, 0, 8, 0, 105, 0, 0, 0);
        isTheTcpPacket(decoded(cat(ppi, wlan(0x08, 0x01, cat(SNAP_IPV4, TCP))), LinkType.PPI));
        byte[] pktap = new byte[108];
        pktap[0] = 108;
        pktap[8] = 1; // DLT_EN10MB
        isTheTcpPacket(decoded(cat(pktap, eth(0x0800, TCP)), LinkType.PKTAP));
        // a header length beyond the frame is an event, never a read past the end
        Decoder d = new Decoder();
        d.decode(frame(bytes(0, 0, 0x40, 0, 0, 0, 0, 0), LinkType.IEEE802_11_RADIOTAP));
        assertThat(events(d)).containsExactly(DecoderEvent.RADIO_HEADER_TOO_SMALL);
        // PPI naming PPI again would nest without end
        Decoder d2 = new Decoder();
        d2.decode(frame(cat(bytes(0, 0, 8, 0, 192, 0, 0, 0), bytes(0, 0, 8, 0, 192, 0, 0, 0)), LinkType.PPI));
        assertThat(events(d2)).containsExactly(DecoderEvent.UNSUPPORTED_LINKTYPE);
    }

    @Test
    void ciscoHdlcNflogAndArcnet() {
        isTheTcpPacket(decoded(cat(bytes(0x0F, 0x00, 0x08, 0x00), TCP), LinkType.C_HDLC));
        // NFLOG: AF_INET header, a prefix attribute (type 10, padded to 8), then the payload attribute (type 9)
        byte[] prefix = bytes(7, 0, 10, 0, 'a', 'b', 'c', 0);
        byte[] payload = cat(bytes(4 + TCP.length, 0, 9, 0), TCP);
        isTheTcpPacket(decoded(cat(bytes(2, 0, 0, 0), prefix, payload), LinkType.NFLOG));
        Decoder d = new Decoder();
        d.decode(frame(cat(bytes(2, 0, 0, 0), bytes(0x40, 0, 9, 0)), LinkType.NFLOG));
        assertThat(events(d)).containsExactly(DecoderEvent.NFLOG_PKT_TOO_SMALL);
        // ARCNET RFC 1201 IP: src, dst, offset, protocol 0xD4, split flag 0, sequence
        isTheTcpPacket(decoded(cat(bytes(0xBE, 0x50, 0, 0, 0xD4, 0, 1, 0x6B), TCP), LinkType.ARCNET_LINUX));
        // a fragment (split flag set) is not reassembled
        assertThat(decoded(cat(bytes(0xBE, 0x50, 0, 0, 0xD4, 3, 1, 0x6B), TCP), LinkType.ARCNET_LINUX).hasFlowKey).isFalse();
    }

    @Test
    void ipOverInfinibandInBothHeaderForms() {
        // RFC 4391: EtherType, reserved
        isTheTcpPacket(decoded(cat(bytes(0x08, 0x00, 0, 0), TCP), LinkType.IPOIB));
        // Linux: 20 unused bytes, destination QPN and GID, then the same 4 bytes (as in tcpdump's ipoib.pcap)
        byte[] linux = cat(new byte[16], bytes(0x2f, 0xa3, 0, 0x0a, 0x80, 0, 0x05, 0x50), addr("fe80::10:e000:664a:b451"));
        isTheTcpPacket(decoded(cat(linux, bytes(0x08, 0x00, 0, 0), TCP), LinkType.IPOIB));
        Decoder d = new Decoder();
        d.decode(frame(cat(linux, bytes(0x08, 0x06, 0, 0), bytes(0, 0x20, 0x08, 0)), LinkType.IPOIB));
        assertThat(d.layerCounts[Layer.ARP.ordinal()]).isEqualTo(1);
        assertThat(d.layerCounts[Layer.IPOIB.ordinal()]).isEqualTo(1);
        // a type that disagrees with the packet's version nibble, or a reserved field that is not zero: not decoded
        assertThat(decoded(cat(bytes(0x86, 0xDD, 0, 0), TCP), LinkType.IPOIB).hasFlowKey).isFalse();
        assertThat(decoded(cat(bytes(0x08, 0x00, 0, 1), TCP), LinkType.IPOIB).hasFlowKey).isFalse();
        Decoder tiny = new Decoder();
        tiny.decode(frame(bytes(0x08, 0), LinkType.IPOIB));
        assertThat(events(tiny)).containsExactly(DecoderEvent.IPOIB_PKT_TOO_SMALL);
    }

    @Test
    void fddiLlcFramesCarryIp() {
        byte[] macs = new byte[12];
        isTheTcpPacket(decoded(cat(bytes(0x50), macs, SNAP_IPV4, TCP), LinkType.FDDI));
        // a MAC or SMT frame (frame control 0x41) carries nothing we follow; a frame too short for LLC/SNAP is an event
        assertThat(decoded(cat(bytes(0x41), macs, SNAP_IPV4, TCP), LinkType.FDDI).hasFlowKey).isFalse();
        Decoder d = new Decoder();
        d.decode(frame(cat(bytes(0x50), macs, bytes(0xAA, 0xAA)), LinkType.FDDI));
        assertThat(events(d)).containsExactly(DecoderEvent.FDDI_PKT_TOO_SMALL);
    }

    @Test
    void arubaGreCarries80211() {
        byte[] gre = cat(bytes(0, 0, 0x82, 0x00), wlan(0x88, 0x01, cat(new byte[2], SNAP_IPV4, TCP)));
        Packet p = leaf(decodeEth(eth(0x0800, ipv4(47, "192.168.0.1", "192.168.0.2", gre))));
        isTheTcpPacket(p);
        assertThat(p.level).isEqualTo(1);
    }
}
