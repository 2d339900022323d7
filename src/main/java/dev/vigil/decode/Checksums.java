package dev.vigil.decode;

import java.lang.foreign.MemorySegment;

/**
 * Internet checksum (RFC 1071) validation for the IPv4 header and for TCP, UDP, ICMPv4 and ICMPv6,
 * over IPv4 and IPv6 (with the pseudo-header where the protocol has one). It runs on every packet by
 * default, so the sum reads the buffer 8 bytes at a time: the one's complement sum of 16-bit words
 * equals the folded sum of wider big-endian words, so only the last few bytes are read singly.
 *
 * <p>A transport checksum cannot be verified when the capture's snaplen cut the frame (the bytes it
 * covers are not all there); such packets count as correct. UDP over IPv4 with checksum 0 has none.
 * Over IPv6 the pseudo-header uses the Home Address option's address as source and a routing
 * header's final destination as destination, when the packet has them (RFC 8200 8.1).
 */
public final class Checksums {
    private Checksums() {}

    /** True when the IPv4 header checksum of {@code p} is right (or {@code p} is not IPv4). */
    public static boolean ipv4HeaderOk(Packet p) {
        if (p.ipVersion != 4 || p.ipHeaderLen < 20) return true;
        return fold(sum(p.seg, p.l3Off, p.ipHeaderLen)) == 0xFFFF;
    }

    /** True when the transport checksum of {@code p} is right, absent (UDP 0 over IPv4), or not checkable. */
    public static boolean transportOk(Packet p) {
        if (p.l4Off < 0 || p.ipVersion == 0) return true;
        if (!p.reassembled && p.frame != null && p.frame.capLen < p.frame.wireLen) return true;
        int proto = p.proto;
        int len;
        switch (proto) {
            case IpProto.TCP -> {
                if (p.tcpHeaderLen == 0) return true;
                len = p.l4Len;
            }
            case IpProto.UDP -> {
                if (p.l4Len < Udp.HEADER_LEN) return true;
                if (p.u16(p.l4Off + 6) == 0) return p.ipVersion == 4; // no checksum: allowed over IPv4 only
                len = p.u16(p.l4Off + 4);
                if (len > p.l4Len) return false; // the datagram claims bytes that are not there
            }
            case IpProto.ICMP -> {
                if (p.ipVersion != 4 || p.icmpType < 0) return true;
                return fold(sum(p.seg, p.l4Off, p.l4Len)) == 0xFFFF;
            }
            case IpProto.ICMPV6 -> {
                if (p.ipVersion != 6 || p.icmpType < 0) return true;
                len = p.l4Len;
            }
            default -> {
                return true;
            }
        }
        long s = pseudoHeader(p, proto, len) + sum(p.seg, p.l4Off, len);
        return fold(s) == 0xFFFF;
    }

    /** Sum of the pseudo-header words: addresses, protocol and upper-layer length. */
    static long pseudoHeader(Packet p, int proto, int len) {
        MemorySegment seg = p.seg;
        long s = proto + (long) len;
        if (p.ipVersion == 4) {
            long addrs = seg.get(Packet.U64, p.l3Off + 12);
            return s + (addrs >>> 32) + (addrs & 0xFFFF_FFFFL);
        }
        long src = p.csumSrcOff >= 0 ? p.csumSrcOff : p.l3Off + 8;
        long dst = p.csumDstOff >= 0 ? p.csumDstOff : p.l3Off + 24;
        return s + sum(seg, src, 16) + sum(seg, dst, 16);
    }

    /**
     * One's complement sum, not yet folded, of {@code len} bytes at {@code off} taken as big-endian
     * 16-bit words (an odd last byte is padded with zero). The result stays below 2^47 for any length
     * an IP packet can have, so it never overflows.
     */
    static long sum(MemorySegment seg, long off, int len) {
        long s = 0, t = 0;
        long end = off + len;
        long last16 = end - 16;
        while (off <= last16) { // two independent sums keep two adders busy
            long w = seg.get(Packet.U64, off);
            long v = seg.get(Packet.U64, off + 8);
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
            t += (v >>> 32) + (v & 0xFFFF_FFFFL);
            off += 16;
        }
        s += t;
        if (end - off >= 8) {
            long w = seg.get(Packet.U64, off);
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
            off += 8;
        }
        if (end - off >= 4) {
            s += seg.get(Packet.U32, off) & 0xFFFF_FFFFL;
            off += 4;
        }
        if (end - off >= 2) {
            s += seg.get(Packet.U16, off) & 0xFFFF;
            off += 2;
        }
        if (off < end) s += (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off) & 0xFF) << 8;
        return s;
    }

    /** Folds a wide one's complement sum to 16 bits. */
    static int fold(long s) {
        s = (s & 0xFFFF_FFFFL) + (s >>> 32);
        s = (s & 0xFFFF_FFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /** The checksum field value that makes {@code len} bytes at {@code off} (checksum field zeroed) sum right. */
    static int compute(MemorySegment seg, long off, int len, long extra) {
        return ~fold(sum(seg, off, len) + extra) & 0xFFFF;
    }
}
