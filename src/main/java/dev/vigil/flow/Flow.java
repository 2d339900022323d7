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
    public int tcpFlagsToServer, tcpFlagsToClient;
    public TcpState tcpState = TcpState.NONE;
    public FlowState state = FlowState.NEW;
    public int icmpType = -1, icmpCode = -1, respIcmpType = -1, respIcmpCode = -1;
    /** Application protocol once known (later stages set it), else null. */
    public String appProto;
    public boolean alerted;
    /** Packet number (pcap_cnt) of the first packet. */
    public long firstPacket;

    // table links
    Flow chainNext;
    Flow queuePrev, queueNext;
    int queue = -1;

    public int tcpFlags() { return tcpFlagsToServer | tcpFlagsToClient; }

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
