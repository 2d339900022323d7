package dev.vigil.deception.decoy.dns;

import dev.vigil.deception.decoy.DecoyLimits;
import java.util.Objects;

/**
 * The canary zone's authoritative responder.
 *
 * @param name                the decoy's name in its records
 * @param bindAddress         the address to listen on (UDP and TCP)
 * @param port                the port; 0 picks a free one ({@link CanaryDnsResponder#port()} tells which)
 * @param zone                the canary zone, e.g. {@code canary.vigil.example.} (the trailing dot may be left off)
 * @param answerIpv4          the address every A query in the zone is answered with (e.g. the portal decoy's), so
 *                            the resolver's client connects there next
 * @param answerIpv6          the AAAA answer, or null to answer AAAA with no data
 * @param ttl                 the TTL of the answers, seconds; short, so every use of a canary name asks again
 * @param responsesPerSecond  responses to one source per second (a burst of twice that): more are dropped and
 *                            counted, so the responder cannot be used to amplify a flood at a spoofed address
 * @param limits              the caps: TCP connections, idle time, request size
 */
public record CanaryDnsConfig(String name, String bindAddress, int port, String zone, String answerIpv4, String answerIpv6, long ttl,
                              int responsesPerSecond, DecoyLimits limits) {

    public CanaryDnsConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(answerIpv4, "answerIpv4");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (ttl < 0 || ttl > 86_400) throw new IllegalArgumentException("ttl out of range: " + ttl);
        if (responsesPerSecond <= 0) throw new IllegalArgumentException("responsesPerSecond must be positive");
        if (limits == null) limits = DecoyLimits.DEFAULTS;
    }

    /** A responder with a 60 s TTL, 20 responses per second per source and the default limits. */
    public CanaryDnsConfig(String name, String bindAddress, int port, String zone, String answerIpv4) {
        this(name, bindAddress, port, zone, answerIpv4, null, 60, 20, DecoyLimits.DEFAULTS);
    }
}
