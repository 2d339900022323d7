package dev.vigil.flow;

import dev.vigil.decode.Packet;

/**
 * A worker's flow table: hash rows with chains, one last-seen-ordered queue per timeout class, and a
 * memcap. When the memcap is reached the table enters emergency mode (shorter timeouts, as Suricata's
 * emergency mode) and, if that frees nothing, evicts the least recently seen flow with reason
 * {@code forced}. A flood of spoofed half-open connections therefore costs a bounded amount of heap,
 * and every flow that leaves the table is reported to the sink.
 */
public final class FlowTable {
    private static final long NANOS = 1_000_000_000L;

    private final FlowConfig config;
    private final FlowSink sink;
    private final Flow[] rows;
    private final int mask;
    private final int maxFlows;
    private final Flow[] head = new Flow[FlowQueue.COUNT];
    private final Flow[] tail = new Flow[FlowQueue.COUNT];
    private int size;
    private boolean emergency;
    private long now = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    // counters reported as stats.flow.*
    public long total, tcp, udp, icmpv4, icmpv6, other, tcpReuse, memcapHits, emergencyEntered, emergencyOver;
    public long endedTimeout, endedForced, endedShutdown;
    private long peakSize;

    public FlowTable(FlowConfig config, int workers, FlowSink sink) {
        this.config = config;
        this.sink = sink;
        this.maxFlows = config.maxFlowsPerTable(workers);
        int r = Integer.highestOneBit(Math.max(1024, Math.min(maxFlows, 1 << 22)) - 1) << 1;
        this.rows = new Flow[r];
        this.mask = r - 1;
    }

    public int size() { return size; }
    public int capacity() { return maxFlows; }
    public long peakSize() { return peakSize; }
    public boolean inEmergency() { return emergency; }

    /**
     * Advances the capture clock; once per second of packet time, flows idle beyond their timeout
     * are ended. Call for every frame the worker sees, owned or not, so all workers share one clock.
     */
    public void advanceClock(long tsNanos) {
        if (tsNanos > now) now = tsNanos;
        if (now >= nextSweep) {
            sweep(emergency);
            nextSweep = now + NANOS;
        }
    }

    /**
     * Looks up or creates the flow of {@code p} (which must have a flow key) and accounts the packet.
     * Returns the flow, or null when the packet belongs to none: an ICMPv4 error, which never creates a
     * flow and joins only the TCP/UDP flow it quotes (see {@link IcmpErrors}).
     */
    public Flow handle(Packet p, int hash) {
        long ts = p.frame.tsNanos;
        if (ts > now) now = ts;
        int row = hash & mask;
        if (p.proto == 1 && p.ipVersion == 4 && p.icmpType >= 0) {
            if (p.icmpType == IcmpErrors.DEST_UNREACH && IcmpErrors.quoted(p, quoted)) return icmpError(p, row, ts);
            if (IcmpErrors.isError(p.icmpType)) return null;
        }
        boolean ports = FlowHash.hasPorts(p.proto);
        int sp = ports ? p.srcPort : 0, dp = ports ? p.dstPort : 0;
        boolean icmp4 = p.proto == 1;
        int sType = p.icmpType, dType = icmp4 ? Math.max(0, IcmpErrors.counterpart4(p.icmpType)) : 0;
        Flow f = rows[row];
        boolean toServer = true;
        while (f != null) {
            if (f.hash == hash && f.proto == p.proto && f.level == p.level && vlansMatch(f, p)) {
                if (f.aLo == p.srcLo && f.aHi == p.srcHi && f.bLo == p.dstLo && f.bHi == p.dstHi
                        && f.aPort == sp && f.bPort == dp && (!icmp4 || (f.icmpType == sType && f.icmpReplyType == dType))) {
                    toServer = true;
                    break;
                }
                if (f.aLo == p.dstLo && f.aHi == p.dstHi && f.bLo == p.srcLo && f.bHi == p.srcHi
                        && f.aPort == dp && f.bPort == sp && (!icmp4 || (f.icmpType == dType && f.icmpReplyType == sType))) {
                    toServer = false;
                    break;
                }
            }
            f = f.chainNext;
        }
        if (f != null && f.proto == 6 && p.isTcp() && TcpTracker.isStreamStarter(p.tcpFlags, config.midstream)
                && TcpTracker.reuses(f, p, toServer)) {
            // a new connection on the tuple of one that has finished (or never had a session): end the old flow
            tcpReuse++;
            end(f, EndReason.TCP_REUSE);
            f = null;
        }
        if (f == null) {
            f = create(p, hash, row, sp, dp);
            toServer = true;
        }
        update(f, p, toServer, ts);
        return f;
    }

    private final IcmpErrors.Quoted quoted = new IcmpErrors.Quoted();

    /** A destination unreachable quoting a TCP/UDP header: counted in that flow if it exists, never creating one. */
    private Flow icmpError(Packet p, int row, long ts) {
        IcmpErrors.Quoted q = quoted;
        for (Flow f = rows[row]; f != null; f = f.chainNext) {
            if (f.proto != q.proto || f.ipVersion != 4 || f.level != p.level || !vlansMatch(f, p)) continue;
            boolean fwd = f.aLo == q.src && f.bLo == q.dst && f.aPort == q.sp && f.bPort == q.dp;
            boolean rev = f.aLo == q.dst && f.bLo == q.src && f.aPort == q.dp && f.bPort == q.sp;
            if (!fwd && !rev) continue;
            // Suricata's direction for an ICMP packet: from the flow's source address or not
            count(f, p, f.aLo == p.srcLo && f.aHi == p.srcHi, ts);
            enqueue(f, FlowQueue.of(f));
            return f;
        }
        return null;
    }

    /**
     * Bytes a packet adds to its flow: its length on the wire from its first header on (the frame's
     * wire length; a tunnelled packet from its inner header, a reassembled datagram its reassembled
     * length). The project's flow contract counts wire length, as tshark and Zeek do; Suricata counts
     * captured bytes, which differs only for captures cut by a snaplen.
     */
    static long bytes(Packet p) {
        return p.flowLen;
    }

    private static boolean vlansMatch(Flow f, Packet p) {
        if (f.vlanCount != p.vlanCount) return false;
        for (int i = 0; i < f.vlanCount; i++) if (f.vlan[i] != p.vlan[i]) return false;
        return true;
    }

    private Flow create(Packet p, int hash, int row, int sp, int dp) {
        if (size >= maxFlows) makeRoom();
        Flow f = new Flow();
        f.ipVersion = p.ipVersion;
        f.aHi = p.srcHi; f.aLo = p.srcLo; f.bHi = p.dstHi; f.bLo = p.dstLo;
        f.aPort = sp; f.bPort = dp;
        f.proto = p.proto;
        f.level = p.level;
        f.vlanCount = p.vlanCount;
        System.arraycopy(p.vlan, 0, f.vlan, 0, Math.min(3, p.vlanCount));
        if ((p.proto == 1 || p.proto == 58) && p.icmpType >= 0) {
            f.icmpType = p.icmpType;
            f.icmpCode = p.icmpCode;
            f.icmpReplyType = Math.max(0, p.proto == 1 ? IcmpErrors.counterpart4(p.icmpType) : IcmpErrors.counterpart6(p.icmpType));
        }
        f.hash = hash;
        f.startNanos = p.frame.tsNanos;
        f.lastNanos = p.frame.tsNanos;
        f.firstPacket = p.frame.number;
        f.chainNext = rows[row];
        rows[row] = f;
        size++;
        if (size > peakSize) peakSize = size;
        total++;
        switch (p.proto) {
            case 6 -> tcp++;
            case 17 -> udp++;
            case 1 -> icmpv4++;
            case 58 -> icmpv6++;
            default -> other++;
        }
        return f;
    }

    /** Adds the packet to the flow's counters in its direction and moves the flow's last-seen time. */
    private static void count(Flow f, Packet p, boolean toServer, long ts) {
        if (toServer) {
            f.pktsToServer++;
            f.bytesToServer += bytes(p);
        } else {
            f.pktsToClient++;
            f.bytesToClient += bytes(p);
        }
        if (ts > f.lastNanos) f.lastNanos = ts;
        // before a TCP session's state moves on this packet: Suricata's detect sees the handshake's last ACK as not established
        f.packetEstablished = f.state != FlowState.NEW;
    }

    private void update(Flow f, Packet p, boolean toServer, long ts) {
        count(f, p, toServer, ts);
        if (f.proto == 6) {
            // the flow state of a TCP flow follows its session only (Suricata's stream engine)
            if (p.isTcp()) TcpTracker.track(f, p, toServer, config.midstream);
        } else {
            if (toServer) f.seenToServer = true; else f.seenToClient = true;
            if (f.state == FlowState.NEW && f.seenToServer && f.seenToClient) f.state = FlowState.ESTABLISHED;
            f.packetEstablished = f.state != FlowState.NEW;
        }
        enqueue(f, FlowQueue.of(f));
    }

    private void enqueue(Flow f, int q) {
        if (tail[q] == f) return; // already last in its queue (bursts of one flow): relinking changes nothing
        if (f.queue >= 0) unlinkQueue(f);
        f.queue = q;
        f.queuePrev = tail[q];
        f.queueNext = null;
        if (tail[q] != null) tail[q].queueNext = f; else head[q] = f;
        tail[q] = f;
    }

    private void unlinkQueue(Flow f) {
        int q = f.queue;
        if (f.queuePrev != null) f.queuePrev.queueNext = f.queueNext; else head[q] = f.queueNext;
        if (f.queueNext != null) f.queueNext.queuePrev = f.queuePrev; else tail[q] = f.queuePrev;
        f.queuePrev = f.queueNext = null;
        f.queue = -1;
    }

    private void unlinkRow(Flow f) {
        int row = f.hash & mask;
        Flow c = rows[row], prev = null;
        while (c != null && c != f) { prev = c; c = c.chainNext; }
        if (c == null) return;
        if (prev == null) rows[row] = f.chainNext; else prev.chainNext = f.chainNext;
        f.chainNext = null;
    }

    private void end(Flow f, EndReason reason) {
        unlinkQueue(f);
        unlinkRow(f);
        size--;
        switch (reason) {
            case TIMEOUT, TCP_REUSE -> endedTimeout++;
            case FORCED -> endedForced++;
            case SHUTDOWN -> endedShutdown++;
        }
        sink.flowEnded(f, reason, now);
    }

    private void sweep(boolean useEmergency) {
        long[] t = useEmergency ? config.emergencyTimeout : config.timeout;
        for (int q = 0; q < FlowQueue.COUNT; q++) {
            long limit = now - t[q] * NANOS;
            Flow f;
            while ((f = head[q]) != null && f.lastNanos <= limit) end(f, EndReason.TIMEOUT);
        }
        if (emergency && size < (long) maxFlows * (100 - config.emergencyRecoveryPercent) / 100) {
            emergency = false;
            emergencyOver++;
        }
    }

    private void makeRoom() {
        memcapHits++;
        if (!emergency) {
            emergency = true;
            emergencyEntered++;
        }
        sweep(true);
        while (size >= maxFlows) {
            Flow oldest = null;
            for (int q = 0; q < FlowQueue.COUNT; q++) {
                Flow h = head[q];
                if (h != null && (oldest == null || h.lastNanos < oldest.lastNanos)) oldest = h;
            }
            if (oldest == null) break;
            end(oldest, EndReason.FORCED);
        }
    }

    /** Ends every remaining flow (input finished). */
    public void shutdown() {
        for (int q = 0; q < FlowQueue.COUNT; q++) {
            Flow f;
            while ((f = head[q]) != null) end(f, EndReason.SHUTDOWN);
        }
    }
}
