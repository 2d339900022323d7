package dev.vigil.stream;

/**
 * Reassembly state of one direction of one TCP flow. Small on purpose: a flood of half-open flows
 * costs one of these per direction that sent something; byte arrays exist only for held
 * out-of-order data and for the retransmission window, both counted against the memcap.
 */
final class StreamDirection {
    /** Nothing seen that starts the direction yet. */
    static final byte NONE = 0;
    /** Started: {@link #base} is the next sequence number to deliver. */
    static final byte ACTIVE = 1;
    /** Data without a SYN and midstream pick-up disabled: not reassembled (a SYN may still start it). */
    static final byte NO_SYN = 2;
    /** Finished (FIN consumed, RST, depth reached): everything later is ignored. */
    static final byte DONE = 3;

    byte state;
    boolean finSeen;
    /** The sender of this direction last advertised a zero window (for the opposite direction's data). */
    boolean advertisedZeroWindow;
    /** {@link #acked} holds the highest plausible ACK the peer sent for this direction. */
    boolean ackSeen;
    /** Next sequence number expected; every byte before it was delivered or declared a gap. */
    int base;
    int finSeq;
    int acked;
    /** Stream offset of {@link #base}: bytes delivered plus bytes skipped as gaps. */
    long offset;

    HeldSegment head, tail;
    /** Memcap cost of the held segments of this direction. */
    int held;

    /** Ring of the last delivered bytes (index = stream offset mod its length), or null. */
    byte[] window;
    /** Bytes of the ring that are valid, ending at {@link #offset}. */
    int windowLen;

    /** Events already reported for this direction (bit = ordinal), so each is raised once. */
    int raised;

    boolean active() { return state == ACTIVE; }
}
