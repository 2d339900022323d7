package dev.vigil.detect.behavior.event;

/**
 * One DNS question (a request) or its outcome (a response). {@code rcode} is null for a request whose
 * answer is not known; {@code messageBytes} is the DNS message's size when known, else 0.
 */
public record DnsLookup(long tsNanos, String src, int srcPort, String dst, int dstPort, String query, String qtype,
                        boolean response, String rcode, int answers, int messageBytes) implements NetworkEvent {
}
