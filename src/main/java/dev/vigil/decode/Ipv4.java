package dev.vigil.decode;

import java.lang.foreign.MemorySegment;

/**
 * IPv4. A header that claims more bytes than were captured is decoded within what is there: when the
 * capture's snaplen cut the frame that is normal, otherwise it also raises {@code ipv4.trunc_pkt}.
 * Ethernet padding after the datagram is cut off using the total-length field.
 */
final class Ipv4 {
    private Ipv4() {}
    static final int MIN_HEADER = 20;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.IPV4);
        long avail = end - off;
        if (avail < MIN_HEADER) {
            d.event(DecoderEvent.IPV4_PKT_TOO_SMALL);
            return;
        }
        int vhl = p.u8(off);
        if ((vhl >>> 4) != 4) {
            d.event(DecoderEvent.IPV4_WRONG_IP_VER);
            return;
        }
        int hlen = (vhl & 0x0F) * 4;
        if (hlen < MIN_HEADER) {
            d.event(DecoderEvent.IPV4_HLEN_TOO_SMALL);
            return;
        }
        int totalLen = p.u16(off + 2);
        if (totalLen < hlen) {
            d.event(DecoderEvent.IPV4_IPLEN_SMALLER_THAN_HLEN);
            return;
        }
        if (avail < hlen) {
            d.event(DecoderEvent.IPV4_TRUNC_PKT);
            return;
        }
        long ipEnd = off + totalLen;
        if (ipEnd > end) {
            // captured bytes end before the datagram: only an anomaly when the snaplen does not explain it
            if (!p.reassembled && p.frame.capLen >= p.frame.wireLen) d.event(DecoderEvent.IPV4_TRUNC_PKT);
            ipEnd = end;
        }
        p.ipVersion = 4;
        p.l3Off = off;
        p.ipHeaderLen = hlen;
        p.ipTotalLen = totalLen;
        p.ipId = p.u16(off + 4);
        int fragField = p.u16(off + 6);
        p.ttl = p.u8(off + 8);
        int proto = p.u8(off + 9);
        p.srcHi = 0;
        p.dstHi = 0;
        p.srcLo = p.u32(off + 12);
        p.dstLo = p.u32(off + 16);
        if (hlen > MIN_HEADER && !Ipv4Options.validate(d, p, off + MIN_HEADER, off + hlen)) return;
        p.moreFragments = (fragField & 0x2000) != 0;
        p.fragOffset = (fragField & 0x1FFF) * 8;
        if (p.moreFragments || p.fragOffset != 0) {
            p.fragment = true;
            p.proto = proto;
            d.count(Layer.FRAGMENT);
            MemorySegment whole = d.defrag().submitV4(d, p, off, ipEnd);
            if (whole != null) d.decodeReassembled(p, whole, 4);
            return;
        }
        if (proto == IpProto.ICMPV6) {
            d.event(DecoderEvent.IPV4_WITH_ICMPV6);
            p.proto = proto;
            return;
        }
        d.decodeIpPayload(p, proto, off + hlen, ipEnd);
    }
}
