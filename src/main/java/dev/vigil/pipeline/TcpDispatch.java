package dev.vigil.pipeline;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.flow.FlowHash;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The dispatch step of a multi-worker run for the commonest frame: Ethernet, no VLAN tag, IPv4 (not
 * a fragment) or IPv6 (no extension header), carrying a well-formed TCP header. For such a frame the
 * decoder yields exactly one packet with a flow key and no tunnel, so its flow hash, and with it the
 * worker that owns the flow, can be read from a few header fields before decoding: the other workers
 * skip the frame without decoding it, and the owner decodes it, counts it and tracks its flow.
 * Anything else (VLAN, tunnels, fragments, UDP, malformed headers, other link types) is
 * {@link #NONE}: every worker decodes it and keeps its own share, as before.
 *
 * <p>The checks mirror the decoders' ({@code Ethernet}, {@code Ipv4}, {@code Ipv6}, {@code Tcp}):
 * a frame given a hash here must decode to that one leaf. {@link Worker} verifies it on every frame
 * it owns and counts any disagreement in {@link Stats#dispatchMismatches}, which tests keep at zero.
 */
final class TcpDispatch {
    private TcpDispatch() {}

    /** No hash: the frame takes the general path. */
    static final long NONE = Long.MIN_VALUE;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The flow hash ({@link FlowHash}) of the frame's one TCP packet, or {@link #NONE}. */
    static long flowHash(Frame f) {
        if (f.linkType != LinkType.ETHERNET || f.capLen < 14 + 20 + 20) return NONE;
        MemorySegment s = f.data;
        long off = f.offset + 14, end = f.offset + f.capLen;
        int etherType = s.get(U16, off - 2) & 0xFFFF;
        long ipEnd, l4;
        long srcHi, srcLo, dstHi, dstLo;
        if (etherType == 0x0800) {
            int vhl = s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
            int hlen = (vhl & 0x0F) * 4;
            if ((vhl >>> 4) != 4 || hlen < 20 || end - off < hlen) return NONE;
            int totalLen = s.get(U16, off + 2) & 0xFFFF;
            if (totalLen < hlen) return NONE;
            if ((s.get(U16, off + 6) & 0x3FFF) != 0) return NONE; // more-fragments flag or an offset: fragment
            if ((s.get(ValueLayout.JAVA_BYTE, off + 9) & 0xFF) != 6) return NONE;
            ipEnd = Math.min(off + totalLen, end);
            l4 = off + hlen;
            srcHi = 0;
            dstHi = 0;
            srcLo = s.get(U32, off + 12) & 0xFFFF_FFFFL;
            dstLo = s.get(U32, off + 16) & 0xFFFF_FFFFL;
        } else if (etherType == 0x86DD) {
            if (end - off < 40 + 20) return NONE;
            if (((s.get(ValueLayout.JAVA_BYTE, off) & 0xFF) >>> 4) != 6) return NONE;
            if ((s.get(ValueLayout.JAVA_BYTE, off + 6) & 0xFF) != 6) return NONE; // next header straight TCP
            int payloadLen = s.get(U16, off + 4) & 0xFFFF;
            ipEnd = payloadLen == 0 ? end : Math.min(off + 40 + payloadLen, end);
            l4 = off + 40;
            srcHi = s.get(U64, off + 8);
            srcLo = s.get(U64, off + 16);
            dstHi = s.get(U64, off + 24);
            dstLo = s.get(U64, off + 32);
        } else {
            return NONE;
        }
        long avail = ipEnd - l4;
        if (avail < 20) return NONE;
        int tcpHlen = ((s.get(ValueLayout.JAVA_BYTE, l4 + 12) & 0xFF) >>> 4) * 4;
        if (tcpHlen < 20 || tcpHlen > avail) return NONE;
        int sp = s.get(U16, l4) & 0xFFFF, dp = s.get(U16, l4 + 2) & 0xFFFF;
        return FlowHash.of(srcHi, srcLo, dstHi, dstLo, sp, dp, 6, 0);
    }
}
