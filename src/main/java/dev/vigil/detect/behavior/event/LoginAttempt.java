package dev.vigil.detect.behavior.event;

/**
 * One authentication a server answered, for services whose logs tell success from failure: FTP
 * (USER/PASS then 230 or 530), SMTP AUTH (235 or 535), SMB session setup (STATUS_LOGON_FAILURE), HTTP
 * with credentials (401). {@code user} may be null.
 */
public record LoginAttempt(long tsNanos, String src, int srcPort, String dst, int dstPort, String service, String user,
                           boolean success) implements NetworkEvent {
}
