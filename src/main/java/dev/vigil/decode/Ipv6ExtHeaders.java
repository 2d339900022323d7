package dev.vigil.decode;

/** Walks the IPv6 extension-header chain to the upper-layer protocol. */
final class Ipv6ExtHeaders {
    private Ipv6ExtHeaders() {}
    private static final int MAX_HEADERS = 16;

    static void walk(Decoder d, Packet p, int next, long off, long end) {
        long ipOff = p.l3Off;
        for (int n = 0; n < MAX_HEADERS; n++) {
            switch (next) {
                case IpProto.HOPOPTS, IpProto.ROUTING, IpProto.DSTOPTS, IpProto.MH -> {
                    if (end - off < 8) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    int len = (p.u8(off + 1) + 1) * 8;
                    if (end - off < len) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.AH -> {
                    if (end - off < 8) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    int len = (p.u8(off + 1) + 2) * 4;
                    if (end - off < len) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.FRAGMENT -> {
                    if (end - off < 8) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    Ipv6.fragment(d, p, ipOff, off, end, p.u8(off));
                    return;
                }
                case IpProto.NONE -> {
                    if (off < end) d.event(DecoderEvent.IPV6_DATA_AFTER_NONE_HEADER);
                    p.proto = IpProto.NONE;
                    p.hasFlowKey = true;
                    return;
                }
                default -> {
                    d.decodeIpPayload(p, next, off, end);
                    return;
                }
            }
        }
        d.event(DecoderEvent.IPV6_UNKNOWN_NEXT_HEADER);
    }
}
