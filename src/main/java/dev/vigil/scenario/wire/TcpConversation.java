package dev.vigil.scenario.wire;

import dev.vigil.scenario.PacketBuilder;

/**
 * One TCP connection as the capture point sees it: handshake with a realistic SYN, data cut into
 * MSS-sized segments paced by the link and by the 64 KiB receive window, delayed ACKs (one for two
 * segments), and the orderly or abortive close. Sequence numbers, ACKs and timing stay consistent,
 * so dissectors see no lost segments or spurious retransmissions.
 */
public final class TcpConversation {
    public static final int MSS = 1460;
    private static final int WINDOW = 65535;
    /** Segments in flight before the sender waits for an ACK: below the window, so no "window full". */
    private static final int WINDOW_SEGMENTS = 43;
    /** MSS 1460, NOP, NOP, SACK permitted. */
    private static final byte[] SYN_OPTIONS = {2, 4, (byte) (MSS >>> 8), (byte) (MSS & 0xFF), 1, 1, 4, 2};
    private static final byte[] NONE = new byte[0];

    private final Wire wire;
    private final Endpoint client;
    private final Endpoint server;
    private long clientSeq;
    private long serverSeq;
    private double bitsPerSecond = 200e6;
    private boolean open;

    TcpConversation(Wire wire, Endpoint client, Endpoint server) {
        this.wire = wire;
        this.client = client;
        this.server = server;
        this.clientSeq = wire.rng().nextLong(1L << 32);
        this.serverSeq = wire.rng().nextLong(1L << 32);
    }

    public Wire wire() {
        return wire;
    }

    public Endpoint client() {
        return client;
    }

    public Endpoint server() {
        return server;
    }

    /** The pace of bulk data in this connection (the slower end's share of its link). */
    public TcpConversation rate(double bitsPerSecond) {
        this.bitsPerSecond = bitsPerSecond;
        return this;
    }

    /** SYN, SYN-ACK, ACK; the clock ends at the client's ACK. */
    public TcpConversation open() {
        long t = wire.now();
        segment(true, t, clientSeq, 0, PacketBuilder.TCP_SYN, SYN_OPTIONS, NONE, 0, 0);
        t += 2 * server.host().delayNanos() + micros(20, 80);
        segment(false, t, serverSeq, clientSeq + 1, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, SYN_OPTIONS, NONE, 0, 0);
        t += 2 * client.host().delayNanos() + micros(10, 40);
        clientSeq++;
        serverSeq++;
        segment(true, t, clientSeq, serverSeq, PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        wire.at(t);
        open = true;
        return this;
    }

    /** A SYN the server refuses with RST-ACK (a closed port). */
    public void refused() {
        long t = wire.now();
        segment(true, t, clientSeq, 0, PacketBuilder.TCP_SYN, SYN_OPTIONS, NONE, 0, 0);
        t += 2 * server.host().delayNanos() + micros(10, 40);
        segment(false, t, 0, clientSeq + 1, PacketBuilder.TCP_RST | PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        wire.at(t);
    }

    /** A SYN nobody answers (a filtered port), without retransmissions: what a SYN scanner sends. */
    public void unanswered() {
        segment(true, wire.now(), clientSeq, 0, PacketBuilder.TCP_SYN, SYN_OPTIONS, NONE, 0, 0);
    }

    /**
     * A SYN scanner's probe to an open port: SYN, SYN-ACK, and the scanner's RST instead of the
     * handshake's ACK.
     */
    public void probedOpen() {
        long t = wire.now();
        segment(true, t, clientSeq, 0, PacketBuilder.TCP_SYN, SYN_OPTIONS, NONE, 0, 0);
        t += 2 * server.host().delayNanos() + micros(20, 80);
        segment(false, t, serverSeq, clientSeq + 1, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, SYN_OPTIONS, NONE, 0, 0);
        t += 2 * client.host().delayNanos();
        segment(true, t, clientSeq + 1, 0, PacketBuilder.TCP_RST, NONE, NONE, 0, 0);
        wire.at(t);
    }

    /** The client sends {@code data}; the clock ends when the server's last ACK is seen. */
    public void fromClient(byte[] data) {
        send(true, data);
    }

    /** The server sends {@code data}; the clock ends when the client's last ACK is seen. */
    public void fromServer(byte[] data) {
        send(false, data);
    }

    /** The client sends, the server answers after {@code serverWorkNanos}. */
    public void exchange(byte[] request, byte[] response, long serverWorkNanos) {
        fromClient(request);
        wire.advance(serverWorkNanos);
        fromServer(response);
    }

    private void send(boolean fromClient, byte[] data) {
        requireOpen();
        if (data.length == 0) return;
        Host sender = (fromClient ? client : server).host();
        Host receiver = (fromClient ? server : client).host();
        long gap = Math.max(1_000, (long) (MSS * 8 / bitsPerSecond * 1e9));
        int n = (data.length + MSS - 1) / MSS;
        long[] ackSeen = new long[n];
        long t = wire.now();
        long seq = fromClient ? clientSeq : serverSeq;
        long peer = fromClient ? serverSeq : clientSeq;
        long lastAck = t;
        for (int i = 0; i < n; i++) {
            if (i > 0) t += gap;
            if (i >= WINDOW_SEGMENTS) t = Math.max(t, ackSeen[i - WINDOW_SEGMENTS] + 2 * sender.delayNanos());
            int off = i * MSS;
            int len = Math.min(MSS, data.length - off);
            int flags = PacketBuilder.TCP_ACK | (i == n - 1 ? PacketBuilder.TCP_PSH : 0);
            segment(fromClient, t, seq + off, peer, flags, NONE, data, off, len);
            if (i % 2 == 1 || i == n - 1) {
                // the receiver acknowledges every second segment, and the last one after its delayed-ACK timer
                long at = t + 2 * receiver.delayNanos() + (i == n - 1 && i % 2 == 0 ? micros(200, 2000) : micros(5, 30));
                segment(!fromClient, at, peer, seq + off + len, PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
                for (int j = Math.max(0, i - 1); j <= i; j++) ackSeen[j] = at;
                lastAck = Math.max(lastAck, at);
            }
        }
        if (fromClient) clientSeq += data.length;
        else serverSeq += data.length;
        wire.at(Math.max(lastAck, t));
    }

    /** The client closes first: FIN, the server's FIN-ACK, the last ACK. */
    public void close() {
        fin(true);
    }

    /** The server closes first (an HTTP/1.0 server, a protocol that ends on the server's word). */
    public void closeByServer() {
        fin(false);
    }

    private void fin(boolean clientFirst) {
        requireOpen();
        Host first = (clientFirst ? client : server).host();
        Host second = (clientFirst ? server : client).host();
        long t = wire.now() + micros(50, 500);
        long a = clientFirst ? clientSeq : serverSeq;
        long b = clientFirst ? serverSeq : clientSeq;
        segment(clientFirst, t, a, b, PacketBuilder.TCP_FIN | PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        t += 2 * second.delayNanos() + micros(10, 60);
        segment(!clientFirst, t, b, a + 1, PacketBuilder.TCP_FIN | PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        t += 2 * first.delayNanos() + micros(5, 30);
        segment(clientFirst, t, a + 1, b + 1, PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        clientSeq++;
        serverSeq++;
        open = false;
        wire.at(t);
    }

    /** The client aborts the connection with RST-ACK. */
    public void reset() {
        requireOpen();
        long t = wire.now() + micros(50, 500);
        segment(true, t, clientSeq, serverSeq, PacketBuilder.TCP_RST | PacketBuilder.TCP_ACK, NONE, NONE, 0, 0);
        open = false;
        wire.at(t);
    }

    public boolean isOpen() {
        return open;
    }

    private void requireOpen() {
        if (!open) throw new IllegalStateException("connection not open");
    }

    private void segment(boolean fromClient, long t, long seq, long ack, int flags, byte[] options, byte[] payload, int off, int len) {
        Endpoint a = fromClient ? client : server;
        Endpoint b = fromClient ? server : client;
        wire.emit(t, wire.from(a.host(), b.host())
                .tcp(a.port(), b.port(), seq & 0xFFFFFFFFL, ack & 0xFFFFFFFFL, flags, WINDOW, options, payload, off, len));
    }

    private long micros(int min, int max) {
        return 1_000L * (min + wire.rng().nextInt(max - min + 1));
    }
}
