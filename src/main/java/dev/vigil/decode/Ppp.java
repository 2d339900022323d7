package dev.vigil.decode;

/**
 * PPP (RFC 1661): the DLT_PPP link type, PPP inside PPTP's enhanced GRE, and the protocol field of
 * PPPoE sessions. The HDLC-like address/control bytes (0xFF 0x03) are optional, and so is the second
 * protocol byte (protocol-field compression: an odd first byte is the whole protocol number).
 *
 * <p>IPv4, IPv6 and MPLS are followed. The other protocols PPP defines (LCP, IPCP, CHAP, compressed
 * and encrypted datagrams, ...) are valid but not decoded and raise {@code ppp.unsup_proto}; anything
 * else raises {@code ppp.wrong_type}.
 */
final class Ppp {
    private Ppp() {}

    static final int IPV4 = 0x0021, IPV6 = 0x0057, VJ_COMP = 0x002d, VJ_UCOMP = 0x002f,
            MPLS_UCAST = 0x0281, MPLS_MCAST = 0x0283;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.PPP);
        long len = end - off;
        if (len < 1) {
            d.event(DecoderEvent.PPP_PKT_TOO_SMALL);
            return;
        }
        if (len >= 2 && p.u8(off) == 0xFF && p.u8(off + 1) == 0x03) {
            off += 2;
            len -= 2;
        }
        if (len < 1) {
            d.event(DecoderEvent.PPP_PKT_TOO_SMALL);
            return;
        }
        int proto;
        if ((p.u8(off) & 1) != 0) {
            proto = p.u8(off);
            off += 1;
        } else {
            if (len < 2) {
                d.event(DecoderEvent.PPP_PKT_TOO_SMALL);
                return;
            }
            proto = p.u16(off);
            off += 2;
        }
        decodeProtocol(d, p, proto, off, end);
    }

    /** Dispatches a PPP payload whose protocol number is known ({@code off} is past the protocol field). */
    static void decodeProtocol(Decoder d, Packet p, int proto, long off, long end) {
        long len = end - off;
        switch (proto) {
            case IPV4 -> {
                if (len < Ipv4.MIN_HEADER) {
                    d.event(DecoderEvent.PPP_IPV4_PKT_TOO_SMALL);
                    return;
                }
                Ipv4.decode(d, p, off, end);
            }
            case IPV6 -> {
                if (len < Ipv6.HEADER_LEN) {
                    d.event(DecoderEvent.PPP_IPV6_PKT_TOO_SMALL);
                    return;
                }
                Ipv6.decode(d, p, off, end);
            }
            case MPLS_UCAST, MPLS_MCAST -> Mpls.decode(d, p, off, end);
            case VJ_UCOMP -> {
                // Van Jacobson uncompressed TCP: an IPv4 header whose protocol byte holds a slot id
                if (len < Ipv4.MIN_HEADER) d.event(DecoderEvent.PPP_VJU_PKT_TOO_SMALL);
                else d.event(DecoderEvent.PPP_UNSUP_PROTO);
            }
            default -> d.event(isKnown(proto) ? DecoderEvent.PPP_UNSUP_PROTO : DecoderEvent.PPP_WRONG_TYPE);
        }
    }

    /** Assigned PPP protocols that are valid but not decoded. */
    private static boolean isKnown(int proto) {
        return switch (proto) {
            // network layer: VJ compressed, IPX, OSI, Xerox NS, DECnet, AppleTalk, bridging, ST-II, Vines,
            // multilink, compressed and encrypted datagrams, Hello, Luxcom, Sigma
            case VJ_COMP, 0x002b, 0x0023, 0x0025, 0x0027, 0x0029, 0x0031, 0x0033, 0x0035, 0x003d, 0x00fd, 0x00fb,
                 0x0053, 0x0201, 0x0231, 0x4001,
                 // network control protocols
                 0x8021, 0x8023, 0x8025, 0x8027, 0x8029, 0x802b, 0x8031, 0x8033, 0x8035, 0x803d, 0x8053, 0x8057,
                 0x80fd, 0x80fb, 0x8281,
                 // link control: LCP, PAP, LQR, CHAP, CBCP, EAP
                 0xc021, 0xc023, 0xc025, 0xc223, 0xc029, 0xc227 -> true;
            default -> false;
        };
    }
}
