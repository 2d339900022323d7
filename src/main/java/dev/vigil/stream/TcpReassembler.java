package dev.vigil.stream;

import dev.vigil.decode.Packet;
import dev.vigil.flow.Flow;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * TCP reassembly per direction, one instance per worker thread (not thread-safe). Bytes that arrive
 * in order are handed to the {@link StreamListener} at once from a reusable scratch buffer; bytes that
 * arrive ahead of a hole are copied and held, sorted by sequence number, until the hole fills or is
 * declared a gap. Sequence numbers are unsigned 32-bit values kept in {@code int}s and compared
 * modulo 2^32 ({@code a - b > 0} means a is after b), so wraparound needs no special case.
 *
 * <p>A hole becomes a gap ({@link StreamListener#onGap}) when the receiver acknowledges bytes beyond
 * it (it got bytes the sensor never saw), when the direction holds more than
 * {@link StreamConfig#maxHeldPerDirection}, when the memcap needs the memory, and when the flow ends
 * or is reset. Overlapping bytes not yet delivered are chosen by the {@link OverlapPolicy}; bytes
 * already delivered stay, and a retransmission that differs from the last delivered bytes (kept in a
 * small window per direction) raises {@link StreamEvent#REASSEMBLY_OVERLAP_DIFFERENT_DATA}.
 *
 * <p>Memory: the memcap covers held segments (their bytes plus {@link HeldSegment#OVERHEAD} each) and
 * the retransmission windows; {@link #bytesHeld()} reports that sum and never exceeds
 * {@link StreamConfig#memcap}. Windows may use at most half of it, so they never starve out-of-order
 * data. Each event is raised at most once per flow direction; the counters count every occurrence.
 */
public final class TcpReassembler {
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;
    /**
     * Bytes of IP datagram an Ethernet frame must carry at least (60-byte minimum frame less its 14-byte
     * header): anything shorter is padded with zeros after the datagram.
     */
    static final int ETHERNET_MIN_PAYLOAD = 46;
    /** Distance in sequence space beyond which a segment, ACK or RST cannot belong to the stream (1 GiB). */
    static final int MAX_AHEAD = 1 << 30;
    /** Size of the per-direction window of last delivered bytes for retransmission checks (power of two). */
    static final int WINDOW = 2048;

    private final StreamConfig config;
    private final StreamListener listener;
    private final OverlapPolicy policy;
    private byte[] scratch = new byte[64 << 10];
    /**
     * Windows of released directions, kept for the next directions that need one: almost every TCP
     * direction gets a window, and allocating (and zeroing) one per direction was a tenth of the
     * worker's allocation. Their old bytes are never read: a window is valid only up to windowLen.
     */
    private final byte[][] freeWindows = new byte[FREE_WINDOWS][];
    private int freeCount;
    /** Windows kept for reuse at most (128 KiB), outside the memcap like the scratch buffer. */
    static final int FREE_WINDOWS = 64;
    private long used;
    private long windowBytes;

    /** Bytes held against the memcap now (out-of-order segments and windows). */
    public long memoryUsed() { return used; }

    // counters (reported as stats.tcp.reassembly_* style)
    /** Holes declared gaps, and the bytes they skipped. */
    public long gaps, gapBytes;
    /** Segments overlapping held or delivered bytes; those whose overlapping bytes differed. */
    public long overlaps, overlapsDifferent;
    /** Out-of-order segments refused because the memcap was reached (after trying to free). */
    public long memcapDrops;
    /** Directions that reached the reassembly depth. */
    public long depthReached;
    /** Segments held because they arrived ahead of a hole. */
    public long segmentsOutOfOrder;
    /** Directions started at a data segment without a SYN (midstream). */
    public long midstreamPickups;
    /** Directions not reassembled because no SYN was seen and midstream is off. */
    public long noSynDirections;
    /** Segments (partly) before the next expected byte; keep-alives and zero-window probes ignored. */
    public long retransmissions, keepalives, zeroWindowProbes;
    /** Segments, ACKs and RSTs too far from the stream's position to be plausible, ignored. */
    public long outOfWindow;
    /** Holes declared gaps because the peer acknowledged beyond them / the direction held too much. */
    public long ackedGaps, heldLimitGaps;
    /** Out-of-order segments dropped because one alone exceeds the per-direction limit. */
    public long heldLimitDrops;
    /** Bytes sent after the FIN's sequence number, ignored. */
    public long dataAfterFin;
    /** Directions reset by an RST. */
    public long resets;
    /** Pure ACKs whose "payload" was zero padding counted into the IP length (see {@link #isAckPadding}), ignored. */
    public long ackPadding;

    public TcpReassembler(StreamConfig config, StreamListener listener) {
        this.config = config;
        this.listener = listener;
        this.policy = config.inline ? OverlapPolicy.FIRST : config.policy;
    }

    /** Memory held now against the memcap: out-of-order segments (bytes + per-segment overhead) and windows. */
    public long bytesHeld() { return used; }

    /** A TCP packet of flow {@code f}, already accounted by the flow table; {@code toServer} = A->B. */
    public void onPacket(Flow f, Packet p, boolean toServer) {
        if (!p.isTcp()) return;
        FlowStreams st = (FlowStreams) f.streamState;
        if (st == null) f.streamState = st = new FlowStreams(f);
        else st.follow(f);
        StreamDirection d = toServer ? st.toServer : st.toClient;
        if (d == null) {
            d = new StreamDirection();
            if (toServer) st.toServer = d; else st.toClient = d;
        }
        int flags = p.tcpFlags;
        int seq = (int) p.tcpSeq;
        if ((flags & RST) != 0) {
            reset(f, st, d, seq);
            return;
        }
        d.advertisedZeroWindow = p.tcpWindow == 0;
        int len = Math.max(0, p.payloadLen);
        if (len > 0 && isAckPadding(p, flags, len)) {
            ackPadding++;
            len = 0;
        }
        if ((flags & SYN) != 0) {
            syn(d, seq);
            seq++; // the SYN consumes one sequence number; data on it (TCP Fast Open) follows
        } else if (d.state == StreamDirection.NONE || d.state == StreamDirection.NO_SYN) {
            if (len > 0) {
                if (config.midstream) {
                    d.state = StreamDirection.ACTIVE;
                    d.base = seq;
                    midstreamPickups++;
                } else if (d.state == StreamDirection.NONE) {
                    d.state = StreamDirection.NO_SYN;
                    noSynDirections++;
                }
            }
        }
        if (d.state == StreamDirection.ACTIVE) {
            if (len > 0) {
                long depth = depth(f);
                p.streamAdded = depth <= 0 || d.offset < depth;
                StreamDirection peer = toServer ? st.toClient : st.toServer;
                data(f, d, toServer, p, seq, len, peer != null && peer.advertisedZeroWindow);
            }
            if ((flags & FIN) != 0 && d.state == StreamDirection.ACTIVE) fin(f, d, toServer, seq + len);
        }
        if ((flags & ACK) != 0) {
            StreamDirection peer = toServer ? st.toClient : st.toServer;
            if (peer != null && peer.state == StreamDirection.ACTIVE) ack(f, peer, !toServer, (int) p.tcpAck);
        }
    }

    /**
     * How far the receiver of one direction of {@code f} has acknowledged it, as a stream offset (the
     * {@link StreamListener}'s count of bytes delivered and skipped): -1 before any ACK, and
     * {@link Long#MAX_VALUE} once the direction is finished (FIN, RST, depth), when nothing more will be
     * acknowledged that matters. Passive inspection reads only acknowledged bytes, as the receiver took them.
     */
    public long ackedOffset(Flow f, boolean toServer) {
        if (!(f.streamState instanceof FlowStreams st)) return -1;
        StreamDirection d = toServer ? st.toServer : st.toClient;
        if (d == null) return -1;
        if (d.state == StreamDirection.DONE) return Long.MAX_VALUE;
        if (d.state != StreamDirection.ACTIVE || !d.ackSeen) return -1;
        int rel = d.acked - d.base;
        if (rel > MAX_AHEAD || rel < -MAX_AHEAD) return -1;
        return d.offset + rel;
    }

    /**
     * A bare ACK or SYN/ACK (no PSH, FIN, RST, URG) of an IPv4 datagram so short that its few "payload" bytes lie
     * where Ethernet pads a frame to its minimum, all of them zero: some devices (capture appliances,
     * NATs re-encapsulating a VLAN frame) fold that padding into the IP total length and recompute the
     * checksums, so the pure ACK appears to carry data. The endpoints show it is not data: the sender's
     * next segment starts at the same sequence number with other bytes, and the receiver's ACKs never
     * cover the padding alone (tcp/ndpi-heuristic_tcp_ack_payload.pcap: 2 zero bytes on every client
     * ACK, 6 on every server ACK and SYN/ACK without options, each followed by the real data at the same
     * sequence; a SYN/ACK with data of its own (TCP Fast Open) carries options too, so it is too long for this; nDPI's
     * tcp_ack_payload heuristic ignores the same segments). Taken as data, those zeros would precede a
     * TLS ClientHello and hide the protocol. A real sender puts data of its own in a segment with PSH
     * set when it is the last of a write, so a tiny all-zero segment without PSH is not one.
     */
    static boolean isAckPadding(Packet p, int flags, int len) {
        // one byte is a keep-alive's garbage octet, handled as such below
        if (len < 2 || (flags & (ACK | PSH | FIN | RST | URG)) != ACK) return false;
        if (p.ipVersion != 4 || p.ipHeaderLen + p.tcpHeaderLen + len > ETHERNET_MIN_PAYLOAD) return false;
        for (int i = 0; i < len; i++) if (p.u8(p.payloadOff + i) != 0) return false;
        return true;
    }

    /** The flow ends: held bytes are delivered with their holes as gaps, and its memory is freed. */
    public void onFlowEnd(Flow f) {
        if (!(f.streamState instanceof FlowStreams st)) return;
        st.follow(f);
        if (st.toServer != null) finish(f, st.toServer, true);
        if (st.toClient != null) finish(f, st.toClient, false);
        f.streamState = null;
    }

    // ---- packet parts ----

    private void syn(StreamDirection d, int seq) {
        int start = seq + 1;
        switch (d.state) {
            case StreamDirection.NONE, StreamDirection.NO_SYN -> {
                d.state = StreamDirection.ACTIVE;
                d.base = start;
            }
            case StreamDirection.ACTIVE -> {
                // a SYN retried with a new initial sequence number, before any byte moved: follow it
                if (d.offset == 0 && d.head == null && d.base != start) {
                    d.base = start;
                    d.ackSeen = false;
                }
            }
            default -> { }
        }
    }

    private void reset(Flow f, FlowStreams st, StreamDirection d, int seq) {
        if (d.state == StreamDirection.ACTIVE && Math.abs(seq - d.base) > MAX_AHEAD) {
            outOfWindow++;      // not a reset of this connection: a forged or stray one
            return;
        }
        resets++;
        if (st.toServer != null) finish(f, st.toServer, true);
        if (st.toClient != null) finish(f, st.toClient, false);
    }

    private void fin(Flow f, StreamDirection d, boolean toServer, int finSeq) {
        if (!d.finSeen) {
            int rel = finSeq - d.base;
            if (rel < 0 || rel > MAX_AHEAD) return;   // a stale or implausible FIN
            d.finSeen = true;
            d.finSeq = finSeq;
            // bytes held beyond the FIN were never part of the stream
            dropHeldFrom(d, finSeq);
        }
        closeIfFinReached(d);
    }

    /** The peer acknowledged {@code ack} of direction {@code d}: bytes before it reached the receiver. */
    private void ack(Flow f, StreamDirection d, boolean dirToServer, int ack) {
        int rel = ack - d.base;
        if (rel > MAX_AHEAD) {
            outOfWindow++;
            return;
        }
        if (rel < -MAX_AHEAD) return;
        // kept even when it acknowledges nothing new: passive inspection reads how far the receiver got
        if (!d.ackSeen || ack - d.acked > 0) {
            d.acked = ack;
            d.ackSeen = true;
        }
        if (rel <= 0) return;
        if (d.head != null) {
            long before = gaps;
            gapUpTo(f, d, dirToServer, ack);
            ackedGaps += gaps - before;
        }
    }

    // ---- data ----

    private void data(Flow f, StreamDirection d, boolean toServer, Packet p, int seq, int len, boolean peerZeroWindow) {
        byte[] buf = scratch;
        if (buf.length < len) scratch = buf = new byte[len];
        MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, p.payloadOff, buf, 0, len);
        int rel = seq - d.base;
        if (rel == 0 && d.head == null && !d.finSeen) {
            if (len == 1 && peerZeroWindow) {
                zeroWindowProbes++;     // the receiver discards it; the byte comes again when the window opens
                return;
            }
            deliver(f, d, toServer, buf, 0, len);
            return;
        }
        segment(f, d, toServer, buf, 0, len, seq, peerZeroWindow);
    }

    /** Any segment but the plain in-order one: retransmitted parts, out-of-order parts, overlaps. */
    private void segment(Flow f, StreamDirection d, boolean toServer, byte[] buf, int off, int len, int seq,
                         boolean peerZeroWindow) {
        final int origSeq = seq, origEnd = seq + len;
        if (d.finSeen) {
            int room = d.finSeq - seq;
            if (room < len) {
                if (room <= 0) {
                    if (seq - d.base >= 0) { dataAfterFin++; return; }
                } else {
                    dataAfterFin++;
                    len = room;
                }
            }
        }
        for (int guard = 0; len > 0 && d.state == StreamDirection.ACTIVE; guard++) {
            int rel = seq - d.base;
            if (rel < 0) {
                if (rel < -MAX_AHEAD) {
                    outOfWindow++;
                    raise(f, d, StreamEvent.REASSEMBLY_SEGMENT_BEFORE_BASE_SEQ);
                    return;
                }
                if (rel == -1 && len == 1) {
                    keepalives++;       // a keep-alive: one garbage byte just before the next expected one
                    return;
                }
                int dup = -rel >= len ? len : -rel;
                retransmissions++;
                compareDelivered(f, d, buf, off, dup, -rel);
                off += dup;
                len -= dup;
                seq += dup;
                continue;
            }
            if (rel == 0) {
                if (len == 1 && peerZeroWindow && d.head == null) {
                    zeroWindowProbes++;
                    return;
                }
                mergeAtBase(f, d, toServer, buf, off, len, origSeq, origEnd);
                return;
            }
            if (rel > MAX_AHEAD) {
                outOfWindow++;
                raise(f, d, StreamEvent.REASSEMBLY_SEGMENT_BEFORE_BASE_SEQ);
                return;
            }
            if (ackedBeyondBase(d)) {
                // the receiver already acknowledged bytes of the hole before this segment: they are lost to us
                long before = gaps;
                gapUpTo(f, d, toServer, seq - d.acked > 0 ? d.acked : seq);
                ackedGaps += gaps - before;
                continue;
            }
            if (hold(f, d, toServer, buf, off, len, seq, origSeq, origEnd)) return;
            if (guard > 1 << 20) return;    // cannot happen: every retry moves the base or frees memory
        }
    }

    /**
     * A segment starting at the next expected byte while out-of-order bytes are held: its bytes up to a
     * held segment are delivered, an overlap with a held segment is settled by the policy, the held
     * segment is delivered, and so on; nothing new is held.
     */
    private void mergeAtBase(Flow f, StreamDirection d, boolean toServer, byte[] buf, int off, int len,
                             int origSeq, int origEnd) {
        while (len > 0 && d.state == StreamDirection.ACTIVE) {
            HeldSegment h = d.head;
            int seq = d.base;
            if (h == null || h.seq - seq > 0) {
                int n = h == null ? len : Math.min(len, h.seq - seq);
                deliver(f, d, toServer, buf, off, n);
                off += n;
                len -= n;
                continue;
            }
            // h starts at the base: the new bytes overlap it
            int n = Math.min(len, h.data.length);
            overlap(f, d, buf, off, origSeq, origEnd, h, 0, n);
            popHead(d);
            deliver(f, d, toServer, h.data, 0, h.data.length);
            off += n;
            len -= n;
        }
        drain(f, d, toServer);
    }

    /**
     * Holds the new bytes of an out-of-order segment. Returns false when it made room by declaring a
     * gap instead, so the caller must look at the segment again (the base moved).
     */
    private boolean hold(Flow f, StreamDirection d, boolean toServer, byte[] buf, int off, int len, int seq,
                         int origSeq, int origEnd) {
        long depth = depth(f);
        if (depth > 0) {
            long startOffset = d.offset + (seq - d.base);
            if (startOffset >= depth) return true;   // beyond the depth: never delivered, never held
            if (startOffset + len > depth) len = (int) (depth - startOffset);
        }
        long need = walk(f, d, buf, off, len, seq, origSeq, origEnd, false);
        if (need == 0) {
            walk(f, d, buf, off, len, seq, origSeq, origEnd, true);
            return true;
        }
        boolean memcap = used + need > config.memcap;
        boolean perDir = d.held + need > config.maxHeldPerDirection;
        if (memcap || perDir) {
            if (d.head == null) {
                if (memcap) {
                    memcapDrops++;
                    raise(f, d, StreamEvent.REASSEMBLY_MEMCAP);
                } else {
                    heldLimitDrops++;
                }
                return true;
            }
            // make room: the oldest hole of this direction (up to this segment if it lies in it) becomes a gap
            int to = d.head.seq - seq > 0 ? seq : d.head.seq;
            long before = gaps;
            gapUpTo(f, d, toServer, to);
            if (perDir) heldLimitGaps += gaps - before;
            return false;
        }
        walk(f, d, buf, off, len, seq, origSeq, origEnd, true);
        segmentsOutOfOrder++;
        return true;
    }

    /**
     * Walks the held list along [seq, seq+len). Without {@code apply} returns the memcap cost of the
     * bytes not held yet; with it, inserts them as new pieces and settles the overlaps in place.
     */
    private long walk(Flow f, StreamDirection d, byte[] buf, int off, int len, int seq, int origSeq, int origEnd,
                      boolean apply) {
        long need = 0;
        int end = seq + len, cur = seq;
        HeldSegment prev = null, h = d.head;
        // fast path: beyond the last held segment (the usual order in which later segments arrive)
        if (d.tail != null && seq - d.tail.end() >= 0) {
            prev = d.tail;
            h = null;
        } else {
            while (h != null && h.end() - cur <= 0) {
                prev = h;
                h = h.next;
            }
        }
        while (end - cur > 0) {
            if (h == null || h.seq - end >= 0) {
                if (apply) prev = insertAfter(d, prev, cur, buf, off + (cur - seq), end - cur, origSeq, origEnd);
                else need += end - cur + HeldSegment.OVERHEAD;
                break;
            }
            if (h.seq - cur > 0) {
                if (apply) prev = insertAfter(d, prev, cur, buf, off + (cur - seq), h.seq - cur, origSeq, origEnd);
                else need += h.seq - cur + HeldSegment.OVERHEAD;
                cur = h.seq;
            }
            int oe = end - h.end() < 0 ? end : h.end();
            if (apply) overlap(f, d, buf, off + (cur - seq), origSeq, origEnd, h, cur - h.seq, oe - cur);
            cur = oe;
            prev = h;
            h = h.next;
        }
        return need;
    }

    private HeldSegment insertAfter(StreamDirection d, HeldSegment prev, int seq, byte[] buf, int off, int len,
                                    int origSeq, int origEnd) {
        HeldSegment s = new HeldSegment(seq, Arrays.copyOfRange(buf, off, off + len), origSeq, origEnd);
        if (prev == null) {
            s.next = d.head;
            d.head = s;
        } else {
            s.next = prev.next;
            prev.next = s;
        }
        if (s.next == null) d.tail = s;
        d.held += s.cost();
        used += s.cost();
        return s;
    }

    /**
     * New bytes {@code buf[off..off+n)} overlap held bytes {@code h.data[at..at+n)}: count it, and when they
     * differ let the policy decide which stay.
     */
    private void overlap(Flow f, StreamDirection d, byte[] buf, int off, int newSeq, int newEnd, HeldSegment h,
                         int at, int n) {
        overlaps++;
        if (Arrays.equals(buf, off, off + n, h.data, at, at + n)) return;
        overlapsDifferent++;
        raise(f, d, StreamEvent.REASSEMBLY_OVERLAP_DIFFERENT_DATA);
        if (newWins(newSeq, newEnd, h.origSeq, h.origEnd)) System.arraycopy(buf, off, h.data, at, n);
    }

    /** Whether the new segment's bytes replace the original's where they overlap, per the policy. */
    boolean newWins(int ns, int ne, int os, int oe) {
        return switch (policy) {
            case FIRST, WINDOWS -> false;
            case LAST -> true;
            case BSD -> ns - os < 0;
            case LINUX -> ns - os < 0 || (ns == os && ne - oe > 0);
            case SOLARIS -> ne - oe > 0 && ns - os <= 0;
        };
    }

    /**
     * Retransmitted bytes {@code buf[off..off+n)} start {@code back} bytes before the base: compare them with
     * the delivered bytes still in the window. Delivered bytes always stay.
     */
    private void compareDelivered(Flow f, StreamDirection d, byte[] buf, int off, int n, int back) {
        byte[] w = d.window;
        if (w == null) return;
        int skip = back > d.windowLen ? back - d.windowLen : 0;
        if (skip >= n) return;
        overlaps++;
        long o = d.offset - back;
        for (int k = skip; k < n; k++) {
            if (w[(int) ((o + k) & (WINDOW - 1))] != buf[off + k]) {
                overlapsDifferent++;
                raise(f, d, StreamEvent.REASSEMBLY_OVERLAP_DIFFERENT_DATA);
                return;
            }
        }
    }

    // ---- delivery ----

    /** Delivers bytes at the base, stopping at the depth. */
    private void deliver(Flow f, StreamDirection d, boolean toServer, byte[] buf, int off, int len) {
        boolean reached = false;
        long depth = depth(f);
        if (depth > 0) {
            long room = depth - d.offset;
            if (len >= room) {
                len = (int) Math.max(0, room);
                reached = true;
            }
        }
        if (len > 0) {
            remember(d, buf, off, len);
            d.base += len;
            d.offset += len;
            listener.onData(f, toServer, buf, off, len);
        }
        if (reached) reachDepth(f, d);
    }

    /** Keeps the last delivered bytes in the direction's window, which is made when memory allows. */
    private void remember(StreamDirection d, byte[] buf, int off, int len) {
        byte[] w = d.window;
        if (w == null) {
            if (windowBytes + WINDOW > config.memcap / 2 || used + WINDOW > config.memcap) return;
            d.window = w = freeCount > 0 ? freeWindows[--freeCount] : new byte[WINDOW];
            windowBytes += WINDOW;
            used += WINDOW;
        }
        int n = Math.min(len, WINDOW);
        long start = d.offset + len - n;
        int at = (int) (start & (WINDOW - 1));
        int first = Math.min(n, WINDOW - at);
        System.arraycopy(buf, off + len - n, w, at, first);
        if (first < n) System.arraycopy(buf, off + len - n + first, w, 0, n - first);
        d.windowLen = (int) Math.min(WINDOW, (long) d.windowLen + len);
    }

    /** Delivers held segments that now start at the base; the FIN is consumed when reached. */
    private void drain(Flow f, StreamDirection d, boolean toServer) {
        HeldSegment h;
        while (d.state == StreamDirection.ACTIVE && (h = d.head) != null && h.seq == d.base) {
            popHead(d);
            deliver(f, d, toServer, h.data, 0, h.data.length);
        }
        closeIfFinReached(d);
    }

    /** Declares the holes before {@code limit} gaps, delivering the held bytes between them. */
    private void gapUpTo(Flow f, StreamDirection d, boolean toServer, int limit) {
        while (d.state == StreamDirection.ACTIVE && limit - d.base > 0) {
            HeldSegment h = d.head;
            int to = h != null && limit - h.seq > 0 ? h.seq : limit;
            if (to - d.base > 0) gap(f, d, toServer, to - d.base);
            drain(f, d, toServer);
        }
    }

    private void gap(Flow f, StreamDirection d, boolean toServer, int n) {
        boolean reached = false;
        long len = n & 0xFFFF_FFFFL;
        long depth = depth(f);
        if (depth > 0) {
            long room = depth - d.offset;
            if (len >= room) {
                len = Math.max(0, room);
                reached = true;
            }
        }
        if (len > 0) {
            d.base += (int) len;
            d.offset += len;
            d.windowLen = 0;
            gaps++;
            gapBytes += len;
            raise(f, d, StreamEvent.REASSEMBLY_SEQ_GAP);
            listener.onGap(f, toServer, len);
        }
        if (reached) reachDepth(f, d);
    }

    /** The flow's reassembly depth: its application protocol's when it has one (SMB: unlimited), else the configured one. */
    private long depth(Flow f) {
        return f.streamDepth >= 0 ? f.streamDepth : config.depth;
    }

    private void reachDepth(Flow f, StreamDirection d) {
        depthReached++;
        raise(f, d, StreamEvent.REASSEMBLY_DEPTH_REACHED);
        release(d);
        d.state = StreamDirection.DONE;
    }

    private void closeIfFinReached(StreamDirection d) {
        if (d.finSeen && d.state == StreamDirection.ACTIVE && d.base == d.finSeq) {
            d.base++;
            release(d);
            d.state = StreamDirection.DONE;
        }
    }

    /** End of a direction: what is held goes out with its holes as gaps (and a trailing acknowledged gap). */
    private void finish(Flow f, StreamDirection d, boolean toServer) {
        if (d.state == StreamDirection.ACTIVE) {
            int limit = d.base;
            if (d.tail != null) limit = d.tail.end();
            if (ackedBeyondBase(d) && d.acked - limit > 0) limit = d.acked;
            if (d.finSeen && limit - d.finSeq > 0) limit = d.finSeq;
            gapUpTo(f, d, toServer, limit);
        }
        release(d);
        d.state = StreamDirection.DONE;
    }

    /** The peer acknowledged bytes beyond the base (and the ACK is recent enough to compare with it). */
    private static boolean ackedBeyondBase(StreamDirection d) {
        int rel = d.acked - d.base;
        return d.ackSeen && rel > 0 && rel <= MAX_AHEAD;
    }

    private void popHead(StreamDirection d) {
        HeldSegment h = d.head;
        d.head = h.next;
        if (d.head == null) d.tail = null;
        h.next = null;
        d.held -= h.cost();
        used -= h.cost();
    }

    /** Forgets held bytes at or after {@code seq} (beyond a FIN): they were never part of the stream. */
    private void dropHeldFrom(StreamDirection d, int seq) {
        HeldSegment prev = null, h = d.head;
        while (h != null && h.end() - seq <= 0) {
            prev = h;
            h = h.next;
        }
        if (h == null) return;
        dataAfterFin++;
        int freed = 0;
        for (HeldSegment x = h; x != null; x = x.next) freed += x.cost();
        d.held -= freed;
        used -= freed;
        if (h.seq - seq < 0) {
            // the piece straddles seq: keep its part before it
            HeldSegment keep = new HeldSegment(h.seq, Arrays.copyOf(h.data, seq - h.seq), h.origSeq, h.origEnd);
            d.held += keep.cost();
            used += keep.cost();
            if (prev == null) d.head = keep; else prev.next = keep;
            d.tail = keep;
            return;
        }
        if (prev == null) d.head = d.tail = null;
        else {
            prev.next = null;
            d.tail = prev;
        }
    }

    private void release(StreamDirection d) {
        used -= d.held;
        d.held = 0;
        d.head = d.tail = null;
        if (d.window != null) {
            if (freeCount < FREE_WINDOWS) freeWindows[freeCount++] = d.window;
            d.window = null;
            windowBytes -= WINDOW;
            used -= WINDOW;
        }
        d.windowLen = 0;
    }

    private void raise(Flow f, StreamDirection d, StreamEvent e) {
        int bit = 1 << e.ordinal();
        if ((d.raised & bit) != 0) return;
        d.raised |= bit;
        listener.onEvent(f, e);
    }
}
