package dev.vigil.flow;

/**
 * One bidirectional flow: its key (side A is the initiator, the source of the first packet), the
 * counters a flow record reports, and the links that place it in its table's hash chain and
 * timeout queue. Owned by exactly one worker; never shared between threads.
 */
public final class Flow {
    // key
    public int ipVersion;
    public long aHi, aLo, bHi, bLo;
    public int aPort, bPort;
    public int proto;
    public int level;
    public int vlanCount;
    public final int[] vlan = new int[3];
    int hash;

    // accounting
    public long startNanos, lastNanos;
    public long pktsToServer, pktsToClient, bytesToServer, bytesToClient;
    /** TCP flags seen since the session started (Suricata keeps none for a flow without a session). */
    public int tcpFlagsToServer, tcpFlagsToClient;
    /** True once a TCP session exists (see {@link TcpTracker}); {@link #tcpState} is meaningful only then. */
    public boolean tcpSession;
    public TcpState tcpState = TcpState.NONE;
    public FlowState state = FlowState.NEW;
    /**
     * Whether the packet just handled belongs to an established flow as Suricata's {@code flow:established}
     * sees it: for TCP, the state before this packet moved the session (the ACK completing the handshake is
     * not established yet); for the others, once both directions have been seen, this packet included.
     */
    public boolean packetEstablished;
    /**
     * ICMP: type and code of the first packet, and the type a reply has (Suricata's counterpart type:
     * echo request and reply, ...; 0 when the type has none). An ICMPv4 flow is keyed on this type pair.
     */
    public int icmpType = -1, icmpCode = -1, icmpReplyType = -1;
    /** A packet that counts as seen (not an ICMP error) went that way; both make a non-TCP flow established. */
    boolean seenToServer, seenToClient;
    // TCP session bookkeeping (sequence numbers are unsigned 32-bit, kept in ints)
    int clientIsn, serverIsn, clientNextSeq, serverNextSeq, clientFinSeq, serverFinSeq;
    boolean clientFin, serverFin;
    /** The session was picked up at a SYN/ACK and the flow turned round so that its sender is the server. */
    boolean sessionSwapped;
    /** The TCP session was picked up without its SYN (stream.midstream), so which side is the client was a guess. */
    public boolean tcpMidstream;
    /**
     * The app layer found that side B is the client (a DNS response was the first thing seen): what the
     * flow reports (src/dest of its records, to-server/to-client counters and flags) is told from B's
     * side, as Suricata's FLOW_DIR_REVERSED does. The key and the per-direction state of the flow, TCP
     * session and stream stay as first seen, so the table, tracker and reassembler need not know.
     */
    public boolean reversed;
    /** Application protocol once known (later stages set it), else null. */
    public String appProto;
    /**
     * When the protocol changed during the flow (HTTP CONNECT, STARTTLS): the protocol before the change
     * (EVE {@code app_proto_orig}) and the one the change announced, if any ({@code app_proto_expected});
     * null otherwise.
     */
    public String appProtoOrig, appProtoExpected;
    /**
     * Flow id of the flow that announced this one (an FTP data connection's control connection), EVE
     * {@code parent_id}; 0 for none.
     */
    public long parentId;
    /** The app-layer's state for this flow (owned by the applayer stage; opaque here). */
    public Object appState;
    public boolean alerted;
    /** Packet number (pcap_cnt) of the first packet. */
    public long firstPacket;
    /**
     * Reassembly depth set by the flow's application protocol (Suricata's app-layer stream-depth, e.g.
     * unlimited for SMB); -1: {@code stream.reassembly.depth} applies; 0: unlimited.
     */
    public long streamDepth = -1;
    /** The stream stage's per-flow reassembly state (a {@code dev.vigil.stream} object), null until it needs one. */
    public Object streamState;
    /** The signature engine's state for this flow (its flowbits), owned by detect; null until a rule sets one. */
    public Object detectState;
    /** The signature engine's windows of this flow's reassembled streams (detect's stream inspection), null until data arrives. */
    public Object streamInspectState;
    /**
     * The app layer found the rest of the session encrypted (TLS after its handshake): as Suricata's default
     * {@code encryption-handling}, signatures no longer inspect its raw payload, only its metadata.
     */
    public boolean encrypted;
    /**
     * The TLS version each direction's handshake announced as Suricata tracks it for {@code tls.version}
     * (record version until that side's hello, then the hello's, then supported_versions'); 0 unknown.
     */
    public int tlsVersionToServer, tlsVersionToClient;
    /** TCP payload bytes each side sent that the signature engine inspected (its depth), owned by detect. */
    public long detectBytesA, detectBytesB;
    /** The signature engine's per-flow flags (which sides its IP-only rules have seen, a pass), owned by detect. */
    public int detectFlags;
    /**
     * The flow's Community ID once a record needed it (every record of the flow carries it, and a SHA-1
     * per record is measurable), or null; the key never changes but by {@link #swapDirection}, which clears it.
     */
    public String communityIdText;

    // table links
    Flow chainNext;
    Flow queuePrev, queueNext;
    int queue = -1;

    public int tcpFlags() { return tcpFlagsToServer | tcpFlagsToClient; }

    /** Makes side B the initiator: addresses, ports and every per-direction counter change places. */
    void swapDirection() {
        long t = aHi; aHi = bHi; bHi = t;
        t = aLo; aLo = bLo; bLo = t;
        int p = aPort; aPort = bPort; bPort = p;
        t = pktsToServer; pktsToServer = pktsToClient; pktsToClient = t;
        t = bytesToServer; bytesToServer = bytesToClient; bytesToClient = t;
        p = tcpFlagsToServer; tcpFlagsToServer = tcpFlagsToClient; tcpFlagsToClient = p;
        boolean b = seenToServer; seenToServer = seenToClient; seenToClient = b;
        p = tlsVersionToServer; tlsVersionToServer = tlsVersionToClient; tlsVersionToClient = p;
        communityIdText = null;
    }

    public boolean isTcp() { return proto == 6; }

    /** Seconds between the first and the last packet, as Suricata reports age (whole-second difference). */
    public long ageSeconds() {
        return Math.floorDiv(lastNanos, 1_000_000_000L) - Math.floorDiv(startNanos, 1_000_000_000L);
    }

    /**
     * A flow id that depends only on the flow (key and start time), so a capture gives the same ids
     * whatever the number of workers. 51 bits, so JSON consumers that parse numbers as doubles keep it exact.
     */
    public long flowId() {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h, aHi); h = mix(h, aLo); h = mix(h, bHi); h = mix(h, bLo);
        h = mix(h, ((long) aPort << 32) | ((long) bPort << 16) | proto);
        h = mix(h, ((long) level << 40) | ((long) vlan[0] << 24) | ((long) vlan[1] << 12) | vlan[2]);
        h = mix(h, startNanos);
        h &= (1L << 51) - 1;
        return h == 0 ? 1 : h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }
}
