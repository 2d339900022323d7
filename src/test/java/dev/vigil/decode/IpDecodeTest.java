package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import org.junit.jupiter.api.Test;

/** IPv4 (header, options) and IPv6 (extension headers) validation. */
class IpDecodeTest {
    private static final byte[] TCP_SEG = tcp(1234, 80, 1, 0x02, new byte[0], new byte[0]);

    private static Decoder v4WithOptions(byte[] options) {
        return decodeRaw(ipv4(6, "10.0.0.1", "10.0.0.2", options, 7, 0, 64, TCP_SEG));
    }

    @Test
    void ipv4Fields() {
        Decoder d = decodeRaw(ipv4(17, "192.0.2.1", "198.51.100.2", new byte[0], 0x1234, 0x4000, 33, udp(53, 4000, new byte[3])));
        Packet p = leaf(d);
        assertThat(events(d)).isEmpty();
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(p.ipHeaderLen).isEqualTo(20);
        assertThat(p.ipTotalLen).isEqualTo(31);
        assertThat(p.ipId).isEqualTo(0x1234);
        assertThat(p.ttl).isEqualTo(33);
        assertThat(p.proto).isEqualTo(17);
        assertThat(p.fragment).isFalse();
        assertThat(p.srcPort).isEqualTo(53);
        assertThat(p.payloadLen).isEqualTo(3);
    }

    @Test
    void ipv4HeaderEvents() {
        byte[] ok = ipv4(6, "10.0.0.1", "10.0.0.2", TCP_SEG);
        assertThat(events(decodeRaw(java.util.Arrays.copyOf(ok, 19)))).containsExactly(DecoderEvent.IPV4_PKT_TOO_SMALL);
        byte[] v5 = ok.clone();
        v5[0] = 0x55;
        Decoder d = new Decoder();
        d.decode(frame(v5, LinkType.IPV4));
        assertThat(events(d)).containsExactly(DecoderEvent.IPV4_WRONG_IP_VER);
        byte[] hl = ok.clone();
        hl[0] = 0x44;
        assertThat(events(decodeRaw(hl))).containsExactly(DecoderEvent.IPV4_HLEN_TOO_SMALL);
        byte[] tl = ok.clone();
        put16(tl, 2, 12);
        assertThat(events(decodeRaw(tl))).containsExactly(DecoderEvent.IPV4_IPLEN_SMALLER_THAN_HLEN);
        byte[] trunc = ok.clone();
        put16(trunc, 2, ok.length + 10);
        Decoder t = decodeRaw(trunc);
        assertThat(events(t)).containsExactly(DecoderEvent.IPV4_TRUNC_PKT);
        // the same shortfall explained by the snaplen is normal
        Decoder snap = new Decoder();
        snap.decode(frame(trunc, LinkType.RAW, 1, trunc.length + 10));
        assertThat(events(snap)).isEmpty();
        assertThat(leaf(snap).dstPort).isEqualTo(80);
    }

    @Test
    void ipv4OptionsValid() {
        // router alert + pad to 8; record route with room for 2 addresses; timestamp; NOPs and EOL
        assertThat(events(v4WithOptions(bytes(0x94, 4, 0, 0, 1, 1, 1, 0)))).isEmpty();
        byte[] rr = cat(bytes(0x07, 11, 4), new byte[8], bytes(0, 0, 0, 0, 0)); // 16 bytes
        assertThat(events(v4WithOptions(rr))).isEmpty();
        byte[] ts = cat(bytes(0x44, 12, 5, 0x00), new byte[8], bytes(1, 1, 1, 0)); // 16 bytes
        assertThat(events(v4WithOptions(ts))).isEmpty();
        assertThat(leaf(v4WithOptions(ts)).dstPort).isEqualTo(80);
        byte[] sec = cat(bytes(0x82, 11, 0xf1, 0x35), new byte[7], bytes(0, 0, 0, 0, 0)); // 16
        assertThat(events(v4WithOptions(sec))).isEmpty();
    }

    @Test
    void ipv4OptionEvents() {
        // 4 bytes of options: not padded to 8 (a warning), still decoded
        Decoder pad = v4WithOptions(bytes(0x94, 4, 0, 0));
        assertThat(events(pad)).containsExactly(DecoderEvent.IPV4_OPT_PAD_REQUIRED);
        assertThat(leaf(pad).dstPort).isEqualTo(80);
        // option length beyond the option area: invalid, the packet is not decoded further
        Decoder len = v4WithOptions(bytes(0x07, 0xff, 4, 0, 0, 0, 0, 0));
        assertThat(events(len)).containsExactly(DecoderEvent.IPV4_OPT_INVALID_LEN);
        assertThat(leaf(len).hasFlowKey).isFalse();
        assertThat(events(v4WithOptions(bytes(0x07, 1, 4, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV4_OPT_INVALID_LEN);
        // record route pointer not on an address boundary
        assertThat(events(v4WithOptions(bytes(0x07, 7, 5, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV4_OPT_MALFORMED);
        // timestamp pointer below its minimum
        assertThat(events(v4WithOptions(bytes(0x44, 8, 4, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV4_OPT_MALFORMED);
        // security option with a wrong fixed length
        assertThat(events(v4WithOptions(bytes(0x82, 8, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV4_OPT_INVALID_LEN);
        // two router alerts
        Decoder dup = v4WithOptions(bytes(0x94, 4, 0, 0, 0x94, 4, 0, 0));
        assertThat(events(dup)).containsExactly(DecoderEvent.IPV4_OPT_DUPLICATE);
        assertThat(leaf(dup).dstPort).isEqualTo(80);
        // an unassigned option type is reported and skipped
        assertThat(events(v4WithOptions(bytes(0x9e, 4, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV4_OPT_INVALID);
        // a multi-byte option type in the last byte of the area
        assertThat(events(v4WithOptions(bytes(1, 1, 1, 1, 1, 1, 1, 0x07)))).containsExactly(DecoderEvent.IPV4_OPT_EOL_REQUIRED);
        // CIPSO with a reserved tag type
        byte[] cipso = bytes(0x86, 10, 0, 0, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(events(v4WithOptions(cipso))).containsExactly(DecoderEvent.IPV4_OPT_MALFORMED);
        byte[] cipsoOk = bytes(0x86, 10, 0, 0, 0, 1, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(events(v4WithOptions(cipsoOk))).isEmpty();
    }

    @Test
    void icmpv6OverIpv4IsInvalid() {
        Decoder d = decodeRaw(ipv4(58, "10.0.0.1", "10.0.0.2", new byte[8]));
        assertThat(events(d)).containsExactly(DecoderEvent.IPV4_WITH_ICMPV6);
        assertThat(leaf(d).hasFlowKey).isFalse();
    }

    @Test
    void unknownProtocolsFlowOnAddresses() {
        Packet p = leaf(decodeRaw(ipv4(89, "10.0.0.1", "10.0.0.2", new byte[12])));
        assertThat(p.proto).isEqualTo(89);
        assertThat(p.hasFlowKey).isTrue();
        Packet sctp = leaf(decodeRaw(ipv4(132, "10.0.0.1", "10.0.0.2", cat(bytes(0x0b, 0x59, 0x0b, 0x59), new byte[8]))));
        assertThat(sctp.srcPort).isEqualTo(2905);
        assertThat(sctp.hasFlowKey).isTrue();
        assertThat(events(decodeRaw(ipv4(132, "10.0.0.1", "10.0.0.2", new byte[6])))).containsExactly(DecoderEvent.SCTP_PKT_TOO_SMALL);
    }

    // ---- IPv6 ----

    private static final String A = "2001:db8::1", B = "2001:db8::2";

    private static Decoder v6(int next, byte[] chain) {
        return decodeRaw(ipv6(next, A, B, chain));
    }

    private static final byte[] PADN4 = bytes(1, 2, 0, 0);

    @Test
    void ipv6Fields() {
        Decoder d = decodeRaw(ipv6(17, A, B, 7, udp(5353, 53, new byte[2])));
        Packet p = leaf(d);
        assertThat(events(d)).isEmpty();
        assertThat(p.ipVersion).isEqualTo(6);
        assertThat(ip(p, true)).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(p.ttl).isEqualTo(7);
        assertThat(p.dstPort).isEqualTo(53);
        assertThat(p.ipTotalLen).isEqualTo(50);
    }

    @Test
    void ipv6HeaderEvents() {
        assertThat(events(decodeRaw(new byte[0]))).containsExactly(DecoderEvent.IPV4_PKT_TOO_SMALL);
        Decoder small = new Decoder();
        small.decode(frame(new byte[39], LinkType.IPV6));
        assertThat(events(small)).containsExactly(DecoderEvent.IPV6_PKT_TOO_SMALL);
        byte[] bad = ipv6(17, A, B, udp(1, 2, new byte[0]));
        bad[0] = 0x50;
        Decoder ver = new Decoder();
        ver.decode(frame(bad, LinkType.IPV6));
        assertThat(events(ver)).containsExactly(DecoderEvent.IPV6_WRONG_IP_VER);
        byte[] trunc = ipv6(17, A, B, udp(1, 2, new byte[0]));
        put16(trunc, 4, 100);
        assertThat(events(decodeRaw(trunc))).containsExactly(DecoderEvent.IPV6_TRUNC_PKT);
    }

    @Test
    void hopByHopAndDestinationOptions() {
        // router alert + PadN: fine
        byte[] hop = optsHeader(6, bytes(5, 2, 0, 0, 0, 0));
        Decoder ok = v6(0, cat(hop, TCP_SEG));
        assertThat(events(ok)).isEmpty();
        assertThat(leaf(ok).dstPort).isEqualTo(80);
        // only padding
        assertThat(events(v6(0, cat(optsHeader(6, bytes(1, 4, 0, 0, 0, 0)), TCP_SEG)))).containsExactly(DecoderEvent.IPV6_HOPOPTS_ONLY_PADDING);
        assertThat(events(v6(60, cat(optsHeader(6, bytes(1, 4, 0, 0, 0, 0)), TCP_SEG)))).containsExactly(DecoderEvent.IPV6_DSTOPTS_ONLY_PADDING);
        // zero-length PadN (and only padding)
        assertThat(events(v6(0, cat(optsHeader(6, bytes(1, 0, 1, 2, 0, 0)), TCP_SEG))))
                .containsExactly(DecoderEvent.IPV6_ZERO_LEN_PADN, DecoderEvent.IPV6_HOPOPTS_ONLY_PADDING);
        // unknown option
        assertThat(events(v6(0, cat(optsHeader(6, bytes(0x3e, 4, 0, 0, 0, 0)), TCP_SEG)))).containsExactly(DecoderEvent.IPV6_HOPOPTS_UNKNOWN_OPT);
        assertThat(events(v6(60, cat(optsHeader(6, bytes(0x3e, 4, 0, 0, 0, 0)), TCP_SEG)))).containsExactly(DecoderEvent.IPV6_DSTOPTS_UNKNOWN_OPT);
        // option running past its header
        assertThat(events(v6(0, cat(optsHeader(6, bytes(5, 9, 0, 0, 0, 0)), TCP_SEG)))).containsExactly(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
        // router alert too short for its value
        assertThat(events(v6(0, cat(optsHeader(6, bytes(5, 1, 0, 1, 1, 0)), TCP_SEG)))).contains(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
        // header longer than the packet
        assertThat(events(v6(0, bytes(6, 4, 0, 0, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV6_TRUNC_EXTHDR);
    }

    @Test
    void duplicatedExtensionHeaders() {
        byte[] hopB = optsHeader(6, bytes(5, 2, 0, 0, 0, 0));
        byte[] hopA = optsHeader(0, bytes(5, 2, 0, 0, 0, 0));
        Decoder hh = v6(0, cat(hopA, hopB, TCP_SEG));
        assertThat(events(hh)).containsExactly(DecoderEvent.IPV6_EXTHDR_DUPL_HH);
        assertThat(leaf(hh).dstPort).isEqualTo(80);
        byte[] d3 = optsHeader(6, bytes(5, 2, 0, 0, 0, 0));
        byte[] d2 = optsHeader(60, bytes(5, 2, 0, 0, 0, 0));
        byte[] d1 = optsHeader(60, bytes(5, 2, 0, 0, 0, 0));
        assertThat(events(v6(60, cat(d2, d3, TCP_SEG)))).isEmpty(); // twice is legal (before and after routing)
        assertThat(events(v6(60, cat(d1, d2, d3, TCP_SEG)))).containsExactly(DecoderEvent.IPV6_EXTHDR_DUPL_DH);
        byte[] rh2 = bytes(6, 0, 4, 0, 0, 0, 0, 0);
        byte[] rh1 = bytes(43, 0, 4, 0, 0, 0, 0, 0);
        assertThat(events(v6(43, cat(rh1, rh2, TCP_SEG)))).containsExactly(DecoderEvent.IPV6_EXTHDR_DUPL_RH);
        byte[] fh2 = fragHeader(6, 0, false, 1);
        byte[] fh1 = fragHeader(44, 0, false, 1);
        assertThat(events(v6(44, cat(fh1, fh2, TCP_SEG))))
                .containsExactly(DecoderEvent.IPV6_EXTHDR_USELESS_FH, DecoderEvent.IPV6_EXTHDR_DUPL_FH);
        byte[] ah2 = cat(bytes(6, 1, 0, 0), new byte[8]);
        byte[] ah1 = cat(bytes(51, 1, 0, 0), new byte[8]);
        assertThat(events(v6(51, cat(ah1, ah2, TCP_SEG)))).containsExactly(DecoderEvent.IPV6_EXTHDR_DUPL_AH);
    }

    @Test
    void routingFragmentAndAuthHeaderEvents() {
        // type 0 routing header is deprecated (RFC 5095)
        Decoder rh0 = v6(43, cat(bytes(6, 2, 0, 1, 0, 0, 0, 0), addr("2001:db8::99"), TCP_SEG));
        assertThat(events(rh0)).containsExactly(DecoderEvent.IPV6_RH_TYPE_0);
        assertThat(leaf(rh0).csumDstOff).isEqualTo(48); // final destination for the checksum
        // atomic fragment: nothing to reassemble, decoded at once
        Decoder atomic = v6(44, cat(fragHeader(6, 0, false, 9), TCP_SEG));
        assertThat(events(atomic)).containsExactly(DecoderEvent.IPV6_EXTHDR_USELESS_FH);
        assertThat(leaf(atomic).dstPort).isEqualTo(80);
        byte[] fhRes = fragHeader(6, 0, false, 9);
        fhRes[1] = 1;
        assertThat(events(v6(44, cat(fhRes, TCP_SEG)))).contains(DecoderEvent.IPV6_FH_NON_ZERO_RES_FIELD);
        // a non-last fragment whose length is not a multiple of 8
        assertThat(events(v6(44, cat(fragHeader(17, 0, true, 9), new byte[13])))).containsExactly(DecoderEvent.IPV6_FRAG_INVALID_LENGTH);
        assertThat(events(v6(51, cat(bytes(6, 1, 0, 1), new byte[8], TCP_SEG)))).containsExactly(DecoderEvent.IPV6_EXTHDR_AH_RES_NOT_NULL);
        assertThat(events(v6(51, bytes(6, 1, 0, 0, 0, 0)))).containsExactly(DecoderEvent.IPV6_TRUNC_EXTHDR);
    }

    @Test
    void nextHeaderEvents() {
        assertThat(events(v6(59, new byte[0]))).isEmpty();
        assertThat(events(v6(59, new byte[4]))).containsExactly(DecoderEvent.IPV6_DATA_AFTER_NONE_HEADER);
        Decoder unknown = v6(253, new byte[8]);
        assertThat(events(unknown)).containsExactly(DecoderEvent.IPV6_UNKNOWN_NEXT_HEADER);
        assertThat(leaf(unknown).hasFlowKey).isTrue();
        assertThat(events(v6(1, new byte[8]))).containsExactly(DecoderEvent.IPV6_WITH_ICMPV4);
        assertThat(events(v6(4, new byte[10]))).containsExactly(DecoderEvent.IPV6_IPV4_IN_IPV6_TOO_SMALL);
        assertThat(events(v6(4, cat(bytes(0x65), new byte[19])))).containsExactly(DecoderEvent.IPV6_IPV4_IN_IPV6_WRONG_IP_VER);
        assertThat(events(v6(41, new byte[39]))).containsExactly(DecoderEvent.IPV6_IPV6_IN_IPV6_TOO_SMALL);
        Packet esp = leaf(v6(50, new byte[16]));
        assertThat(esp.proto).isEqualTo(50);
        assertThat(esp.hasFlowKey).isTrue();
        // mobility header then no next header
        assertThat(events(v6(135, bytes(59, 0, 0, 0, 0, 0, 0, 0)))).isEmpty();
    }

    @Test
    void homeAddressOptionReplacesChecksumSource() {
        byte[] hao = cat(bytes(1, 2, 0, 0, 0xC9, 16), addr("2001:db8::77")); // PadN(2) + HAO = 22 bytes
        Decoder d = v6(60, cat(optsHeader(6, hao), TCP_SEG));
        assertThat(events(d)).isEmpty();
        Packet p = leaf(d);
        assertThat(p.csumSrcOff).isEqualTo(40 + 2 + 6);
        assertThat(p.csumDstOff).isEqualTo(-1);
    }
}
