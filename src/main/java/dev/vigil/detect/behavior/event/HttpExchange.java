package dev.vigil.detect.behavior.event;

/**
 * One HTTP transaction. {@code status} is -1 when no response was seen; {@code requestBytes} and
 * {@code responseBytes} are body lengths (0 when unknown). {@code user} is the HTTP Basic user name
 * when the request carried one, else null.
 */
public record HttpExchange(long tsNanos, String src, int srcPort, String dst, int dstPort, String host, String method,
                           String uri, String userAgent, int status, long requestBytes, long responseBytes,
                           String contentType, String user) implements NetworkEvent {
}
