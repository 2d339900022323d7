package dev.vigil.detect.behavior.event;

/**
 * One connection (a flow): who talked to whom, how long, how much each side sent. {@code bytesOut} is
 * what the client sent (Zeek's {@code orig_bytes}, EVE's {@code bytes_toserver}); {@code open} is true
 * for a connection reported while still open (Zeek's {@code open_conn} log, a live flow update).
 *
 * @param proto "tcp", "udp", "icmp", ... lower case
 * @param service the application protocol when known ("http", "tls", "ssh", ...), else null
 */
public record Connection(long tsNanos, long durationNanos, String src, int srcPort, String dst, int dstPort, String proto,
                         String service, long bytesOut, long bytesIn, long pktsOut, long pktsIn, ConnState state, boolean open)
        implements NetworkEvent {
    public long endNanos() { return tsNanos + durationNanos; }

    @Override
    public long orderNanos() { return endNanos(); }
}
