package dev.vigil.bench;

import dev.vigil.capture.Frame;
import dev.vigil.decode.Packet;
import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowConfig;
import dev.vigil.flow.FlowHash;
import dev.vigil.flow.FlowTable;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The flow stage per packet: {@link FlowHash#of} then {@link FlowTable#handle}, as a worker calls
 * them, with the decoder's reused {@link Packet} refilled for every packet. One operation is one packet.
 *
 * <ul>
 *   <li>{@code lookupUpdate}: {@code flows} established flows already in the table; packets hit them
 *       in a skewed random order (half of them go to the hottest 5%), both directions. Lookup, counters,
 *       TCP state, timeout-queue move.</li>
 *   <li>{@code churn}: flows of 8 packets (TCP: handshake, data, FIN; one in five UDP), {@code flows}
 *       of them interleaved at any time, 1 ms of packet time per packet, so flows are created, tracked,
 *       and then ended by the timeout sweep into the sink: the whole life cycle, amortised per packet.</li>
 * </ul>
 */
public class FlowTableBenchmark extends BenchmarkDefaults {
    static final int BATCH = 4096;
    private static final int STREAM = 1 << 16;
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Param({"1000", "100000"})
    public int flows;

    private final Frame frame = new Frame();
    private final Packet p = new Packet();
    private long ended;

    // lookupUpdate: pre-built keys and a skewed packet order
    private long[] src, dst;
    private int[] sport, dport, proto;
    private int[] order;
    private boolean[] reverse;
    private FlowTable hot;
    private int pos;
    private long hotClock;

    // churn
    private FlowTable churnTable;
    private long seq;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        src = new long[flows]; dst = new long[flows];
        sport = new int[flows]; dport = new int[flows]; proto = new int[flows];
        for (int i = 0; i < flows; i++) {
            src[i] = 0x0A00_0000L | rnd.nextInt(1 << 24);
            dst[i] = 0xC0A8_0000L | rnd.nextInt(1 << 16);
            sport[i] = 1024 + rnd.nextInt(60000);
            boolean udp = rnd.nextInt(5) == 0;
            proto[i] = udp ? 17 : 6;
            dport[i] = udp ? 53 : (rnd.nextBoolean() ? 443 : 80);
        }
        order = new int[STREAM];
        reverse = new boolean[STREAM];
        int hotCount = Math.max(1, flows / 20);
        for (int i = 0; i < STREAM; i++) {
            order[i] = rnd.nextBoolean() ? rnd.nextInt(hotCount) : rnd.nextInt(flows);
            reverse[i] = rnd.nextInt(5) < 2;
        }
        hot = new FlowTable(new FlowConfig(), 1, (f, r, now) -> ended++);
        hotClock = T0;
        // establish every flow: SYN, SYN-ACK, ACK (UDP: request, response)
        for (int i = 0; i < flows; i++) {
            fill(i, false, 0x02);
            handle(hot, hotClock);
            fill(i, true, 0x12);
            handle(hot, hotClock);
            fill(i, false, 0x10);
            handle(hot, hotClock += 1000);
        }
        churnTable = new FlowTable(new FlowConfig(), 1, (f, r, now) -> ended++);
        seq = 0;
    }

    private void fill(int i, boolean rev, int flags) {
        p.ipVersion = 4;
        p.proto = proto[i];
        p.srcHi = 0; p.dstHi = 0;
        p.srcLo = rev ? dst[i] : src[i];
        p.dstLo = rev ? src[i] : dst[i];
        p.srcPort = rev ? dport[i] : sport[i];
        p.dstPort = rev ? sport[i] : dport[i];
        p.tcpFlags = proto[i] == 6 ? flags : 0;
        p.flowLen = 60 + (flags & 0x08) * 150;
        p.hasFlowKey = true;
    }

    private Flow handle(FlowTable t, long ts) {
        frame.tsNanos = ts;
        frame.number++;
        p.frame = frame;
        t.advanceClock(ts);
        return t.handle(p, FlowHash.of(p));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lookupUpdate(CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        int k = pos;
        for (int n = 0; n < BATCH; n++) {
            int i = order[k];
            fill(i, reverse[k], 0x18);
            acc += handle(hot, hotClock += 1000).pktsToServer;
            k = (k + 1) & (STREAM - 1);
        }
        pos = k;
        cpu.stop(t0, BATCH);
        return acc;
    }

    /** Flow number {@code n}'s key, derived from n alone (no tables, so any number of flows). */
    private void fillChurn(long n, int pkt) {
        long h = n * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        boolean udp = (n % 5) == 0;
        boolean rev = pkt == 1 || (pkt > 2 && pkt < 7 && (h >>> (pkt + 10) & 1) != 0);
        long a = 0x0A00_0000L | (h & 0xFF_FFFF), b = 0xC0A8_0000L | ((h >>> 24) & 0xFFFF);
        int ap = 1024 + (int) ((h >>> 40) % 60000), bp = udp ? 53 : 443;
        p.ipVersion = 4;
        p.proto = udp ? 17 : 6;
        p.srcHi = 0; p.dstHi = 0;
        p.srcLo = rev ? b : a; p.dstLo = rev ? a : b;
        p.srcPort = rev ? bp : ap; p.dstPort = rev ? ap : bp;
        p.tcpFlags = udp ? 0 : switch (pkt) {
            case 0 -> 0x02;
            case 1 -> 0x12;
            case 6 -> 0x11;
            default -> 0x18;
        };
        p.flowLen = 60 + (pkt > 2 ? 1000 : 0);
        p.hasFlowKey = true;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long churn(CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        long w = flows;
        for (int n = 0; n < BATCH; n++) {
            long i = seq++;
            long slot = i % w, round = i / w;
            fillChurn((round >>> 3) * w + slot, (int) (round & 7));
            acc += handle(churnTable, T0 + i * 1_000_000L).pktsToServer;
        }
        cpu.stop(t0, BATCH);
        return acc + ended;
    }
}
