package dev.vigil.detect.behavior.event;

/**
 * A judgement another sensor already made and logged (Zeek's notice.log: {@code Scan::Address_Scan},
 * {@code Scan::Port_Scan}, {@code SSH::Password_Guessing}, ...). Where that sensor's logs are all there
 * is, its notice may be the only trace of an activity; the detectors pass the ones they own on as
 * their findings, saying where they came from.
 *
 * @param dst the notice's target, or null when it names none (an address scan has many)
 * @param note the notice type, e.g. "Scan::Address_Scan"
 */
public record SensorNotice(long tsNanos, String src, String dst, int dstPort, String note, String message) implements NetworkEvent {
    @Override
    public int srcPort() { return 0; }
}
