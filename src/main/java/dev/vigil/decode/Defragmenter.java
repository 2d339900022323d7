package dev.vigil.decode;

import java.lang.foreign.MemorySegment;

/** IPv4/IPv6 reassembly with a memory cap. PLACEHOLDER until the decode work item fills it in. */
public final class Defragmenter {
    public static final long DEFAULT_MEMCAP = 32L << 20;
    private final long memcap;

    // counters reported as stats.defrag.*
    public long reassembled, timeouts, memcapDrops, overlaps;

    public Defragmenter(long memcap) { this.memcap = memcap; }

    public long memcap() { return memcap; }

    /** Takes an IPv4 fragment at {@code ipOff}; returns the whole datagram when this completes one. */
    MemorySegment submitV4(Decoder d, Packet p, long ipOff, long ipEnd) { return null; }

    /** Takes an IPv6 fragment; returns the whole datagram when this completes one. */
    MemorySegment submitV6(Decoder d, Packet p, long ipOff, long fragHdrOff, long ipEnd) { return null; }
}
