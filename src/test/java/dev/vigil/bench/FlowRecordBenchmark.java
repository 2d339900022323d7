package dev.vigil.bench;

import dev.vigil.flow.CommunityId;
import dev.vigil.flow.EndReason;
import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowState;
import dev.vigil.flow.TcpState;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveTypes;
import dev.vigil.output.EveWriter;
import dev.vigil.output.FlowRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Serialising one {@code flow} EVE record ({@link FlowRecord#write}) into a worker's
 * {@link EveWriter} whose sink discards the bytes; with and without the Community ID the worker
 * computes for every record. Flows rotate through 1,024 different keys and start times, so the
 * timestamp cache and the JSON writer see what they see in a real run.
 */
public class FlowRecordBenchmark extends BenchmarkDefaults {

    /** tcp4: IPv4 TCP (the common case); udp6: IPv6 UDP; icmp4: IPv4 ICMP echo. */
    @Param({"tcp4", "udp6", "icmp4"})
    public String kind;

    static final int BATCH = 256;

    private final Flow[] flows = new Flow[1024];
    private final String[] ids = new String[1024];
    private EveSink sink;
    private EveWriter writer;
    private CommunityId communityId;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        communityId = new CommunityId(0);
        long t0 = 1_700_000_000_000_000_000L;
        for (int i = 0; i < flows.length; i++) {
            Flow f = new Flow();
            switch (kind) {
                case "tcp4" -> {
                    f.ipVersion = 4; f.proto = 6;
                    f.aLo = 0x0A00_0000L | rnd.nextInt(1 << 24); f.bLo = 0xC0A8_0000L | rnd.nextInt(1 << 16);
                    f.aPort = 1024 + rnd.nextInt(60000); f.bPort = rnd.nextBoolean() ? 443 : 80;
                    f.tcpFlagsToServer = 0x1B; f.tcpFlagsToClient = 0x1B;
                    f.tcpState = TcpState.CLOSED; f.state = FlowState.CLOSED;
                }
                case "udp6" -> {
                    f.ipVersion = 6; f.proto = 17;
                    f.aHi = 0x2001_0db8_0000_0000L | rnd.nextInt(); f.aLo = rnd.nextLong();
                    f.bHi = 0x2a00_1450_4001_0800L; f.bLo = rnd.nextLong();
                    f.aPort = 1024 + rnd.nextInt(60000); f.bPort = 53;
                    f.state = FlowState.ESTABLISHED;
                }
                case "icmp4" -> {
                    f.ipVersion = 4; f.proto = 1;
                    f.aLo = 0x0A00_0000L | rnd.nextInt(1 << 24); f.bLo = 0x0808_0808L;
                    f.icmpType = 8; f.icmpCode = 0; f.icmpReplyType = 0;
                    f.state = FlowState.ESTABLISHED;
                }
                default -> throw new IllegalArgumentException(kind);
            }
            f.startNanos = t0 + rnd.nextLong(54_000L * 1_000_000_000L);
            f.lastNanos = f.startNanos + rnd.nextLong(600L * 1_000_000_000L);
            f.pktsToServer = 1 + rnd.nextInt(1000); f.pktsToClient = rnd.nextInt(1000);
            f.bytesToServer = f.pktsToServer * 300; f.bytesToClient = f.pktsToClient * 900;
            f.firstPacket = i + 1;
            flows[i] = f;
            ids[i] = communityId.of(f);
        }
        sink = new EveSink(OutputStream.nullOutputStream());
        writer = new EveWriter(sink, EveTypes.all());
    }

    @TearDown
    public void tearDown() throws IOException {
        writer.close();
    }

    /** The record alone (Community ID computed beforehand). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void record(CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        for (int k = 0; k < BATCH; k++) {
            int i = next++ & (flows.length - 1);
            FlowRecord.write(writer, flows[i], EndReason.TIMEOUT, ids[i], flows[i].lastNanos);
        }
        cpu.stop(t0, BATCH);
    }

    /** What the worker does per ended flow: Community ID, then the record. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void recordWithCommunityId(CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        for (int k = 0; k < BATCH; k++) {
            Flow f = flows[next++ & (flows.length - 1)];
            FlowRecord.write(writer, f, EndReason.TIMEOUT, communityId.of(f), f.lastNanos);
        }
        cpu.stop(t0, BATCH);
    }

    /** The Community ID alone (SHA-1 + Base64). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int communityId(CpuTime cpu) {
        long t0 = cpu.start();
        int acc = 0;
        for (int k = 0; k < BATCH; k++) acc += communityId.of(flows[next++ & (flows.length - 1)]).length();
        cpu.stop(t0, BATCH);
        return acc;
    }
}
