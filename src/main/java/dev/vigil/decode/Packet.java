package dev.vigil.decode;

import dev.vigil.capture.Frame;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight view of one decoded packet: offsets into the capture buffer plus the header fields the
 * engine needs, parsed once. A frame yields one packet, or several when it carries tunnels or
 * completes an IP reassembly; the decoder reuses these objects for every frame.
 *
 * <p>All offsets are absolute within {@link #seg}. IPv4 addresses are kept in {@code srcLo}/{@code
 * dstLo} (hi = 0); IPv6 addresses use both halves, big-endian.
 */
public final class Packet {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static final int MAX_VLANS = 3;

    public Frame frame;
    /** Buffer the offsets refer to: the capture buffer, or a reassembly buffer for defragmented datagrams. */
    public MemorySegment seg;
    /** Offset of this packet's first byte (outer link header, or the inner header of a tunnel). */
    public long start;
    /** End (exclusive) of the captured bytes of this packet. */
    public long end;
    /** Length this packet counts for in flow accounting (wire length from {@link #start} on). */
    public int flowLen;
    /** Tunnel depth: 0 for the outermost packet, +1 for each encapsulation. */
    public int level;
    /** True when this packet came out of IP reassembly. */
    public boolean reassembled;
    /**
     * The packet this one was carried in (tunnel inner packets: the outer one; reassembled datagrams: the
     * fragment that completed them), or null for the outermost packet. Alerts name their packet's source from it.
     */
    public Packet carrier;
    /**
     * Set by TCP reassembly when this packet's payload went into the stream (Suricata's PKT_STREAM_ADD): the
     * stream inspection will see those bytes, so a rule that may match either way does not inspect them again here.
     */
    public boolean streamAdded;

    public int vlanCount;
    public final int[] vlan = new int[MAX_VLANS];

    /** 0 when the packet has no IP layer, else 4 or 6. */
    public int ipVersion;
    public long l3Off;
    public int ipHeaderLen;
    /** IP total length from the header (IPv6: 40 + payload length). */
    public int ipTotalLen;
    public long srcHi, srcLo, dstHi, dstLo;
    public int ttl;
    public int ipId;
    /** The IP datagram is a fragment that has not been reassembled (no transport header to read). */
    public boolean fragment;
    /** More-fragments flag / fragment offset (bytes) of the IP header or IPv6 fragment header. */
    public boolean moreFragments;
    public int fragOffset;
    /** Transport protocol number (after IPv6 extension headers), or -1. */
    public int proto;

    public long l4Off;
    public int l4Len;
    public int srcPort, dstPort;
    public int tcpFlags;
    public long tcpSeq, tcpAck;
    public int tcpWindow;
    public int tcpHeaderLen;
    public int icmpType, icmpCode;
    public long payloadOff;
    public int payloadLen;

    /**
     * Offsets of the 16-byte addresses an IPv6 transport checksum's pseudo-header uses when they differ
     * from the header's: the home address of a Home Address option (source) and the final destination
     * of a routing header (destination); -1 when the IPv6 header's own addresses apply.
     */
    public long csumSrcOff, csumDstOff;

    /** True when addresses (and ports where the protocol has them) form a flow key. */
    public boolean hasFlowKey;
    /** Set by checksum validation when an IP/TCP/UDP/ICMP checksum is wrong. */
    public boolean badChecksum;
    /** Where an Ethernet/IPv4 ARP header starts ({@link Arp}), or -1. */
    public long arpOff = -1;

    void reset(Frame f, MemorySegment seg, long start, long end, int flowLen, int level) {
        this.frame = f;
        this.seg = seg;
        this.start = start;
        this.end = end;
        this.flowLen = flowLen;
        this.level = level;
        this.reassembled = false;
        this.carrier = null;
        this.streamAdded = false;
        this.vlanCount = 0;
        this.ipVersion = 0;
        this.l3Off = -1;
        this.ipHeaderLen = 0;
        this.ipTotalLen = 0;
        this.srcHi = this.srcLo = this.dstHi = this.dstLo = 0;
        this.ttl = 0;
        this.ipId = 0;
        this.fragment = false;
        this.moreFragments = false;
        this.fragOffset = 0;
        this.proto = -1;
        this.l4Off = -1;
        this.l4Len = 0;
        this.srcPort = this.dstPort = 0;
        this.tcpFlags = 0;
        this.tcpSeq = this.tcpAck = 0;
        this.tcpWindow = 0;
        this.tcpHeaderLen = 0;
        this.icmpType = this.icmpCode = -1;
        this.payloadOff = -1;
        this.payloadLen = 0;
        this.csumSrcOff = this.csumDstOff = -1;
        this.hasFlowKey = false;
        this.badChecksum = false;
        this.arpOff = -1;
    }

    /** Copies the outer-layer context (VLANs) an inner packet inherits from its carrier. */
    void inheritVlans(Packet outer) {
        this.vlanCount = outer.vlanCount;
        System.arraycopy(outer.vlan, 0, this.vlan, 0, MAX_VLANS);
    }

    public int u8(long off) { return seg.get(ValueLayout.JAVA_BYTE, off) & 0xFF; }
    public int u16(long off) { return seg.get(U16, off) & 0xFFFF; }
    public long u32(long off) { return seg.get(U32, off) & 0xFFFF_FFFFL; }
    public int i32(long off) { return seg.get(U32, off); }
    public long i64(long off) { return seg.get(U64, off); }

    public boolean isTcp() { return proto == 6 && l4Off >= 0; }
    public boolean isUdp() { return proto == 17 && l4Off >= 0; }
    public boolean isIcmp() { return (proto == 1 || proto == 58) && l4Off >= 0; }

    /** Capture timestamp of the frame, nanoseconds since the epoch. */
    public long tsNanos() { return frame.tsNanos; }
}
