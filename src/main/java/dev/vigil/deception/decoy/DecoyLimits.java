package dev.vigil.deception.decoy;

import java.time.Duration;

/**
 * Resource caps every decoy enforces, so a flood of intruders (or one hostile client) cannot exhaust the
 * host: concurrent sessions in all and per source address, bytes read per session, session lifetime,
 * idle time, and the largest single request or line accepted.
 */
public record DecoyLimits(int maxSessions, int maxSessionsPerSource, long maxBytesPerSession, Duration maxSessionTime, Duration idleTimeout,
                          int maxRequestBytes) {

    public static final DecoyLimits DEFAULTS = new DecoyLimits(256, 128, 1 << 20, Duration.ofMinutes(30), Duration.ofMinutes(5), 64 * 1024);
}
