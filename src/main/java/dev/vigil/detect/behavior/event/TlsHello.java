package dev.vigil.detect.behavior.event;

/** One TLS (or QUIC) handshake as the client opened it: server name and client fingerprints, each null when absent. */
public record TlsHello(long tsNanos, String src, int srcPort, String dst, int dstPort, String sni, String ja3, String ja4,
                       String version) implements NetworkEvent {
}
