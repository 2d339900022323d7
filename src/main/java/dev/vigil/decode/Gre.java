package dev.vigil.decode;

import dev.vigil.capture.LinkType;

/**
 * GRE, validated as Suricata does.
 *
 * <p>Version 0 (RFC 1701/2784/2890): optional checksum+offset (present when C or R is set), key,
 * sequence number and, with R, a list of source route entries ended by a null SRE. Recursion control
 * and the reserved flag bits must be zero.
 *
 * <p>Version 1 (enhanced GRE of PPTP, RFC 2637): key (payload length + call id) mandatory, optional
 * sequence and acknowledgement numbers, no checksum/routing/strict-route/recursion, protocol PPP.
 * A packet with a zero payload length only acknowledges.
 *
 * <p>The payload becomes a tunnel packet one level deeper: IPv4, IPv6, PPP, 802.1Q, MPLS, Ethernet
 * (transparent bridging 0x6558), ERSPAN type I (0x88BE without sequence number), type II (0x88BE with
 * one) and type III (0x22EB), WCCP redirect (0x883E), ARP, and Aruba's 802.11 frames (0x8200-0x8370).
 */
final class Gre {
    private Gre() {}
    static final int HEADER_LEN = 4;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.GRE);
        long len = end - off;
        if (len < HEADER_LEN) {
            d.event(DecoderEvent.GRE_PKT_TOO_SMALL);
            return;
        }
        int flags = p.u8(off);
        int verByte = p.u8(off + 1);
        int proto = p.u16(off + 2);
        boolean c = (flags & 0x80) != 0, r = (flags & 0x40) != 0, k = (flags & 0x20) != 0,
                s = (flags & 0x10) != 0, ssr = (flags & 0x08) != 0;
        int recur = flags & 0x07;
        int hdr = HEADER_LEN;
        switch (verByte & 0x07) {
            case 0 -> {
                if (recur != 0) {
                    d.event(DecoderEvent.GRE_VERSION0_RECUR);
                    return;
                }
                if ((verByte & 0x78) != 0) {
                    d.event(DecoderEvent.GRE_VERSION0_FLAGS);
                    return;
                }
                if (k) hdr += 4;
                if (s) hdr += 4;
                if (c || r) hdr += 4;
                if (hdr > len) {
                    d.event(DecoderEvent.GRE_VERSION0_HDR_TOO_BIG);
                    return;
                }
                if (r) {
                    // source route entries: address family (2), SRE offset (1), SRE length (1), data
                    while (true) {
                        if (hdr + 4 > len) {
                            d.event(DecoderEvent.GRE_VERSION0_MALFORMED_SRE_HDR);
                            return;
                        }
                        int af = p.u16(off + hdr);
                        int sreLen = p.u8(off + hdr + 3);
                        hdr += 4;
                        if (af == 0 && sreLen == 0) break;
                        hdr += sreLen;
                        if (hdr > len) {
                            d.event(DecoderEvent.GRE_VERSION0_MALFORMED_SRE_HDR);
                            return;
                        }
                    }
                }
            }
            case 1 -> {
                DecoderEvent bad = c ? DecoderEvent.GRE_VERSION1_CHKSUM
                        : r ? DecoderEvent.GRE_VERSION1_ROUTE
                        : ssr ? DecoderEvent.GRE_VERSION1_SSR
                        : recur != 0 ? DecoderEvent.GRE_VERSION1_RECUR
                        : (verByte & 0x78) != 0 ? DecoderEvent.GRE_VERSION1_FLAGS
                        : proto != EtherType.PPP ? DecoderEvent.GRE_VERSION1_WRONG_PROTOCOL
                        : !k ? DecoderEvent.GRE_VERSION1_NO_KEY
                        : null;
                if (bad != null) {
                    d.event(bad);
                    return;
                }
                hdr += 4;
                if (s) hdr += 4;
                if ((verByte & 0x80) != 0) hdr += 4; // acknowledgement number
                if (hdr > len) {
                    d.event(DecoderEvent.GRE_VERSION1_HDR_TOO_BIG);
                    return;
                }
                if (p.u16(off + 4) == 0) return; // payload length 0: an acknowledgement only
            }
            default -> {
                d.event(DecoderEvent.GRE_WRONG_VERSION);
                return;
            }
        }
        long inner = off + hdr;
        switch (proto) {
            case EtherType.IPV4 -> d.decodeInner(p, null, inner, end, LinkType.IPV4);
            case EtherType.IPV6 -> d.decodeInner(p, null, inner, end, LinkType.IPV6);
            case EtherType.PPP -> d.decodeInner(p, null, inner, end, Decoder.INNER_PPP);
            case EtherType.VLAN, EtherType.QINQ -> d.decodeInner(p, null, inner, end, Decoder.INNER_VLAN);
            case EtherType.MPLS_UNICAST, EtherType.MPLS_MULTICAST -> d.decodeInner(p, null, inner, end, Decoder.INNER_MPLS);
            case EtherType.TEB -> d.decodeInner(p, Layer.ETHERNET_INNER, inner, end, LinkType.ETHERNET);
            case EtherType.ERSPAN_II -> d.decodeInner(p, null, inner, end, s ? Decoder.INNER_ERSPAN_II : Decoder.INNER_ERSPAN_I);
            case EtherType.ERSPAN_III -> d.decodeInner(p, null, inner, end, Decoder.INNER_ERSPAN_III);
            case EtherType.WCCP -> d.decodeInner(p, null, inner, end, Decoder.INNER_WCCP);
            case EtherType.ARP -> d.decodeInner(p, null, inner, end, Decoder.INNER_ARP);
            default -> {
                // Aruba access points tunnel their clients' 802.11 frames to the controller under types
                // 0x8200 to 0x8370 (steps of 0x10); anything else is unknown: the GRE packet itself is the flow
                if (proto >= ARUBA_FIRST && proto <= ARUBA_LAST && (proto & 0xF) == 0) {
                    d.decodeInner(p, null, inner, end, Decoder.INNER_IEEE80211);
                }
            }
        }
    }

    static final int ARUBA_FIRST = 0x8200, ARUBA_LAST = 0x8370;

    /** WCCP v2 redirect header (4 bytes) in front of the redirected IPv4 packet; older WCCP has none. */
    static void decodeWccp(Decoder d, Packet p, long off, long end) {
        if (end - off >= 1 && (p.u8(off) >>> 4) == 4) {
            Ipv4.decode(d, p, off, end);
        } else if (end - off >= 4 + Ipv4.MIN_HEADER) {
            Ipv4.decode(d, p, off + 4, end);
        } else {
            d.event(DecoderEvent.GRE_PKT_TOO_SMALL);
        }
    }
}
