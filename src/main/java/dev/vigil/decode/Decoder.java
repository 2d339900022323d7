package dev.vigil.decode;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import java.lang.foreign.MemorySegment;

/**
 * Decodes one frame in place into {@link Packet} views, from the link layer down through tunnels to
 * the transport header. One instance per worker thread; it reuses its packets for every frame, so the
 * hot path allocates nothing.
 *
 * <p>After {@link #decode(Frame)}: {@link #leafCount()} packets are ready for the flow stage (the
 * innermost packet of each encapsulation chain, plus any datagram whose reassembly this frame
 * completed), and {@link #eventCount()} decoder events describe what was malformed.
 */
public final class Decoder {
    /** Deepest encapsulation followed; deeper frames raise {@link DecoderEvent#TOO_MANY_LAYERS}. */
    public static final int MAX_LAYERS = 8;
    static final int MAX_EVENTS = 16;

    private final Packet[] pool = new Packet[MAX_LAYERS + 4];
    private final boolean[] tunnelRoot = new boolean[MAX_LAYERS + 4];
    private int used;
    private final Packet[] leaves = new Packet[MAX_LAYERS + 4];
    private int leafCount;
    private final int[] events = new int[MAX_EVENTS];
    private int eventCount;
    private final Defragmenter defrag;
    private Frame frame;

    // per-frame protocol counters a worker adds to its stats (decoder.ipv4, decoder.tcp, ...)
    public final long[] layerCounts = new long[Layer.values().length];
    /** Frames given up because a decoder threw something other than a bounds error (a bug, never expected). */
    public long internalErrors;

    // pseudo link types for encapsulations whose inner packet does not start with a link header
    static final int INNER_VLAN = -1;
    static final int INNER_MPLS = -2;
    static final int INNER_ERSPAN_I = -3;
    static final int INNER_ERSPAN_II = -4;
    static final int INNER_ERSPAN_III = -5;
    static final int INNER_WCCP = -6;
    static final int INNER_ARP = -7;
    static final int INNER_PPP = -8;
    static final int INNER_IEEE80211 = -9;

    public Decoder(Defragmenter defrag) {
        for (int i = 0; i < pool.length; i++) pool[i] = new Packet();
        this.defrag = defrag;
    }

    public Decoder() {
        this(new Defragmenter(Defragmenter.DEFAULT_MEMCAP));
    }

    public Defragmenter defragmenter() { return defrag; }

    /** Decodes {@code f}; never throws on malformed input. */
    public void decode(Frame f) {
        this.frame = f;
        used = 0;
        leafCount = 0;
        eventCount = 0;
        java.util.Arrays.fill(layerCounts, 0);
        defrag.tick(f.tsNanos);
        Packet p = alloc();
        if (p == null) return;
        long start = f.offset;
        long end = f.offset + f.capLen;
        p.reset(f, f.data, start, end, f.wireLen, 0);
        try {
            decodeLink(p, f.linkType, start, end);
        } catch (IndexOutOfBoundsException e) {
            // a decoder read past the captured bytes it had checked: treat as truncation, never crash
            event(DecoderEvent.PKT_TRUNCATED);
        } catch (RuntimeException e) {
            // last resort for a decoder bug: the frame is given up, the sensor goes on
            internalErrors++;
            event(DecoderEvent.PKT_TRUNCATED);
        }
        for (int i = 0; i < used; i++) {
            if (!tunnelRoot[i]) leaves[leafCount++] = pool[i];
        }
    }

    private Packet alloc() {
        if (used >= MAX_LAYERS) {
            event(DecoderEvent.TOO_MANY_LAYERS);
            return null;
        }
        tunnelRoot[used] = false;
        return pool[used++];
    }

    void decodeLink(Packet p, int linkType, long off, long end) {
        switch (linkType) {
            case LinkType.ETHERNET -> Ethernet.decode(this, p, off, end);
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD -> RawIp.decode(this, p, off, end);
            case LinkType.IPV4 -> Ipv4.decode(this, p, off, end);
            case LinkType.IPV6 -> Ipv6.decode(this, p, off, end);
            case LinkType.NULL, LinkType.LOOP -> NullLoopback.decode(this, p, off, end, linkType);
            case LinkType.LINUX_SLL -> Sll.decode(this, p, off, end);
            case LinkType.LINUX_SLL2 -> Sll2.decode(this, p, off, end);
            case LinkType.PPP, INNER_PPP -> Ppp.decode(this, p, off, end);
            case LinkType.C_HDLC -> CiscoHdlc.decode(this, p, off, end);
            case LinkType.IEEE802_11, INNER_IEEE80211 -> Ieee80211.decode(this, p, off, end);
            case LinkType.IEEE802_11_RADIOTAP -> RadioHeaders.decodeRadiotap(this, p, off, end);
            case LinkType.PPI -> RadioHeaders.decodePpi(this, p, off, end);
            case LinkType.PKTAP -> RadioHeaders.decodePktap(this, p, off, end);
            case LinkType.NFLOG -> Nflog.decode(this, p, off, end);
            case LinkType.ARCNET_LINUX -> Arcnet.decode(this, p, off, end);
            case LinkType.IPOIB -> IpOverInfiniband.decode(this, p, off, end);
            case LinkType.FDDI -> Fddi.decode(this, p, off, end);
            case INNER_VLAN -> Vlan.decode(this, p, off, end);
            case INNER_MPLS -> Mpls.decode(this, p, off, end);
            case INNER_ERSPAN_I -> Erspan.decodeTypeI(this, p, off, end);
            case INNER_ERSPAN_II -> Erspan.decodeTypeII(this, p, off, end);
            case INNER_ERSPAN_III -> Erspan.decodeTypeIII(this, p, off, end);
            case INNER_WCCP -> Gre.decodeWccp(this, p, off, end);
            case INNER_ARP -> Arp.decode(this, p, off, end);
            // counted, not raised per packet: a whole capture of an unsupported link type is one problem, not N anomalies
            default -> count(Layer.UNSUPPORTED_LINK);
        }
    }

    /** Dispatches on an EtherType found at any layer (Ethernet, VLAN, SLL, GRE, ...). */
    void decodeEtherType(Packet p, int etherType, long off, long end) {
        switch (etherType) {
            case EtherType.IPV4 -> Ipv4.decode(this, p, off, end);
            case EtherType.IPV6 -> Ipv6.decode(this, p, off, end);
            case EtherType.VLAN, EtherType.QINQ, EtherType.VLAN_9100 -> Vlan.decode(this, p, off, end);
            case EtherType.MPLS_UNICAST, EtherType.MPLS_MULTICAST -> Mpls.decode(this, p, off, end);
            case EtherType.PPPOE_SESSION -> Pppoe.decodeSession(this, p, off, end);
            case EtherType.PPPOE_DISCOVERY -> Pppoe.decodeDiscovery(this, p, off, end);
            case EtherType.ARP -> Arp.decode(this, p, off, end);
            case EtherType.TEB -> decodeInner(p, Layer.ETHERNET_INNER, off, end, LinkType.ETHERNET);
            case EtherType.ERSPAN_II -> Erspan.decodeTypeII(this, p, off, end);
            case EtherType.ERSPAN_III -> Erspan.decodeTypeIII(this, p, off, end);
            case EtherType.PBB -> Vlan.decodePbb(this, p, off, end);
            case EtherType.VNTAG -> Vlan.decodeVnTag(this, p, off, end);
            default -> count(Layer.UNKNOWN_ETHERTYPE);
        }
    }

    /** Dispatches on an IP protocol number once the IP header (and IPv6 extensions) are parsed. */
    void decodeIpPayload(Packet p, int proto, long off, long end) {
        p.proto = proto;
        if (p.fragment) return;
        switch (proto) {
            case IpProto.TCP -> Tcp.decode(this, p, off, end);
            case IpProto.UDP -> Udp.decode(this, p, off, end);
            case IpProto.ICMP -> Icmpv4.decode(this, p, off, end);
            case IpProto.ICMPV6 -> Icmpv6.decode(this, p, off, end);
            case IpProto.GRE -> {
                // flow-tracked on addresses unless GRE carries a packet, which then replaces it as the leaf
                addressOnly(p, off, end);
                Gre.decode(this, p, off, end);
            }
            case IpProto.IPIP -> decodeInner(p, Layer.IPV4_IN_IP, off, end, LinkType.IPV4);
            case IpProto.IPV6 -> decodeInner(p, Layer.IPV6_IN_IP, off, end, LinkType.IPV6);
            case IpProto.SCTP -> Sctp.decode(this, p, off, end);
            case IpProto.ESP -> {
                if (end - off < 8) event(DecoderEvent.ESP_PKT_TOO_SMALL);
                else addressOnly(p, off, end);
            }
            // ESP, AH, OSPF, ... : flow-tracked on addresses alone
            default -> addressOnly(p, off, end);
        }
    }

    /** Marks {@code p} as flow-tracked on its addresses and protocol, with no ports. */
    static void addressOnly(Packet p, long off, long end) {
        p.hasFlowKey = true;
        p.l4Off = off;
        p.l4Len = (int) (end - off);
    }

    /**
     * Decodes an encapsulated packet that starts at {@code off}: marks {@code outer} as a tunnel root
     * (not itself given to the flow stage, as Suricata does) and decodes the inner packet one level deeper.
     * {@code innerLinkType} is a {@link LinkType} or one of the {@code INNER_*} pseudo types; {@code layer}
     * (may be null) is the counter for the encapsulation.
     */
    void decodeInner(Packet outer, Layer layer, long off, long end, int innerLinkType) {
        Packet inner = beginInner(outer, layer, off, end);
        if (inner != null) decodeLink(inner, innerLinkType, off, end);
    }

    /** Sets up the inner packet of a tunnel that starts at {@code off}; null when the frame nests too deep. */
    Packet beginInner(Packet outer, Layer layer, long off, long end) {
        if (layer != null) count(layer);
        int outerIndex = indexOf(outer);
        Packet inner = alloc();
        if (inner == null) return null;
        if (outerIndex >= 0) tunnelRoot[outerIndex] = true;
        int flowLen = (int) Math.max(0, outer.flowLen - (off - outer.start));
        inner.reset(frame, outer.seg, off, end, flowLen, outer.level + 1);
        inner.carrier = outer;
        inner.inheritVlans(outer);
        return inner;
    }

    /** Hands a reassembled datagram (already in its own buffer) to the decoders as a new packet. */
    void decodeReassembled(Packet carrier, MemorySegment datagram, int ipVersion) {
        Packet p = alloc();
        if (p == null) return;
        p.reset(frame, datagram, 0, datagram.byteSize(), (int) datagram.byteSize(), carrier.level);
        p.inheritVlans(carrier);
        p.reassembled = true;
        p.carrier = carrier;
        count(Layer.REASSEMBLED);
        if (ipVersion == 4) Ipv4.decode(this, p, 0, datagram.byteSize());
        else Ipv6.decode(this, p, 0, datagram.byteSize());
    }

    Defragmenter defrag() { return defrag; }

    private int indexOf(Packet p) {
        for (int i = 0; i < used; i++) if (pool[i] == p) return i;
        return -1;
    }

    void event(DecoderEvent e) {
        if (eventCount < MAX_EVENTS) events[eventCount++] = e.ordinal();
    }

    void count(Layer l) {
        layerCounts[l.ordinal()]++;
    }

    public Frame frame() { return frame; }
    public int leafCount() { return leafCount; }
    public Packet leaf(int i) { return leaves[i]; }
    /** Every packet the frame produced, tunnel roots included ({@link #packet(int)}), for inspection and tests. */
    public int packetCount() { return used; }
    public Packet packet(int i) { return pool[i]; }
    /** The outermost packet of the frame (always present after decode). */
    public Packet outer() { return pool[0]; }
    public int eventCount() { return eventCount; }
    public DecoderEvent event(int i) { return DecoderEvent.of(events[i]); }
}
