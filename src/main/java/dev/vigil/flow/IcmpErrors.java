package dev.vigil.flow;

import dev.vigil.decode.Packet;

/**
 * ICMPv4 error messages as Suricata's flow engine treats them. An error (destination unreachable,
 * source quench, redirect, time exceeded, parameter problem) never creates a flow. A destination
 * unreachable that quotes an IPv4 header followed by a whole TCP header (20 bytes) or a UDP header
 * (8 bytes) belongs to the TCP/UDP flow it quotes, if that flow exists: it is hashed and looked up by
 * the quoted tuple and counted in that flow (Suricata's ICMPV4_DEST_UNREACH_IS_VALID). As in
 * Suricata, the quoted transport header is read 20 bytes after the quoted IP header, whatever its
 * header length field says.
 */
final class IcmpErrors {
    private IcmpErrors() {}

    static final int DEST_UNREACH = 3;
    private static final int IPV4_HEADER = 20, TCP_HEADER = 20, UDP_HEADER = 8;
    /** Highest destination-unreachable code Suricata decodes (NR_ICMP_UNREACH). */
    private static final int MAX_UNREACH_CODE = 15;

    static boolean isError(int icmpv4Type) {
        return icmpv4Type == 3 || icmpv4Type == 4 || icmpv4Type == 5 || icmpv4Type == 11 || icmpv4Type == 12;
    }

    /** The flow key an ICMPv4 destination unreachable quotes. */
    static final class Quoted {
        long src, dst;
        int sp, dp, proto;
    }

    /** Fills {@code q} and returns true when {@code p} is a destination unreachable quoting TCP or UDP. */
    static boolean quoted(Packet p, Quoted q) {
        if (p.proto != 1 || p.ipVersion != 4 || p.icmpType != DEST_UNREACH || p.icmpCode > MAX_UNREACH_CODE) return false;
        long off = p.payloadOff;
        int len = p.payloadLen;
        if (off < 0 || len < IPV4_HEADER) return false;
        if ((p.u8(off) >>> 4) != 4) return false;
        int proto = p.u8(off + 9);
        if (proto == 6 ? len < IPV4_HEADER + TCP_HEADER : proto != 17 || len < IPV4_HEADER + UDP_HEADER) return false;
        q.src = p.u32(off + 12);
        q.dst = p.u32(off + 16);
        q.sp = p.u16(off + IPV4_HEADER);
        q.dp = p.u16(off + IPV4_HEADER + 2);
        q.proto = proto;
        return true;
    }

    /** Suricata's ICMPv4 counterpart type (the reply to a request and back), or -1. */
    static int counterpart4(int type) {
        return switch (type) {
            case 8 -> 0; case 0 -> 8; case 13 -> 14; case 14 -> 13; case 15 -> 16; case 16 -> 15; case 17 -> 18; case 18 -> 17;
            default -> -1;
        };
    }

    /** Suricata's ICMPv6 counterpart type, or -1. */
    static int counterpart6(int type) {
        return switch (type) {
            case 128 -> 129; case 129 -> 128; case 135 -> 136; case 136 -> 135; case 133 -> 134; case 134 -> 133;
            case 130 -> 131; case 131 -> 130; case 139 -> 140; case 140 -> 139; case 144 -> 145; case 145 -> 144;
            case 146 -> 147; case 147 -> 146; case 151 -> 152; case 152 -> 151; case 157 -> 158; case 158 -> 157;
            default -> -1;
        };
    }
}
