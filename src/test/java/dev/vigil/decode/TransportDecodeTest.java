package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** TCP (header, options), UDP, ICMPv4 and ICMPv6. */
class TransportDecodeTest {
    private static Decoder tcpWithOptions(byte[] options) {
        return decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", tcp(40000, 443, 7, 0x12, options, bytes(1, 2, 3))));
    }

    @Test
    void tcpFields() {
        byte[] seg = tcp(40000, 443, 0xFFFF_FFF0L, 0x18, bytes(1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2), bytes('h', 'i'));
        Decoder d = decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", seg));
        Packet p = leaf(d);
        assertThat(events(d)).isEmpty();
        assertThat(p.srcPort).isEqualTo(40000);
        assertThat(p.dstPort).isEqualTo(443);
        assertThat(p.tcpSeq).isEqualTo(0xFFFF_FFF0L);
        assertThat(p.tcpFlags).isEqualTo(0x18);
        assertThat(p.tcpWindow).isEqualTo(8192);
        assertThat(p.tcpHeaderLen).isEqualTo(32);
        assertThat(p.payloadLen).isEqualTo(2);
        assertThat(p.u8(p.payloadOff)).isEqualTo('h');
        assertThat(p.l4Len).isEqualTo(34);
    }

    @Test
    void tcpHeaderEvents() {
        assertThat(events(decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", new byte[19])))).containsExactly(DecoderEvent.TCP_PKT_TOO_SMALL);
        byte[] seg = tcp(1, 2, 3, 0x02, new byte[0], new byte[0]);
        seg[12] = 0x40;
        assertThat(events(decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", seg)))).containsExactly(DecoderEvent.TCP_HLEN_TOO_SMALL);
        byte[] big = tcp(1, 2, 3, 0x02, new byte[0], new byte[0]);
        big[12] = (byte) 0xF0; // 60-byte header in a 20-byte segment
        Decoder d = decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", big));
        assertThat(events(d)).containsExactly(DecoderEvent.TCP_INVALID_OPTLEN);
        assertThat(leaf(d).hasFlowKey).isFalse();
    }

    @Test
    void tcpOptionsCutByTheSnaplenKeepTheHeader() {
        byte[] seg = tcp(40000, 443, 7, 0x02, bytes(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7), new byte[0]);
        byte[] ip = ipv4(6, "10.0.0.1", "10.0.0.2", seg);
        byte[] cut = java.util.Arrays.copyOf(ip, 20 + 24);
        Decoder d = new Decoder();
        d.decode(frame(cut, dev.vigil.capture.LinkType.RAW, 1, ip.length));
        assertThat(events(d)).isEmpty();
        Packet p = leaf(d);
        assertThat(p.dstPort).isEqualTo(443);
        assertThat(p.tcpFlags).isEqualTo(0x02);
        assertThat(p.payloadLen).isZero();
        assertThat(p.hasFlowKey).isTrue();
        // the same bytes with no snaplen to explain them are malformed
        assertThat(events(decodeRaw(cut))).contains(DecoderEvent.TCP_INVALID_OPTLEN);
    }

    @Test
    void tcpOptions() {
        // SYN-ACK options of a modern stack: MSS, SACK-permitted, timestamps, NOP, window scale
        byte[] syn = bytes(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7);
        assertThat(events(tcpWithOptions(syn))).isEmpty();
        assertThat(events(tcpWithOptions(bytes(2, 4, 5, 0xb4, 2, 4, 5, 0xb4)))).containsExactly(DecoderEvent.TCP_OPT_DUPLICATE);
        assertThat(events(tcpWithOptions(bytes(3, 4, 7, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN); // WS must be 3
        assertThat(events(tcpWithOptions(bytes(8, 9, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN); // TS must be 10
        assertThat(events(tcpWithOptions(bytes(5, 6, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN); // SACK 10..34
        assertThat(events(tcpWithOptions(bytes(2, 0, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN);
        assertThat(events(tcpWithOptions(bytes(30, 40, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN); // past the header
        assertThat(events(tcpWithOptions(bytes(34, 2, 0, 0)))).isEmpty(); // Fast Open cookie request
        assertThat(events(tcpWithOptions(bytes(34, 5, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_INVALID_LEN);
        assertThat(events(tcpWithOptions(bytes(0xfe, 4, 0xf9, 0x89)))).isEmpty(); // experimental Fast Open
        assertThat(events(tcpWithOptions(bytes(0xfe, 4, 0xf9, 0x89, 34, 2, 0, 0)))).containsExactly(DecoderEvent.TCP_OPT_DUPLICATE);
        // still a flow: option problems are reported, the segment is tracked
        assertThat(leaf(tcpWithOptions(bytes(2, 4, 5, 0xb4, 2, 4, 5, 0xb4))).hasFlowKey).isTrue();
    }

    @Test
    void udpEvents() {
        Packet p = leaf(decodeRaw(udp4("10.0.0.1", "10.0.0.2", 1000, 2000, new byte[5])));
        assertThat(p.l4Len).isEqualTo(13);
        assertThat(p.payloadLen).isEqualTo(5);
        assertThat(events(decodeRaw(ipv4(17, "10.0.0.1", "10.0.0.2", new byte[7])))).containsExactly(DecoderEvent.UDP_HLEN_TOO_SMALL);
        byte[] u = udp(1, 2, new byte[4]);
        put16(u, 4, 4);
        assertThat(events(decodeRaw(ipv4(17, "10.0.0.1", "10.0.0.2", u)))).containsExactly(DecoderEvent.UDP_LEN_INVALID);
        byte[] l = udp(1, 2, new byte[4]);
        put16(l, 4, 40);
        assertThat(events(decodeRaw(ipv4(17, "10.0.0.1", "10.0.0.2", l)))).containsExactly(DecoderEvent.UDP_PKT_TOO_SMALL);
    }

    private static Decoder icmp4(int type, int code, byte[] rest) {
        return decodeRaw(Pkt.icmp4("10.0.0.1", "10.0.0.2", type, code, rest));
    }

    @Test
    void icmpv4TypesAndCodes() {
        Packet echo = leaf(icmp4(8, 0, bytes(0, 1, 0, 1, 'x')));
        assertThat(echo.icmpType).isEqualTo(8);
        assertThat(echo.icmpCode).isZero();
        assertThat(echo.payloadLen).isEqualTo(1);
        assertThat(echo.hasFlowKey).isTrue();
        assertThat(events(icmp4(8, 1, new byte[4]))).containsExactly(DecoderEvent.ICMPV4_UNKNOWN_CODE);
        assertThat(events(icmp4(42, 0, new byte[4]))).containsExactly(DecoderEvent.ICMPV4_UNKNOWN_TYPE);
        byte[] quoted = ipv4(17, "10.0.0.2", "10.0.0.1", udp(53, 1000, new byte[0]));
        assertThat(events(icmp4(3, 3, cat(new byte[4], quoted)))).isEmpty();
        assertThat(events(icmp4(3, 16, cat(new byte[4], quoted)))).containsExactly(DecoderEvent.ICMPV4_UNKNOWN_CODE);
        assertThat(events(icmp4(11, 0, cat(new byte[4], new byte[10])))).containsExactly(DecoderEvent.ICMPV4_IPV4_TRUNC_PKT);
        byte[] v6inside = quoted.clone();
        v6inside[0] = 0x65;
        assertThat(events(icmp4(3, 1, cat(new byte[4], v6inside)))).containsExactly(DecoderEvent.ICMPV4_IPV4_UNKNOWN_VER);
        assertThat(events(decodeRaw(ipv4(1, "10.0.0.1", "10.0.0.2", new byte[7])))).containsExactly(DecoderEvent.ICMPV4_PKT_TOO_SMALL);
    }

    private static Decoder icmp6(int type, int code, int hopLimit, byte[] rest) {
        byte[] m = icmp(type, code, rest);
        return decodeRaw(ipv6(58, "fe80::1", "ff02::1", hopLimit,
                withChecksum(m, 2, pseudo6("fe80::1", "ff02::1", 58, m.length))));
    }

    @Test
    void icmpv6TypesAndCodes() {
        Packet echo = leaf(icmp6(128, 0, 64, bytes(0, 1, 0, 1, 'a', 'b')));
        assertThat(echo.icmpType).isEqualTo(128);
        assertThat(echo.payloadLen).isEqualTo(2);
        assertThat(events(icmp6(128, 3, 64, new byte[4]))).containsExactly(DecoderEvent.ICMPV6_UNKNOWN_CODE);
        assertThat(events(icmp6(135, 0, 255, new byte[20]))).isEmpty();
        assertThat(events(icmp6(143, 0, 1, new byte[4]))).isEmpty();
        assertThat(events(icmp6(130, 0, 64, new byte[20]))).containsExactly(DecoderEvent.ICMPV6_MLD_MESSAGE_WITH_INVALID_HL);
        assertThat(events(icmp6(50, 0, 64, new byte[4]))).containsExactly(DecoderEvent.ICMPV6_UNASSIGNED_TYPE);
        assertThat(events(icmp6(100, 0, 64, new byte[4]))).containsExactly(DecoderEvent.ICMPV6_EXPERIMENTATION_TYPE);
        assertThat(events(icmp6(127, 0, 64, new byte[4]))).containsExactly(DecoderEvent.ICMPV6_UNKNOWN_TYPE);
        byte[] quoted = ipv6(17, "2001:db8::2", "2001:db8::1", udp(1, 2, new byte[0]));
        assertThat(events(icmp6(1, 4, 64, cat(new byte[4], quoted)))).isEmpty();
        assertThat(events(icmp6(1, 9, 64, cat(new byte[4], quoted)))).containsExactly(DecoderEvent.ICMPV6_UNKNOWN_CODE);
        assertThat(events(icmp6(2, 0, 64, cat(new byte[4], new byte[20])))).containsExactly(DecoderEvent.ICMPV6_IPV6_TRUNC_PKT);
        byte[] v4inside = quoted.clone();
        v4inside[0] = 0x45;
        assertThat(events(icmp6(3, 0, 64, cat(new byte[4], v4inside)))).containsExactly(DecoderEvent.ICMPV6_IPV6_UNKNOWN_VER);
        assertThat(events(decodeRaw(ipv6(58, "fe80::1", "ff02::1", new byte[3])))).containsExactly(DecoderEvent.ICMPV6_PKT_TOO_SMALL);
    }
}
