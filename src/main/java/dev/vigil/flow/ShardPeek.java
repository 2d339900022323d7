package dev.vigil.flow;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.decode.IpProto;
import dev.vigil.decode.Packet;
import dev.vigil.decode.UdpTunnels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Computes the flow hash ({@link FlowHash}) of the common frame shape (Ethernet, up to three VLAN tags, IPv4 or IPv6
 * without extension headers, unfragmented TCP or non-tunnel UDP) straight from the bytes, without a
 * full decode (IPv4 without options). Workers use it to skip frames that belong to another worker for a fraction of the cost
 * of decoding them. It answers only when the full decoder would produce exactly one packet, with this
 * hash; for anything else it declines and the caller decodes. The key stays in registers: the hash is
 * computed from the values as they are read, since this runs once for every frame of the input.
 */
public final class ShardPeek {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ShardPeek() {}

    /** What {@link #hash} returns when it declines: no hash is negative. */
    public static final long DECLINED = -1;

    /** The frame's flow hash as an unsigned 32-bit value, or {@link #DECLINED}. */
    public static long hash(Frame f) {
        long both = peek(f);
        return both == DECLINED ? DECLINED : both & 0xFFFF_FFFFL;
    }

    /** The shard hash ({@link FlowHash#shard}) of a {@link #peek} answer. */
    public static int shardOf(long peek) { return (int) (peek >>> 32); }

    /** The flow hash of a {@link #peek} answer. */
    public static int flowOf(long peek) { return (int) peek; }

    /**
     * The frame's shard hash (high 32 bits) and flow hash (low 32 bits), or {@link #DECLINED}. A real
     * pair that happens to read as DECLINED is only decoded in full, which is always correct.
     */
    public static long peek(Frame f) {
        if (f.linkType != LinkType.ETHERNET) return DECLINED;
        MemorySegment s = f.data;
        long off = f.offset;
        long end = off + f.capLen;
        if (end - off < 14) return DECLINED;
        int type = s.get(U16, off + 12) & 0xFFFF;
        off += 14;
        int vlans = 0;
        long vlanIds = 0; // 16 bits each, outermost lowest
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
            if (vlans == Packet.MAX_VLANS || end - off < 4) return DECLINED;
            vlanIds |= (long) (s.get(U16, off) & 0x0FFF) << (16 * vlans++);
            type = s.get(U16, off + 2) & 0xFFFF;
            off += 4;
        }
        long l4;
        long ipEnd;
        int proto;
        long srcHi, srcLo, dstHi, dstLo;
        if (type == 0x0800) {
            if (end - off < 20) return DECLINED;
            int vhl = s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
            int hlen = (vhl & 0x0F) << 2;
            // options are validated by the decoder and can make it drop the key: leave them to it
            if ((vhl >>> 4) != 4 || hlen != 20 || end - off < hlen) return DECLINED;
            int total = s.get(U16, off + 2) & 0xFFFF;
            if (total < hlen) return DECLINED;
            if ((s.get(U16, off + 6) & 0x3FFF) != 0) return DECLINED; // fragment: reassembly decides
            proto = s.get(ValueLayout.JAVA_BYTE, off + 9) & 0xFF;
            srcHi = 0;
            dstHi = 0;
            srcLo = s.get(U32, off + 12) & 0xFFFF_FFFFL;
            dstLo = s.get(U32, off + 16) & 0xFFFF_FFFFL;
            ipEnd = Math.min(off + total, end);
            l4 = off + hlen;
        } else if (type == 0x86DD) {
            if (end - off < 40) return DECLINED;
            if (((s.get(ValueLayout.JAVA_BYTE, off) & 0xFF) >>> 4) != 6) return DECLINED;
            int payload = s.get(U16, off + 4) & 0xFFFF;
            if (payload == 0) return DECLINED;
            proto = s.get(ValueLayout.JAVA_BYTE, off + 6) & 0xFF;
            srcHi = s.get(U64, off + 8);
            srcLo = s.get(U64, off + 16);
            dstHi = s.get(U64, off + 24);
            dstLo = s.get(U64, off + 32);
            ipEnd = Math.min(off + 40 + payload, end);
            l4 = off + 40;
        } else {
            return DECLINED;
        }
        long avail = ipEnd - l4;
        if (proto == IpProto.TCP) {
            if (avail < 20) return DECLINED;
            int hlen = ((s.get(ValueLayout.JAVA_BYTE, l4 + 12) & 0xFF) >>> 4) << 2;
            if (hlen < 20 || hlen > avail) return DECLINED;
        } else if (proto == IpProto.UDP) {
            if (avail < 8 || (s.get(U16, l4 + 4) & 0xFFFF) < 8) return DECLINED;
        } else {
            return DECLINED;
        }
        int sp = s.get(U16, l4) & 0xFFFF;
        int dp = s.get(U16, l4 + 2) & 0xFFFF;
        if (proto == IpProto.UDP && (UdpTunnels.isTunnelPort(sp) || UdpTunnels.isTunnelPort(dp))) return DECLINED;
        long h = FlowHash.mix(srcHi, srcLo, sp, dstHi, dstLo, dp, proto, 0);
        for (int i = 0; i < vlans; i++) h = h * 31 + ((vlanIds >>> (16 * i)) & 0x0FFF);
        long flow = FlowHash.finish(h) & 0xFFFF_FFFFL;
        long shard = flow;
        if (FlowHash.pairSharded(proto, sp, dp)) {
            long ph = FlowHash.mix(srcHi, srcLo, 0, dstHi, dstLo, 0, proto, 0);
            for (int i = 0; i < vlans; i++) ph = ph * 31 + ((vlanIds >>> (16 * i)) & 0x0FFF);
            shard = FlowHash.finish(ph) & 0xFFFF_FFFFL;
        }
        return (shard << 32) | flow;
    }
}
