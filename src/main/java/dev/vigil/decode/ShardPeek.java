package dev.vigil.decode;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads the flow key of the common frame shape (Ethernet, up to three VLAN tags, IPv4 or IPv6
 * without extension headers, unfragmented TCP or non-tunnel UDP) straight from the bytes, without a
 * full decode (IPv4 without options). Workers use it to skip frames that belong to another worker for a fraction of the cost
 * of decoding them. It answers only when the full decoder would produce exactly one packet with the
 * same key; for anything else it declines and the caller decodes.
 */
public final class ShardPeek {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ShardPeek() {}

    /** Fills the key fields of {@code key} (addresses, ports, proto, VLANs, level 0); false when it declines. */
    public static boolean peek(Frame f, Packet key) {
        if (f.linkType != LinkType.ETHERNET) return false;
        MemorySegment s = f.data;
        long off = f.offset;
        long end = off + f.capLen;
        if (end - off < 14) return false;
        int type = s.get(U16, off + 12) & 0xFFFF;
        off += 14;
        int vlans = 0;
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
            if (vlans == Packet.MAX_VLANS || end - off < 4) return false;
            key.vlan[vlans++] = s.get(U16, off) & 0x0FFF;
            type = s.get(U16, off + 2) & 0xFFFF;
            off += 4;
        }
        long l4;
        long ipEnd;
        int proto;
        if (type == 0x0800) {
            if (end - off < 20) return false;
            int vhl = s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
            int hlen = (vhl & 0x0F) << 2;
            // options are validated by the decoder and can make it drop the key: leave them to it
            if ((vhl >>> 4) != 4 || hlen != 20 || end - off < hlen) return false;
            int total = s.get(U16, off + 2) & 0xFFFF;
            if (total < hlen) return false;
            if ((s.get(U16, off + 6) & 0x3FFF) != 0) return false; // fragment: reassembly decides
            proto = s.get(ValueLayout.JAVA_BYTE, off + 9) & 0xFF;
            key.ipVersion = 4;
            key.srcHi = 0;
            key.dstHi = 0;
            key.srcLo = s.get(U32, off + 12) & 0xFFFF_FFFFL;
            key.dstLo = s.get(U32, off + 16) & 0xFFFF_FFFFL;
            ipEnd = Math.min(off + total, end);
            l4 = off + hlen;
        } else if (type == 0x86DD) {
            if (end - off < 40) return false;
            if (((s.get(ValueLayout.JAVA_BYTE, off) & 0xFF) >>> 4) != 6) return false;
            int payload = s.get(U16, off + 4) & 0xFFFF;
            if (payload == 0) return false;
            proto = s.get(ValueLayout.JAVA_BYTE, off + 6) & 0xFF;
            key.ipVersion = 6;
            key.srcHi = s.get(U64, off + 8);
            key.srcLo = s.get(U64, off + 16);
            key.dstHi = s.get(U64, off + 24);
            key.dstLo = s.get(U64, off + 32);
            ipEnd = Math.min(off + 40 + payload, end);
            l4 = off + 40;
        } else {
            return false;
        }
        long avail = ipEnd - l4;
        if (proto == IpProto.TCP) {
            if (avail < 20) return false;
            int hlen = ((s.get(ValueLayout.JAVA_BYTE, l4 + 12) & 0xFF) >>> 4) << 2;
            if (hlen < 20 || hlen > avail) return false;
        } else if (proto == IpProto.UDP) {
            if (avail < 8 || (s.get(U16, l4 + 4) & 0xFFFF) < 8) return false;
        } else {
            return false;
        }
        int sp = s.get(U16, l4) & 0xFFFF;
        int dp = s.get(U16, l4 + 2) & 0xFFFF;
        if (proto == IpProto.UDP && (UdpTunnels.isTunnelPort(sp) || UdpTunnels.isTunnelPort(dp))) return false;
        key.proto = proto;
        key.srcPort = sp;
        key.dstPort = dp;
        key.level = 0;
        key.vlanCount = vlans;
        return true;
    }
}
