package dev.vigil.scenario.wire;

import dev.vigil.scenario.PacketBuilder;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The packets of one {@link Session}: a clock that starts at the session's start, the session's own
 * random generator, and frames stamped with the time the capture point sees them. Packets may be
 * emitted out of order (an ACK computed ahead of data still in flight); {@link #drain()} sorts them.
 */
public final class Wire {
    private final RandomGenerator rng;
    private final long start;
    private long now;
    private long[] times = new long[16];
    private byte[][] frames = new byte[16][];
    private int count;
    private final PacketBuilder builder = new PacketBuilder();

    public Wire(long startNanos, RandomGenerator rng) {
        this.start = startNanos;
        this.now = startNanos;
        this.rng = rng;
    }

    public RandomGenerator rng() {
        return rng;
    }

    public long now() {
        return now;
    }

    /** Moves the clock; never before the session's start. */
    public void at(long tsNanos) {
        now = Math.max(start, tsNanos);
    }

    public void advance(long nanos) {
        if (nanos > 0) now += nanos;
    }

    /** Advances by a uniformly drawn time in [min, max) milliseconds. */
    public void thinkMillis(double min, double max) {
        advance((long) ((min + rng.nextDouble() * (max - min)) * 1_000_000));
    }

    /** A frame seen at {@code ts}. */
    public void emit(long ts, byte[] frame) {
        if (ts < start) throw new IllegalStateException("packet before its session's start");
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            frames = Arrays.copyOf(frames, count * 2);
        }
        times[count] = ts;
        frames[count++] = frame;
    }

    /** A packet builder set up for {@code from} → {@code to} (addresses, MACs, TTL, the sender's IP id). */
    public PacketBuilder from(Host from, Host to) {
        return builder.ips(from.address(), to.address()).macs(from.mac(), to.mac()).ttl(from.ttl()).ipId(from.nextIpId());
    }

    /** A UDP datagram sent by {@code from} at the clock's time as the capture point sees it. */
    public void udp(Endpoint from, Endpoint to, byte[] payload) {
        emit(now, from(from.host(), to.host()).udp(from.port(), to.port(), payload));
    }

    /** A UDP request now and its answer after the responder's round trip; the clock moves to the answer. */
    public void udpExchange(Endpoint client, Endpoint server, byte[] request, byte[] response, long serverWorkNanos) {
        udp(client, server, request);
        now += 2 * server.host().delayNanos() + serverWorkNanos;
        udp(server, client, response);
    }

    public TcpConversation tcp(Endpoint client, Endpoint server) {
        return new TcpConversation(this, client, server);
    }

    public int size() {
        return count;
    }

    /** Time of packet {@code i} in emission order. */
    long time(int i) {
        return times[i];
    }

    /** Frame {@code i}, released from this wire (the merge writes each frame once). */
    byte[] take(int i) {
        byte[] f = frames[i];
        frames[i] = null;
        return f;
    }

    /** Emission indexes sorted by time, then emission order. */
    int[] sortedIndexes() {
        boolean sorted = true;
        for (int i = 0; i < count; i++) {
            if (i > 0 && times[i] < times[i - 1]) sorted = false;
        }
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        if (sorted) return idx;
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b]) : Integer.compare(a, b));
        for (int i = 0; i < count; i++) idx[i] = boxed[i];
        return idx;
    }
}
