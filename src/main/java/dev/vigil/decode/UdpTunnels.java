package dev.vigil.decode;

import dev.vigil.capture.LinkType;

/**
 * Tunnels carried in UDP, recognised by port and then by a header that must be consistent, as
 * Suricata does (a payload that fails the checks is left to the application layer):
 *
 * <ul>
 *   <li>Teredo (RFC 4380, port 3544 either side): optional authentication and origin-indication
 *       headers, then an IPv6 packet whose payload length accounts for exactly the rest of the datagram
 *       (a bubble with trailing bytes is not Teredo). Unlike Suricata, the router solicitations and
 *       advertisements of the qualification exchange (behind an authentication header) are decoded:
 *       they are IPv6 packets like any other.
 *   <li>Geneve (RFC 8926, port 6081 either side): version 0, reserved bits clear, options that add up
 *       to the header's option length; carries Ethernet, IPv4 or IPv6.
 *   <li>VXLAN (RFC 7348, port 4789 either side): I flag set, reserved byte clear, inner Ethernet. An
 *       inner IPv4/IPv6 frame becomes a tunnel packet starting at its IP header (as in Suricata); any
 *       other inner frame (VLAN-tagged, ...) starts at its Ethernet header.
 *   <li>GRE-in-UDP (RFC 8086, destination port 4754) and MPLS-in-UDP (RFC 7510, destination port
 *       6635), which Suricata does not decode: the GRE header or label stack follows the UDP header.
 *   <li>GTP-U version 1 (3GPP TS 29.281, port 2152 either side), which Zeek decodes and Suricata does
 *       not: version 1, protocol type GTP, a known message type and a length that accounts for exactly
 *       the rest of the datagram; a G-PDU's optional fields and extension-header chain must fit inside
 *       it. Only a G-PDU carries a packet (IPv4 or IPv6, told by its version nibble); the signalling
 *       messages (echo, error indication, end marker, ...) are counted and end there. GTP-C (port
 *       2123) is signalling, not a tunnel.
 *   <li>AYIYA (draft-massar-v6ops-ayiya, port 5072 either side), which Zeek decodes: an 8-byte header
 *       with the identity and signature lengths, then the identity and the signature; only a
 *       "forward" message carries a packet, whose IP version must be the header's next-header
 *       protocol (4 or 41) and whose length must account for exactly the rest of the datagram.
 * </ul>
 */
public final class UdpTunnels {
    private UdpTunnels() {}

    static final int TEREDO_PORT = 3544;
    static final int GENEVE_PORT = 6081;
    static final int VXLAN_PORT = 4789;
    static final int GRE_IN_UDP_PORT = 4754;
    static final int MPLS_IN_UDP_PORT = 6635;
    static final int GTP_U_PORT = 2152;
    static final int AYIYA_PORT = 5072;

    /** Ports whose UDP payload may be a tunnel; the flow shard peek declines them so the full decoder decides. */
    public static boolean isTunnelPort(int port) {
        return port == TEREDO_PORT || port == GENEVE_PORT || port == VXLAN_PORT
                || port == GRE_IN_UDP_PORT || port == MPLS_IN_UDP_PORT || port == GTP_U_PORT || port == AYIYA_PORT;
    }

    static void decode(Decoder d, Packet p, long off, long end) {
        int sp = p.srcPort, dp = p.dstPort;
        if ((sp == TEREDO_PORT || dp == TEREDO_PORT) && teredo(d, p, off, end)) return;
        if ((sp == GENEVE_PORT || dp == GENEVE_PORT) && geneve(d, p, off, end)) return;
        if ((sp == VXLAN_PORT || dp == VXLAN_PORT) && vxlan(d, p, off, end)) return;
        if ((sp == GTP_U_PORT || dp == GTP_U_PORT) && gtpU(d, p, off, end)) return;
        if ((sp == AYIYA_PORT || dp == AYIYA_PORT) && ayiya(d, p, off, end)) return;
        if (dp == GRE_IN_UDP_PORT) greInUdp(d, p, off, end);
        else if (dp == MPLS_IN_UDP_PORT) mplsInUdp(d, p, off, end);
    }

    /** GRE-in-UDP (RFC 8086): a GRE header right after UDP; only a well-formed version 0 header is taken. */
    static void greInUdp(Decoder d, Packet p, long off, long end) {
        if (end - off < Gre.HEADER_LEN || p.u8(off + 1) != 0 || (p.u8(off) & 0x0F) != 0) return;
        Gre.decode(d, p, off, end);
    }

    /** MPLS-in-UDP (RFC 7510): a label stack right after UDP. */
    static void mplsInUdp(Decoder d, Packet p, long off, long end) {
        if (end - off < Mpls.ENTRY_LEN + Ipv4.MIN_HEADER) return;
        d.decodeInner(p, null, off, end, Decoder.INNER_MPLS);
    }

    static boolean teredo(Decoder d, Packet p, long off, long end) {
        long start = off;
        if (end - start < Ipv6.HEADER_LEN) return false;
        // RFC 4380 5.1.1: an optional authentication header, then an optional origin indication
        if (p.u8(start) == 0 && p.u8(start + 1) == 1) {
            // 0x0001, client id length, authentication length, id, auth value, nonce (8), confirmation (1)
            start += 4 + p.u8(start + 2) + p.u8(start + 3) + 9;
            if (end - start < Ipv6.HEADER_LEN) return false;
        }
        if (p.u8(start) == 0) {
            if (p.u8(start + 1) != 0) return false;
            start += 8; // origin indication: 0x0000, obfuscated port and address
            if (end - start < Ipv6.HEADER_LEN) return false;
        }
        if ((p.u8(start) >>> 4) != 6) return false;
        if (end - start != Ipv6.HEADER_LEN + p.u16(start + 4)) return false;
        d.decodeInner(p, Layer.TEREDO, start, end, LinkType.IPV6);
        return true;
    }

    static boolean geneve(Decoder d, Packet p, long off, long end) {
        long avail = end - off;
        if (avail < 8) return false;
        int verOptLen = p.u8(off);
        int hdrLen = 8 + (verOptLen & 0x3F) * 4;
        if (avail < hdrLen) return false;
        if ((verOptLen >>> 6) != 0) return false;                  // version 0 only
        if ((p.u8(off + 1) & 0x3F) != 0 || p.u8(off + 7) != 0) return false; // reserved bits
        // the options must tile the option area exactly
        long opt = off + 8, optEnd = off + hdrLen;
        while (opt < optEnd) {
            if (optEnd - opt < 4) return false;
            opt += 4 + (p.u8(opt + 3) & 0x1F) * 4L;
        }
        if (opt != optEnd) return false;
        d.count(Layer.GENEVE);
        int type = p.u16(off + 2);
        long inner = off + hdrLen;
        switch (type) {
            case EtherType.IPV4 -> d.decodeInner(p, null, inner, end, LinkType.IPV4);
            case EtherType.IPV6 -> d.decodeInner(p, null, inner, end, LinkType.IPV6);
            case EtherType.TEB -> d.decodeInner(p, null, inner, end, LinkType.ETHERNET);
            case EtherType.ARP -> d.count(Layer.ARP);
            default -> d.event(DecoderEvent.GENEVE_UNKNOWN_PAYLOAD_TYPE);
        }
        return true;
    }

    static boolean vxlan(Decoder d, Packet p, long off, long end) {
        if (end - off < 8 + Ethernet.HEADER_LEN) return false;
        if ((p.u8(off) & 0x08) == 0 || p.u8(off + 7) != 0) return false;
        d.count(Layer.VXLAN);
        long eth = off + 8;
        int type = p.u16(eth + 12);
        switch (type) {
            case EtherType.IPV4 -> d.decodeInner(p, null, eth + Ethernet.HEADER_LEN, end, LinkType.IPV4);
            case EtherType.IPV6 -> d.decodeInner(p, null, eth + Ethernet.HEADER_LEN, end, LinkType.IPV6);
            case EtherType.ARP -> d.count(Layer.ARP);
            default -> {
                if (type >= 0x0600) d.decodeInner(p, null, eth, end, LinkType.ETHERNET);
                else d.event(DecoderEvent.VXLAN_UNKNOWN_PAYLOAD_TYPE);
            }
        }
        return true;
    }

    static final int GTP_HEADER_LEN = 8;
    static final int GTP_G_PDU = 255;

    /** GTP-U signalling message types of TS 29.281 (7.1): valid GTP-U that carries no packet. */
    private static boolean gtpSignalling(int type) {
        return type == 1 || type == 2 || type == 26 || type == 31 || type == 253 || type == 254;
    }

    /**
     * GTP-U v1. {@code end} is where the captured UDP payload ends; the length check uses the UDP
     * header's length so that a capture cut short by its snap length is still recognised.
     */
    static boolean gtpU(Decoder d, Packet p, long off, long end) {
        if (end - off < GTP_HEADER_LEN) return false;
        int flags = p.u8(off);
        if ((flags >>> 5) != 1 || (flags & 0x10) == 0) return false; // version 1, protocol type GTP (not GTP')
        int type = p.u8(off + 1);
        if (type != GTP_G_PDU && !gtpSignalling(type)) return false;
        if (off + GTP_HEADER_LEN + p.u16(off + 2) != udpDeclaredEnd(p)) return false;
        d.count(Layer.GTP);
        if (type != GTP_G_PDU) return true;
        long inner = off + GTP_HEADER_LEN;
        if ((flags & 0x07) != 0) { // E, S or PN: sequence number, N-PDU number, next extension type
            if (end - inner < 4) {
                d.event(DecoderEvent.GTP_MALFORMED_EXTENSION_HEADER);
                return true;
            }
            int next = (flags & 0x04) != 0 ? p.u8(inner + 3) : 0;
            inner += 4;
            // each extension header: a length in 4-byte units (never 0), contents, the next type last
            while (next != 0) {
                if (end - inner < 1 || p.u8(inner) == 0 || end - inner < p.u8(inner) * 4L) {
                    d.event(DecoderEvent.GTP_MALFORMED_EXTENSION_HEADER);
                    return true;
                }
                long len = p.u8(inner) * 4L;
                next = p.u8(inner + len - 1);
                inner += len;
            }
        }
        if (inner >= end) return true; // an empty G-PDU
        switch (p.u8(inner) >>> 4) {
            case 4 -> d.decodeInner(p, null, inner, end, LinkType.IPV4);
            case 6 -> d.decodeInner(p, null, inner, end, LinkType.IPV6);
            default -> d.event(DecoderEvent.GTP_UNKNOWN_PAYLOAD_TYPE);
        }
        return true;
    }

    static final int AYIYA_HEADER_LEN = 8;
    static final int AYIYA_OP_FORWARD = 1;
    static final int AYIYA_NEXT_NONE = 59;

    static boolean ayiya(Decoder d, Packet p, long off, long end) {
        if (end - off < AYIYA_HEADER_LEN) return false;
        int idLen = p.u8(off) >>> 4, idType = p.u8(off) & 0x0F;
        int sigLen = p.u8(off + 1) >>> 4, hashMethod = p.u8(off + 1) & 0x0F;
        int authMethod = p.u8(off + 2) >>> 4, opcode = p.u8(off + 2) & 0x0F;
        int next = p.u8(off + 3);
        // identity types none/IPv6/IPv4, hash methods none/MD5/SHA-1, authentication none/secret/key, opcodes 0-7
        if (idType > 2 || hashMethod > 2 || authMethod > 2 || opcode > 7 || idLen > 8) return false;
        long inner = off + AYIYA_HEADER_LEN + (idLen == 0 ? 0 : 1L << idLen) + sigLen * 4L;
        long declaredEnd = udpDeclaredEnd(p);
        if (inner > declaredEnd) return false;
        if (opcode != AYIYA_OP_FORWARD || inner == declaredEnd) {
            // a heartbeat, echo, MOTD or query, or a forward of nothing: AYIYA without an inner packet
            if (opcode == AYIYA_OP_FORWARD && next != AYIYA_NEXT_NONE) return false;
            d.count(Layer.AYIYA);
            return true;
        }
        if (next != IpProto.IPV6 && next != IpProto.IPIP) {
            d.count(Layer.AYIYA);
            d.event(DecoderEvent.AYIYA_UNKNOWN_PAYLOAD_TYPE);
            return true;
        }
        // the forwarded packet must be exactly one IP packet of the announced version
        long rest = declaredEnd - inner;
        if (end - inner < 4) return false;
        int version = p.u8(inner) >>> 4;
        if (next == IpProto.IPV6 && version == 6 && end - inner >= Ipv6.HEADER_LEN && rest == Ipv6.HEADER_LEN + p.u16(inner + 4)) {
            d.decodeInner(p, Layer.AYIYA, inner, end, LinkType.IPV6);
            return true;
        }
        if (next == IpProto.IPIP && version == 4 && rest == p.u16(inner + 2)) {
            d.decodeInner(p, Layer.AYIYA, inner, end, LinkType.IPV4);
            return true;
        }
        return false;
    }

    /** Where the UDP payload ends by the UDP header's length, captured or not (a snap length may cut the frame). */
    private static long udpDeclaredEnd(Packet p) {
        return p.l4Off + p.u16(p.l4Off + 4);
    }
}
