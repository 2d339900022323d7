package dev.vigil.detect.behavior;

import java.util.Map;

/**
 * One behavioural finding, written as an EVE {@code alert}: what was seen ({@code signature}), between
 * whom (the client side as source), how sure (0–1 {@code score}), the time span of the evidence, and the
 * evidence itself (counts, intervals, bytes; JSON-friendly values: numbers, strings, lists, maps).
 *
 * @param tsNanos the alert's time: when the evidence was complete (packet time)
 * @param subject what the finding is about for de-duplication (e.g. "10.0.0.5>203.0.113.9"); a finding
 *                with the same signature and subject within the signature's quiet time is dropped
 * @param name the domain the finding is about (a beacon's SNI, a tunnel's domain), or null
 * @param nameField where the name came from: "tls.sni", "http.hostname" or "dns.rrname"; null without a name
 * @param dstPort 0 when the finding spans ports
 */
public record Finding(BehaviorSignature signature, long tsNanos, double score, String src, int srcPort, String dst,
                      int dstPort, String proto, String subject, String name, String nameField, long firstNanos,
                      long lastNanos, Map<String, Object> evidence) {
    public Finding {
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score outside 0..1: " + score);
        if (src == null || dst == null || subject == null) throw new IllegalArgumentException("finding without endpoints or subject");
        evidence = Map.copyOf(evidence);
    }
}
