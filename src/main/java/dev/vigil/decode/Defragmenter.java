package dev.vigil.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * IPv4 and IPv6 fragment reassembly for one worker, bounded in memory and deterministic.
 *
 * <p><b>Trackers.</b> Fragments belong to the same datagram when they agree on IP version, source,
 * destination, identification, tunnel level and VLAN ids (and, for IPv4, protocol). Each datagram in
 * progress has a tracker holding its data in one buffer. All of it is counted against the memory cap
 * (buffers plus a fixed overhead per tracker); the number of trackers is capped too. When either cap
 * would be exceeded, the least recently updated trackers are dropped first ({@link #memcapDrops}). A
 * datagram of more than {@link #DEFAULT_MAX_FRAGMENTS} fragments (by default) is abandoned
 * ({@code frag_ignored}): a legitimate 65,535-byte datagram cut into 64-byte fragments has 1,024.
 *
 * <p><b>Time.</b> Only packet timestamps move the clock (the largest seen so far, so a capture whose
 * time steps back cannot revive a tracker). A tracker that has received no fragment for
 * {@link #DEFAULT_TIMEOUT_NANOS} (60 s, Suricata's default) is dropped ({@link #timeouts}). The same
 * fragments in the same order therefore always give the same datagrams, whatever the wall clock.
 *
 * <p><b>Overlap policy: BSD</b>, Suricata's default target policy (Novak, "Target-Based Fragmentation
 * Reassembly", 2005). Where fragments overlap, each byte comes from the fragment with the lowest
 * offset among those that cover it; between fragments with the same offset, the one received first
 * wins. In other words, data already held wins over a later fragment, except that a later fragment
 * which starts before an earlier one replaces the overlapped bytes of that earlier one. Any overlap,
 * an exact duplicate included, raises {@code ipv4.frag_overlap}/{@code ipv6.frag_overlap} and is
 * counted in {@link #overlaps}. The header of the datagram is the IP header (IPv6: the header and the
 * extension headers before the fragment header) of the first offset-0 fragment received; its length
 * is fixed by the first last fragment (more-fragments clear) received, and data beyond it is ignored.
 *
 * <p>A fragment whose data would end beyond the largest datagram IP allows (IPv4: 20-byte header + data
 * over 65,535; IPv6: offset + data over 65,535) is dropped with {@code frag_pkt_too_large}. The
 * reassembled datagram is a new heap segment with lengths fixed, fragmentation fields cleared (IPv6:
 * the fragment header removed) and, for IPv4, the header checksum recomputed.
 */
public final class Defragmenter {
    public static final long DEFAULT_MEMCAP = 32L << 20;
    public static final long DEFAULT_TIMEOUT_NANOS = 60_000_000_000L;
    public static final int DEFAULT_MAX_TRACKERS = 65_535;
    public static final int DEFAULT_MAX_FRAGMENTS = 2_048;
    /** Bytes counted per tracker besides its buffers (object, arrays, table slot). */
    static final int TRACKER_OVERHEAD = 256;
    private static final int MAX_DATA = 65_535;
    private static final int KEEP_FREE = 64;
    private static final int KEEP_BUFFER = 4096;

    private final long memcap;
    private final long timeoutNanos;
    private final int maxTrackers;
    private final int maxFragments;

    // counters reported as stats.defrag.*
    public long reassembled, timeouts, memcapDrops, overlaps;

    private long memUsed;
    private int trackerCount;
    private Tracker[] buckets;
    private Tracker oldest, newest; // least recently updated first
    private Tracker free;
    private int freeCount;
    private long clock = Long.MIN_VALUE;
    private long nextExpiry = Long.MAX_VALUE;

    public Defragmenter(long memcap) {
        this(memcap, DEFAULT_MAX_TRACKERS, DEFAULT_TIMEOUT_NANOS, DEFAULT_MAX_FRAGMENTS);
    }

    public Defragmenter(long memcap, int maxTrackers, long timeoutNanos, int maxFragments) {
        if (memcap <= 0 || maxTrackers <= 0 || timeoutNanos <= 0 || maxFragments <= 0) {
            throw new IllegalArgumentException("defrag limits must be positive");
        }
        this.memcap = memcap;
        this.maxTrackers = maxTrackers;
        this.timeoutNanos = timeoutNanos;
        this.maxFragments = maxFragments;
    }

    public long memcap() { return memcap; }

    /** Bytes currently held (always at most {@link #memcap()}). */
    public long memoryUsed() { return memUsed; }

    /** Datagrams currently being reassembled. */
    public int trackers() { return trackerCount; }

    /** Advances the packet clock; drops the trackers that timed out. Cheap when nothing is pending. */
    void tick(long nowNanos) {
        if (nowNanos > clock) clock = nowNanos;
        if (clock > nextExpiry) expire();
    }

    private void expire() {
        while (oldest != null && oldest.lastSeen + timeoutNanos < clock) {
            release(oldest);
            timeouts++;
        }
        nextExpiry = oldest == null ? Long.MAX_VALUE : oldest.lastSeen + timeoutNanos;
    }

    /** Takes an IPv4 fragment at {@code ipOff}; returns the whole datagram when this completes one. */
    MemorySegment submitV4(Decoder d, Packet p, long ipOff, long ipEnd) {
        int hlen = p.ipHeaderLen;
        long dataOff = ipOff + hlen;
        int dataLen = (int) Math.max(0, ipEnd - dataOff);
        int claimed = Math.max(dataLen, p.ipTotalLen - hlen); // the snaplen may have cut the captured part
        if (Ipv4.MIN_HEADER + p.fragOffset + claimed > MAX_DATA) {
            d.event(DecoderEvent.IPV4_FRAG_PKT_TOO_LARGE);
            return null;
        }
        return insert(d, p, 4, ipOff, hlen, -1, -1, dataOff, dataLen, claimed);
    }

    /**
     * Takes an IPv6 fragment; returns the whole datagram when this completes one. {@code nhField} is the
     * offset of the next-header byte naming the fragment header.
     */
    MemorySegment submitV6(Decoder d, Packet p, long ipOff, long fragHdrOff, long nhField, long ipEnd) {
        long dataOff = fragHdrOff + 8;
        int dataLen = (int) Math.max(0, ipEnd - dataOff);
        int claimed = (int) Math.max(dataLen, ipOff + p.ipTotalLen - dataOff);
        if (p.fragOffset + claimed > MAX_DATA) {
            d.event(DecoderEvent.IPV6_FRAG_PKT_TOO_LARGE);
            return null;
        }
        return insert(d, p, 6, ipOff, (int) (fragHdrOff - ipOff), (int) (nhField - ipOff), p.u8(fragHdrOff),
                dataOff, dataLen, claimed);
    }

    private MemorySegment insert(Decoder d, Packet p, int version, long ipOff, int headerLen, int nhRel, int fragNh,
                                 long dataOff, int dataLen, int claimedLen) {
        tick(p.frame != null ? p.frame.tsNanos : clock);
        boolean v4 = version == 4;
        int hash = hash(p, version);
        Tracker t = lookup(p, version, hash);
        if (t == null) {
            t = create(p, version, hash);
            if (t == null) {
                d.event(v4 ? DecoderEvent.IPV4_FRAG_IGNORED : DecoderEvent.IPV6_FRAG_IGNORED);
                return null;
            }
        }
        touch(t);
        int start = p.fragOffset;
        int end = start + dataLen;

        // BSD: the new fragment loses every byte that a fragment starting at or before it already covers
        boolean overlap = false;
        int covered = start;
        for (int i = 0; i < t.count; i++) {
            int fs = t.starts[i];
            if (fs >= end && fs > start) break; // sorted by start: nothing further overlaps or precedes
            int fe = t.ends[i];
            if (fs < end && start < fe) overlap = true;
            if (fs <= start && fe > covered) covered = fe;
        }
        if (overlap) {
            overlaps++;
            d.event(v4 ? DecoderEvent.IPV4_FRAG_OVERLAP : DecoderEvent.IPV6_FRAG_OVERLAP);
        }
        if (t.count >= maxFragments) {
            d.event(v4 ? DecoderEvent.IPV4_FRAG_IGNORED : DecoderEvent.IPV6_FRAG_IGNORED);
            release(t);
            return null;
        }
        int from = Math.min(end, covered);
        if (!reserve(t, end, start == 0 && !t.hasFirst ? headerLen : 0)) {
            d.event(v4 ? DecoderEvent.IPV4_FRAG_IGNORED : DecoderEvent.IPV6_FRAG_IGNORED);
            release(t);
            return null;
        }
        if (from < end) MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, dataOff + (from - start), t.data, from, end - from);
        t.add(start, end);
        if (start == 0 && !t.hasFirst) {
            t.hasFirst = true;
            t.headerLen = headerLen;
            MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, ipOff, t.header, 0, headerLen);
            t.nhRel = nhRel;
            t.fragNh = fragNh;
        }
        if (!p.moreFragments && t.totalLen < 0) t.totalLen = start + claimedLen;
        if (t.totalLen < 0 || !t.hasFirst || !t.covers(t.totalLen)) return null;
        MemorySegment whole = assemble(d, t);
        release(t);
        if (whole != null) reassembled++;
        return whole;
    }

    private MemorySegment assemble(Decoder d, Tracker t) {
        int dataLen = t.totalLen;
        int total = t.headerLen + dataLen;
        byte[] out;
        if (t.version == 4) {
            if (total > MAX_DATA) {
                d.event(DecoderEvent.IPV4_FRAG_PKT_TOO_LARGE);
                return null;
            }
            out = new byte[total];
            System.arraycopy(t.header, 0, out, 0, t.headerLen);
            out[2] = (byte) (total >>> 8);
            out[3] = (byte) total;
            out[6] &= 0x40; // keep DF, clear MF and the offset
            out[7] = 0;
            out[10] = 0;
            out[11] = 0;
            System.arraycopy(t.data, 0, out, t.headerLen, dataLen);
            int c = Checksums.compute(MemorySegment.ofArray(out), 0, t.headerLen, 0);
            out[10] = (byte) (c >>> 8);
            out[11] = (byte) c;
        } else {
            int payload = total - Ipv6.HEADER_LEN;
            if (payload > MAX_DATA) {
                d.event(DecoderEvent.IPV6_FRAG_PKT_TOO_LARGE);
                return null;
            }
            out = new byte[total];
            System.arraycopy(t.header, 0, out, 0, t.headerLen);
            out[4] = (byte) (payload >>> 8);
            out[5] = (byte) payload;
            out[t.nhRel] = (byte) t.fragNh; // the header before the fragment header now names its payload
            System.arraycopy(t.data, 0, out, t.headerLen, dataLen);
        }
        return MemorySegment.ofArray(out);
    }

    // ---- memory ----

    /** Makes room for data up to {@code end} and a header of {@code headerLen}; false when the cap forbids it. */
    private boolean reserve(Tracker t, int end, int headerLen) {
        int dataCap = t.data.length;
        int newDataCap = dataCap;
        if (end > dataCap) newDataCap = Math.min(MAX_DATA, Math.max(end, Math.min(MAX_DATA, dataCap * 2)));
        int newHeaderCap = Math.max(t.header.length, headerLen);
        int fragCap = t.starts.length;
        int newFragCap = t.count < fragCap ? fragCap : Math.min(maxFragments, Math.max(8, fragCap * 2));
        long extra = (long) (newDataCap - dataCap) + (newHeaderCap - t.header.length) + 8L * (newFragCap - fragCap);
        if (extra == 0) return true;
        if (!makeRoom(extra, t)) return false;
        if (newDataCap != dataCap) t.data = java.util.Arrays.copyOf(t.data, newDataCap);
        if (newHeaderCap != t.header.length) t.header = new byte[newHeaderCap];
        if (newFragCap != fragCap) {
            t.starts = java.util.Arrays.copyOf(t.starts, newFragCap);
            t.ends = java.util.Arrays.copyOf(t.ends, newFragCap);
        }
        t.accounted += extra;
        memUsed += extra;
        return true;
    }

    /** Evicts the oldest trackers other than {@code keep} until {@code bytes} more fit under the cap. */
    private boolean makeRoom(long bytes, Tracker keep) {
        while (memUsed + bytes > memcap) {
            Tracker victim = keep != null && oldest == keep ? keep.newer : oldest;
            if (victim == null) return false;
            release(victim);
            memcapDrops++;
        }
        return true;
    }

    // ---- trackers ----

    private static int hash(Packet p, int version) {
        long h = p.srcHi * 0x9E3779B97F4A7C15L ^ p.srcLo * 0xC2B2AE3D27D4EB4FL;
        h ^= p.dstHi * 0x165667B19E3779F9L ^ p.dstLo * 0xFF51AFD7ED558CCDL;
        h ^= ((long) p.ipId << 8) ^ version ^ ((long) p.level << 4);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    private static boolean matches(Tracker t, Packet p, int version, int hash) {
        if (t.hash != hash || t.version != version || t.id != p.ipId || t.level != p.level) return false;
        if (t.srcHi != p.srcHi || t.srcLo != p.srcLo || t.dstHi != p.dstHi || t.dstLo != p.dstLo) return false;
        if (version == 4 && t.proto != p.proto) return false;
        if (t.vlanCount != p.vlanCount) return false;
        for (int i = 0; i < t.vlanCount; i++) if (t.vlan[i] != p.vlan[i]) return false;
        return true;
    }

    private Tracker lookup(Packet p, int version, int hash) {
        if (buckets == null) return null;
        for (Tracker t = buckets[hash & (buckets.length - 1)]; t != null; t = t.chain) {
            if (matches(t, p, version, hash)) return t;
        }
        return null;
    }

    private Tracker create(Packet p, int version, int hash) {
        while (trackerCount >= maxTrackers && oldest != null) {
            release(oldest);
            memcapDrops++;
        }
        Tracker t = free;
        if (t != null) {
            free = t.chain;
            freeCount--;
        } else {
            t = new Tracker();
        }
        long need = TRACKER_OVERHEAD + t.data.length + t.header.length + 8L * t.starts.length;
        if (!makeRoom(need, null)) {
            t.dropBuffers(); // a recycled tracker's buffers do not fit: start small
            need = TRACKER_OVERHEAD;
            if (!makeRoom(need, null)) {
                t.chain = free;
                free = t;
                freeCount++;
                return null;
            }
        }
        if (buckets == null) buckets = new Tracker[1024];
        else if (trackerCount >= buckets.length - (buckets.length >>> 2) && buckets.length < (1 << 20)) rehash();
        t.init(p, version, hash);
        t.accounted = need;
        memUsed += need;
        int b = hash & (buckets.length - 1);
        t.chain = buckets[b];
        buckets[b] = t;
        t.older = newest;
        t.newer = null;
        if (newest != null) newest.newer = t;
        else oldest = t;
        newest = t;
        trackerCount++;
        t.lastSeen = clock;
        if (nextExpiry == Long.MAX_VALUE) nextExpiry = clock + timeoutNanos;
        return t;
    }

    private void rehash() {
        Tracker[] old = buckets;
        buckets = new Tracker[old.length * 2];
        for (Tracker head : old) {
            for (Tracker t = head; t != null; ) {
                Tracker next = t.chain;
                int b = t.hash & (buckets.length - 1);
                t.chain = buckets[b];
                buckets[b] = t;
                t = next;
            }
        }
    }

    /** Marks {@code t} as just updated: it moves to the young end of the eviction order. */
    private void touch(Tracker t) {
        t.lastSeen = clock;
        if (newest != t) {
            unlinkAge(t);
            t.older = newest;
            t.newer = null;
            if (newest != null) newest.newer = t;
            else oldest = t;
            newest = t;
        }
        nextExpiry = oldest.lastSeen + timeoutNanos;
    }

    private void unlinkAge(Tracker t) {
        if (t.older != null) t.older.newer = t.newer;
        else oldest = t.newer;
        if (t.newer != null) t.newer.older = t.older;
        else newest = t.older;
        t.older = t.newer = null;
    }

    private void release(Tracker t) {
        int b = t.hash & (buckets.length - 1);
        if (buckets[b] == t) {
            buckets[b] = t.chain;
        } else {
            for (Tracker x = buckets[b]; x != null; x = x.chain) {
                if (x.chain == t) {
                    x.chain = t.chain;
                    break;
                }
            }
        }
        unlinkAge(t);
        trackerCount--;
        memUsed -= t.accounted;
        t.accounted = 0;
        if (freeCount < KEEP_FREE) {
            if (t.data.length > KEEP_BUFFER || t.starts.length > 64) t.dropBuffers();
            t.chain = free;
            free = t;
            freeCount++;
        }
        if (oldest == null) nextExpiry = Long.MAX_VALUE;
    }

    /** One datagram being reassembled. */
    static final class Tracker {
        private static final byte[] EMPTY = new byte[0];
        private static final int[] NONE = new int[0];

        int hash, version, id, proto, level, vlanCount;
        final int[] vlan = new int[Packet.MAX_VLANS];
        long srcHi, srcLo, dstHi, dstLo;
        long lastSeen;
        long accounted;
        Tracker chain, older, newer;

        /** Datagram data (after the IP header / fragment header), by offset. */
        byte[] data = EMPTY;
        /** Fragments received, sorted by start offset (ties in arrival order). */
        int[] starts = NONE, ends = NONE;
        int count;
        /** Data length, known once a last fragment arrived; -1 before. */
        int totalLen;
        boolean hasFirst;
        byte[] header = EMPTY;
        int headerLen, nhRel, fragNh;

        void init(Packet p, int version, int hash) {
            this.hash = hash;
            this.version = version;
            this.id = p.ipId;
            this.proto = p.proto;
            this.level = p.level;
            this.vlanCount = p.vlanCount;
            System.arraycopy(p.vlan, 0, vlan, 0, Packet.MAX_VLANS);
            this.srcHi = p.srcHi;
            this.srcLo = p.srcLo;
            this.dstHi = p.dstHi;
            this.dstLo = p.dstLo;
            this.count = 0;
            this.totalLen = -1;
            this.hasFirst = false;
            this.headerLen = 0;
            this.chain = older = newer = null;
        }

        void dropBuffers() {
            data = EMPTY;
            header = EMPTY;
            starts = NONE;
            ends = NONE;
        }

        /** Records fragment [start, end) after those with a start at or below it. */
        void add(int start, int end) {
            int i = count;
            while (i > 0 && starts[i - 1] > start) i--;
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            starts[i] = start;
            ends[i] = end;
            count++;
        }

        /** True when the fragments cover [0, len) without a hole. */
        boolean covers(int len) {
            int reach = 0;
            for (int i = 0; i < count && reach < len; i++) {
                if (starts[i] > reach) return false;
                if (ends[i] > reach) reach = ends[i];
            }
            return reach >= len;
        }
    }
}
