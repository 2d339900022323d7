package dev.vigil.stream;

import java.util.Locale;

/** Stream anomalies, named as Suricata's stream events ({@code stream.reassembly_overlap_different_data}, ...). */
public enum StreamEvent {
    /** Bytes retransmitted over bytes already seen differ from them (an evasion attempt or a broken stack). */
    REASSEMBLY_OVERLAP_DIFFERENT_DATA,
    /** A hole in the sequence space that was never filled: the bytes were skipped. */
    REASSEMBLY_SEQ_GAP,
    /** The per-flow reassembly depth was reached in one direction; later bytes are not reassembled. */
    REASSEMBLY_DEPTH_REACHED,
    /** The global reassembly memcap refused an out-of-order segment. */
    REASSEMBLY_MEMCAP,
    /** A segment beyond what the receiver could have accepted (far outside the window), ignored. */
    REASSEMBLY_SEGMENT_BEFORE_BASE_SEQ;

    /** Suricata's event name, e.g. "stream.reassembly_seq_gap". */
    public String label() { return "stream." + name().toLowerCase(Locale.ROOT); }
}
