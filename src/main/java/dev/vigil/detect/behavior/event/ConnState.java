package dev.vigil.detect.behavior.event;

/**
 * How a connection attempt fared, in the coarse terms scanning and beaconing judge by (Zeek's
 * {@code conn_state} codes fold into these: S0 is {@link #UNANSWERED}, REJ {@link #REJECTED}, SF/S1/S2/
 * S3/RSTO/RSTR {@link #ESTABLISHED}, the rest {@link #OTHER}).
 */
public enum ConnState {
    /** Nothing came back (an unanswered SYN, a UDP or ICMP request without reply). */
    UNANSWERED,
    /** The peer refused (RST to the SYN, ICMP unreachable). */
    REJECTED,
    /** The handshake completed or both sides exchanged data. */
    ESTABLISHED,
    /** Mid-stream pickups, half-open oddities: neither a clear failure nor a clear success. */
    OTHER;

    public boolean failed() { return this == UNANSWERED || this == REJECTED; }

    /** Zeek's {@code conn_state} code to its coarse state. */
    public static ConnState ofZeek(String code) {
        if (code == null) return OTHER;
        return switch (code) {
            case "S0" -> UNANSWERED;
            case "REJ", "RSTOS0", "RSTRH" -> REJECTED;
            case "SF", "S1", "S2", "S3", "RSTO", "RSTR" -> ESTABLISHED;
            default -> OTHER;
        };
    }
}
