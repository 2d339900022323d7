package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Rule;
import dev.vigil.flow.Flow;
import java.nio.charset.StandardCharsets;

/**
 * Suricata's raw stream inspection: payload rules on {@code tcp} (and {@code tcp-stream}) see the
 * reassembled bytes of each direction, not packet by packet, so a pattern split over segments, or hidden
 * by overlapping retransmissions, is found as the receiver got it. One worker's instance (not thread-safe).
 *
 * <p>Each flow direction has a bounded window: up to {@link #CONTEXT} bytes already inspected, then the
 * bytes not inspected yet (at most {@link #MAX_PENDING}). When the window is inspected, its new bytes are
 * scanned by the prefilter (with the pattern overlap before them) and a rule alerts only on a match that
 * ends in them ({@link DetectEngine.Context#inspectStream}); then the window slides back to its context.
 * Gaps in the stream split it into runs that are inspected apart (no match spans a gap) but are shown
 * together in an alert's payload, the missing bytes written {@code [N bytes missing]} as Suricata does.
 *
 * <p>When: with {@code stream.inline} on the packet that brought the bytes; otherwise (IDS) only bytes the
 * receiver acknowledged, on a packet of the data's own direction once {@link #CHUNK} of them are waiting
 * or the direction has ended, and whatever is left when the flow ends (Suricata's flow timeout pseudo
 * packet). A window that fills before that is inspected at once. All windows of a worker share a byte
 * {@code budget}; a direction that finds none left is not inspected on the stream (counted).
 */
public final class StreamInspector {
    /** Bytes already inspected kept before the new ones, so a match across the boundary is still seen. */
    static final int CONTEXT = 2048;
    /** Bytes waiting for inspection per direction before they are inspected whatever the ACKs say. */
    static final int MAX_PENDING = 16 << 10;
    /** IDS: acknowledged bytes that make a direction due (Suricata's stream.reassembly.*-chunk-size default). */
    static final int CHUNK = 2560;
    /** Gap markers per window; more gaps than this flush the window. */
    static final int MAX_GAPS = 8;
    private static final int FIRST_CAPACITY = 1024;

    private DetectEngine.Context ctx;
    private final boolean inline;
    private final long budget;
    private long used;
    private long now;
    private AlertSink sink;
    private byte[] scratch = new byte[0];
    private byte[] shown = new byte[0];
    private int shownLen;

    /** Header protocols whose payload rules never see a TCP stream. */
    private static final java.util.Set<String> PACKET_PROTOCOLS = java.util.Set.of("tcp-pkt", "udp", "icmp", "icmpv4", "icmpv6", "pkthdr", "sctp");

    /** Windows inspected; inspections forced by a full window; directions not inspected for lack of budget. */
    public long inspections, forced, budgetSkips;

    public StreamInspector(DetectEngine.Context ctx, boolean inline, long budget) {
        this.ctx = ctx;
        this.inline = inline;
        this.budget = budget;
    }

    /**
     * How a payload rule meets TCP, as Suricata decides: {@code tcp-pkt} packets only and {@code tcp-stream}
     * the stream only; a {@code tcp} or {@code ip} rule, or one with an app-layer protocol in its header
     * ({@code alert http ... content:"x";}, which is TCP's), the stream, and a packet only when the stream did
     * not take its bytes. A rule bound to packets ({@code dsize}, {@code flow:no_stream}) stays on packets, and
     * so does one whose content has an offset or depth: Suricata inspects those both ways, Vigil on the
     * packet only, so that one match never alerts as packet and again as stream.
     */
    static byte modeOf(Rule r) {
        String proto = r.header().protocol();
        if (proto.equals("tcp-stream")) return DetectEngine.STREAM;
        if (r.matches().isEmpty() || PACKET_PROTOCOLS.contains(proto)) return DetectEngine.PACKET;
        byte mode = DetectEngine.EITHER;
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp && cmp.keyword().equals("dsize")) return DetectEngine.PACKET;
            if (c instanceof Rule.Setting s && s.keyword().equals("flow")) {
                for (String w : s.value().split(",")) {
                    if (w.trim().equals("no_stream")) return DetectEngine.PACKET;
                    if (w.trim().equals("only_stream")) mode = DetectEngine.STREAM;
                }
            }
        }
        if (mode == DetectEngine.STREAM) return mode;
        for (Object m : r.matches()) {
            if (m instanceof Content c && !c.base64Data && (c.offset != null || c.depth != null || c.startsWith)) return DetectEngine.PACKET;
        }
        return mode;
    }

    /**
     * Rules were reloaded: the windows (and the bytes they hold) stay, the next inspections run the new
     * engine's rules.
     */
    public void useContext(DetectEngine.Context ctx) {
        this.ctx = ctx;
    }

    /** The packet time and the sink of the alerts that follow (those the reassembler's deliveries may cause too). */
    public void use(long now, AlertSink sink) {
        this.now = now;
        this.sink = sink;
    }

    /** Bytes the windows hold now (at most the budget). */
    public long bytesHeld() { return used; }

    private static final class State {
        Window a, b;
    }

    /** One direction's window: {@code buf[0, len)}, inspected up to {@code pending}. */
    private final class Window implements AlertSink.StreamPayload {
        byte[] buf;
        int len, pending;
        /** Stream offset (bytes and gaps) at {@code pending}, not counting a gap marked at {@code pending}. */
        long pendingOffset;
        /** Stream offset at {@code len}, gaps included. */
        long end;
        final int[] gapAt = new int[MAX_GAPS];
        final long[] gapLen = new long[MAX_GAPS];
        int gaps;
        boolean skip;

        /** Stream offset just before {@code buf[index]} (and before a gap marked there), for index >= pending. */
        long offsetOf(int index) {
            long o = pendingOffset + (index - pending);
            for (int g = 0; g < gaps; g++) if (gapAt[g] >= pending && gapAt[g] < index) o += gapLen[g];
            return o;
        }

        /** The index of the first byte at or after stream offset {@code offset} (the end of the data before a gap it falls in). */
        int indexAt(long offset) {
            long o = pendingOffset;
            int i = pending;
            for (int g = 0; g < gaps; g++) {
                if (gapAt[g] < pending) continue;
                long span = gapAt[g] - i;
                if (offset <= o + span) return i + (int) (offset - o);
                o += span + gapLen[g];
                i = gapAt[g];
                if (offset <= o) return i;
            }
            return (int) Math.min(len, i + Math.max(0, offset - o));
        }

        @Override
        public byte[] render(int limit) {
            // a marker is at most 36 bytes ("[" + a long + " bytes missing]")
            int most = Math.min(limit, len + 40 * gaps);
            if (shown.length < most) shown = new byte[most];
            int n = 0, from = 0;
            for (int g = 0; g <= gaps && n < limit; g++) {
                int to = g < gaps ? gapAt[g] : len;
                int k = Math.min(to - from, limit - n);
                System.arraycopy(buf, from, shown, n, Math.max(0, k));
                n += Math.max(0, k);
                from = to;
                if (g < gaps) {
                    byte[] mark = ("[" + gapLen[g] + " bytes missing]").getBytes(StandardCharsets.US_ASCII);
                    int m = Math.min(mark.length, limit - n);
                    System.arraycopy(mark, 0, shown, n, m);
                    n += m;
                }
            }
            shownLen = n;
            return shown;
        }

        @Override
        public int length() { return shownLen; }
    }

    private Window window(Flow f, boolean fromA, boolean create) {
        State st = f.streamInspectState instanceof State s ? s : null;
        if (st == null) {
            if (!create) return null;
            f.streamInspectState = st = new State();
        }
        Window w = fromA ? st.a : st.b;
        if (w == null && create) {
            w = new Window();
            if (fromA) st.a = w; else st.b = w;
        }
        return w;
    }

    /** In-order stream bytes of {@code f} sent by side A when {@code fromA}, as the reassembler delivers them. */
    public void data(Flow f, boolean fromA, byte[] b, int off, int n) {
        Window w = window(f, fromA, true);
        if (w.skip) return;
        if (w.buf == null && !allocate(w, n)) return;
        while (n > 0) {
            int room = w.buf.length - w.len;
            int waiting = w.len - w.pending;
            if (room == 0 || waiting >= MAX_PENDING) {
                if (waiting < MAX_PENDING && grow(w)) continue;
                forced++;
                run(f, fromA, w, w.len);
                // a window the budget kept small is full of context: keep half of it, so a match across still shows
                if (w.buf.length - w.len == 0) keep(w, w.buf.length / 2);
                continue;
            }
            int k = Math.min(n, Math.min(room, MAX_PENDING - waiting));
            System.arraycopy(b, off, w.buf, w.len, k);
            w.len += k;
            w.end += k;
            off += k;
            n -= k;
        }
    }

    /** {@code bytes} of that direction were never seen: later bytes do not continue a match across them. */
    public void gap(Flow f, boolean fromA, long bytes) {
        Window w = window(f, fromA, true);
        if (w.skip) return;
        if (w.gaps > 0 && w.gapAt[w.gaps - 1] == w.len) {
            w.gapLen[w.gaps - 1] += bytes;
        } else {
            if (w.gaps == MAX_GAPS) {
                forced++;
                run(f, fromA, w, w.len);
                clear(w);
            }
            w.gapAt[w.gaps] = w.len;
            w.gapLen[w.gaps] = bytes;
            w.gaps++;
        }
        w.end += bytes;
    }

    /**
     * After a packet of {@code f} sent by side A when {@code fromA}: inspects that direction when it is due.
     * {@code acked} is the receiver's acknowledgement as a stream offset (-1 for none, {@link Long#MAX_VALUE}
     * once the direction ended).
     */
    public void afterPacket(Flow f, boolean fromA, long acked) {
        Window w = window(f, fromA, false);
        if (w == null || w.buf == null || w.pending == w.len) return;
        int limit;
        if (inline) {
            limit = w.len;
        } else {
            if (acked < 0) return;
            long upTo = Math.min(acked, w.end);
            long due = upTo - w.pendingOffset;
            if (due <= 0 || acked != Long.MAX_VALUE && due < CHUNK) return;
            limit = w.indexAt(upTo);
        }
        run(f, fromA, w, limit);
    }

    /** The flow ends: what is left of both directions is inspected (as on Suricata's flow timeout pseudo packet), and the windows freed. */
    public void flowEnd(Flow f) {
        if (!(f.streamInspectState instanceof State st)) return;
        for (Window w : new Window[] {st.a, st.b}) {
            if (w == null || w.buf == null) continue;
            run(f, w == st.a, w, w.len);
            used -= w.buf.length;
            w.buf = null;
        }
        f.streamInspectState = null;
    }

    private boolean allocate(Window w, int n) {
        int cap = Math.max(FIRST_CAPACITY, Integer.highestOneBit(Math.max(1, Math.min(n, MAX_PENDING)) - 1) << 1);
        cap = Math.min(cap, CONTEXT + MAX_PENDING);
        if (used + cap > budget) {
            w.skip = true;
            budgetSkips++;
            return false;
        }
        w.buf = new byte[cap];
        used += cap;
        return true;
    }

    private boolean grow(Window w) {
        int old = w.buf.length;
        int cap = Math.min(CONTEXT + MAX_PENDING, old * 2);
        if (cap <= old || used + cap - old > budget) return false;
        w.buf = java.util.Arrays.copyOf(w.buf, cap);
        used += cap - old;
        return true;
    }

    /** Inspects {@code w} up to {@code limit}, one run between gaps at a time, then slides it back to its context. */
    private void run(Flow f, boolean fromA, Window w, int limit) {
        if (limit <= w.pending) return;
        inspections++;
        boolean toServer = fromA != f.reversed;
        int runStart = 0;
        for (int g = 0; g < w.gaps; g++) if (w.gapAt[g] <= w.pending) runStart = w.gapAt[g];
        int from = w.pending;
        while (from < limit) {
            int next = limit;
            for (int g = 0; g < w.gaps; g++) if (w.gapAt[g] > from && w.gapAt[g] < next) next = w.gapAt[g];
            if (next > from) inspect(f, toServer, w, runStart, from, next);
            runStart = next;
            from = next;
        }
        w.pendingOffset = w.offsetOf(limit);
        w.pending = limit;
        slide(w);
    }

    private void inspect(Flow f, boolean toServer, Window w, int start, int from, int to) {
        if (start == 0) {
            ctx.inspectStream(f, toServer, w.buf, to, from, now, sink, w);
            return;
        }
        // a run after a gap: the inspection buffer starts at the run (rare, so copying it is fine)
        int n = to - start;
        if (scratch.length < n) scratch = new byte[Math.max(n, scratch.length * 2)];
        System.arraycopy(w.buf, start, scratch, 0, n);
        ctx.inspectStream(f, toServer, scratch, n, from - start, now, sink, w);
    }

    /** Drops inspected bytes beyond the context (and the gap markers before them). */
    private static void slide(Window w) {
        keep(w, CONTEXT);
    }

    /** Keeps at most {@code context} inspected bytes. */
    private static void keep(Window w, int context) {
        int shift = w.pending - context;
        if (shift <= 0) return;
        System.arraycopy(w.buf, shift, w.buf, 0, w.len - shift);
        w.len -= shift;
        w.pending -= shift;
        int kept = 0;
        for (int g = 0; g < w.gaps; g++) {
            if (w.gapAt[g] < shift) continue;
            w.gapAt[kept] = w.gapAt[g] - shift;
            w.gapLen[kept] = w.gapLen[g];
            kept++;
        }
        w.gaps = kept;
    }

    /** Forgets the window's bytes (all inspected) to make room. */
    private static void clear(Window w) {
        w.pendingOffset = w.end;
        w.len = w.pending = 0;
        w.gaps = 0;
    }
}
