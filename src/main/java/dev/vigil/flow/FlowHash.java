package dev.vigil.flow;

import dev.vigil.decode.Packet;

/**
 * Symmetric hash of a packet's flow key: both directions of a flow hash alike. The same value picks
 * the worker that owns the flow and the row of that worker's table. An ICMPv4 destination unreachable
 * that quotes a TCP/UDP header hashes as the flow it quotes (see {@link IcmpErrors}), so it reaches the
 * worker and the row that hold that flow.
 */
public final class FlowHash {
    private FlowHash() {}

    /** Port pair used in the key: transport ports for TCP/UDP/SCTP, none for everything else. */
    static boolean hasPorts(int proto) {
        return proto == 6 || proto == 17 || proto == 132;
    }

    public static int of(Packet p) {
        if (p.proto == 1 && p.icmpType == IcmpErrors.DEST_UNREACH) {
            IcmpErrors.Quoted q = new IcmpErrors.Quoted();
            if (IcmpErrors.quoted(p, q)) return hash(0, q.src, q.sp, 0, q.dst, q.dp, q.proto, p.level, p.vlanCount, p.vlan);
        }
        boolean ports = hasPorts(p.proto);
        return hash(p.srcHi, p.srcLo, ports ? p.srcPort : 0, p.dstHi, p.dstLo, ports ? p.dstPort : 0,
                p.proto, p.level, p.vlanCount, p.vlan);
    }

    /**
     * The hash that picks the worker owning a packet's flow. It is the flow hash, except for TCP flows
     * that may be one connection of an FTP session (see {@link #pairSharded}):
     * those are placed by their unordered host pair, so that an FTP control connection and the data
     * connections it announces meet on one worker, which links them without sharing state between
     * workers. Which flows are placed this way depends on the packet alone, so the placement, and the
     * linking that relies on it ({@link #pairSharded}), are the same whatever the number of workers.
     */
    public static int shard(Packet p, int flowHash) {
        if (p.proto == 1 && p.icmpType == IcmpErrors.DEST_UNREACH) {
            IcmpErrors.Quoted q = new IcmpErrors.Quoted();
            if (IcmpErrors.quoted(p, q)) {
                if (!pairSharded(q.proto, q.sp, q.dp)) return flowHash;
                return pairHash(0, q.src, 0, q.dst, q.proto, p.level, p.vlanCount, p.vlan);
            }
            return flowHash;
        }
        if (!pairSharded(p.proto, p.srcPort, p.dstPort)) return flowHash;
        return pairHash(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.proto, p.level, p.vlanCount, p.vlan);
    }

    /**
     * Lowest port of a data connection placed by host pair when neither port is 20 or 21. FTP servers
     * give passive-mode data connections an ephemeral port (Linux 32768+, Windows 49152+) or a configured
     * range, rarely below 10000; client ports are ephemeral too. Services below it (databases, 3389,
     * 5900, 8080, ...) keep the per-flow placement: with 1024 instead, one busy loopback pair (127.0.0.1
     * to port 7000) of the benchmark capture moved 24% of its packets and left two workers at 25%/75% of
     * the packets, against 46%/54% per flow; with 10000, 1% of the packets move and the split stays.
     */
    public static final int DATA_PORT_MIN = 10_000;

    /**
     * True for the flows {@link #shard} places by host pair: TCP with port 20 or 21 on either side (an
     * FTP control connection, an active-mode data connection) or with both ports at or above
     * {@link #DATA_PORT_MIN} (a passive-mode or active-mode data connection on ephemeral ports).
     */
    public static boolean pairSharded(int proto, int sp, int dp) {
        return proto == 6 && (sp == 20 || sp == 21 || dp == 20 || dp == 21 || (sp >= DATA_PORT_MIN && dp >= DATA_PORT_MIN));
    }

    private static int pairHash(long sHi, long sLo, long dHi, long dLo, int proto, int level, int vlanCount, int[] vlan) {
        long h = mix(sHi, sLo, 0, dHi, dLo, 0, proto, level);
        for (int i = 0; i < vlanCount; i++) h = h * 31 + vlan[i];
        return finish(h);
    }

    static int hash(long sHi, long sLo, int sp, long dHi, long dLo, int dp, int proto, int level, int vlanCount, int[] vlan) {
        long h = mix(sHi, sLo, sp, dHi, dLo, dp, proto, level);
        for (int i = 0; i < vlanCount; i++) h = h * 31 + vlan[i];
        return finish(h);
    }

    /** The key without its VLANs; ports must already be 0 for protocols without them. */
    static long mix(long sHi, long sLo, int sp, long dHi, long dLo, int dp, int proto, int level) {
        long a = mixAddr(sHi, sLo) + sp;
        long b = mixAddr(dHi, dLo) + dp;
        // commutative combination keeps the hash symmetric
        return (a + b) ^ (a * b) ^ ((long) proto << 48) ^ ((long) level << 40);
    }

    static int finish(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static long mixAddr(long hi, long lo) {
        long x = hi * 0xC2B2AE3D27D4EB4FL ^ lo;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        return x ^ (x >>> 33);
    }
}
