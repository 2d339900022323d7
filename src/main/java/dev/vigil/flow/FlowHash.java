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
