package dev.vigil.decode;

import dev.vigil.capture.LinkType;

/**
 * Tunnels carried in UDP, recognised by port and then by a header that must be consistent, as
 * Suricata does (a payload that fails the checks is left to the application layer):
 *
 * <ul>
 *   <li>Teredo (RFC 4380, port 3544 either side): optional origin-indication headers, then an IPv6
 *       packet whose payload length accounts for exactly the rest of the datagram. Authentication
 *       headers belong to qualification exchanges, not tunnelled traffic.
 *   <li>Geneve (RFC 8926, port 6081 either side): version 0, reserved bits clear, options that add up
 *       to the header's option length; carries Ethernet, IPv4 or IPv6.
 *   <li>VXLAN (RFC 7348, port 4789 either side): I flag set, reserved byte clear, inner Ethernet. An
 *       inner IPv4/IPv6 frame becomes a tunnel packet starting at its IP header (as in Suricata); any
 *       other inner frame (VLAN-tagged, ...) starts at its Ethernet header.
 * </ul>
 */
final class UdpTunnels {
    private UdpTunnels() {}

    static final int TEREDO_PORT = 3544;
    static final int GENEVE_PORT = 6081;
    static final int VXLAN_PORT = 4789;

    /** Ports whose UDP payload may be a tunnel; {@link ShardPeek} declines them so the full decoder decides. */
    static boolean isTunnelPort(int port) {
        return port == TEREDO_PORT || port == GENEVE_PORT || port == VXLAN_PORT;
    }

    static void decode(Decoder d, Packet p, long off, long end) {
        int sp = p.srcPort, dp = p.dstPort;
        if ((sp == TEREDO_PORT || dp == TEREDO_PORT) && teredo(d, p, off, end)) return;
        if ((sp == GENEVE_PORT || dp == GENEVE_PORT) && geneve(d, p, off, end)) return;
        if (sp == VXLAN_PORT || dp == VXLAN_PORT) vxlan(d, p, off, end);
    }

    static boolean teredo(Decoder d, Packet p, long off, long end) {
        long start = off;
        if (end - start < Ipv6.HEADER_LEN) return false;
        // origin indication: 0x0000 + port + address, 8 bytes; it may only precede the IPv6 packet
        while (p.u8(start) == 0) {
            if (end - start < 2 || p.u8(start + 1) != 0) return false; // 0x0001 is authentication: not a tunnel packet
            start += 8;
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
}
