package dev.vigil.decode;

import java.lang.foreign.MemorySegment;

/** IPv6 with its extension-header chain (hop-by-hop, routing, fragment, destination options, AH, mobility). */
final class Ipv6 {
    private Ipv6() {}
    static final int HEADER_LEN = 40;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.IPV6);
        long avail = end - off;
        if (avail < HEADER_LEN) {
            d.event(DecoderEvent.IPV6_PKT_TOO_SMALL);
            return;
        }
        if ((p.u8(off) >>> 4) != 6) {
            d.event(DecoderEvent.IPV6_WRONG_IP_VER);
            return;
        }
        int payloadLen = p.u16(off + 4);
        int next = p.u8(off + 6);
        long ipEnd = off + HEADER_LEN + payloadLen;
        if (payloadLen == 0 && next == IpProto.HOPOPTS) {
            ipEnd = end; // jumbogram (RFC 2675): the length is in a hop-by-hop option; trust the capture
        } else if (ipEnd > end) {
            if (!p.reassembled && p.frame.capLen >= p.frame.wireLen) d.event(DecoderEvent.IPV6_TRUNC_PKT);
            ipEnd = end;
        }
        p.ipVersion = 6;
        p.l3Off = off;
        p.ipHeaderLen = HEADER_LEN;
        p.ipTotalLen = HEADER_LEN + payloadLen;
        p.ttl = p.u8(off + 7);
        p.srcHi = p.i64(off + 8);
        p.srcLo = p.i64(off + 16);
        p.dstHi = p.i64(off + 24);
        p.dstLo = p.i64(off + 32);
        Ipv6ExtHeaders.walk(d, p, next, off + HEADER_LEN, ipEnd);
    }

    /**
     * Called by the extension-header walker at a fragment header of a real fragment (not an atomic one).
     * {@code nhField} is the offset of the next-header byte that names the fragment header (in the IPv6
     * header or the extension header before it); reassembly rewrites it.
     */
    static void fragment(Decoder d, Packet p, long ipOff, long fragHdrOff, long nhField, long ipEnd) {
        int offField = p.u16(fragHdrOff + 2);
        p.fragOffset = offField & 0xFFF8;
        p.moreFragments = (offField & 1) != 0;
        p.ipId = p.i32(fragHdrOff + 4);
        p.proto = p.u8(fragHdrOff);
        p.fragment = true;
        d.count(Layer.FRAGMENT);
        MemorySegment whole = d.defrag().submitV6(d, p, ipOff, fragHdrOff, nhField, ipEnd);
        if (whole != null) d.decodeReassembled(p, whole, 6);
    }
}
