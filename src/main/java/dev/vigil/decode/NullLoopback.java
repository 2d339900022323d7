package dev.vigil.decode;

import dev.vigil.capture.LinkType;

/**
 * BSD loopback (DLT_NULL: 4-byte address family in the capturing host's byte order) and OpenBSD
 * DLT_LOOP (network byte order). The AF values for IPv6 differ between BSDs, so all are accepted.
 */
final class NullLoopback {
    private NullLoopback() {}

    static void decode(Decoder d, Packet p, long off, long end, int linkType) {
        d.count(Layer.NULL);
        if (end - off < 4) {
            d.event(DecoderEvent.NULL_PKT_TOO_SMALL);
            return;
        }
        int be = p.i32(off);
        int af = linkType == LinkType.LOOP ? be : (be & 0xFFFF0000) != 0 ? Integer.reverseBytes(be) : be;
        switch (af) {
            case 2 -> Ipv4.decode(d, p, off + 4, end);
            case 24, 28, 30 -> Ipv6.decode(d, p, off + 4, end);
            default -> d.event(DecoderEvent.NULL_UNSUPPORTED_TYPE);
        }
    }
}
