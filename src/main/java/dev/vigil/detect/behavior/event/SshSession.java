package dev.vigil.detect.behavior.event;

/**
 * One SSH connection: the software each side announced and, when a sensor could tell (Zeek's
 * heuristics), whether authentication succeeded ({@code authSuccess} null when unknown) and how many
 * attempts it took (-1 when unknown).
 */
public record SshSession(long tsNanos, String src, int srcPort, String dst, int dstPort, String clientSoftware,
                         String serverSoftware, Boolean authSuccess, int authAttempts) implements NetworkEvent {
}
