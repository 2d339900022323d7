package dev.vigil.applayer;

import dev.vigil.flow.Flow;

/** What a parser may ask of the app-layer: the flow, the capture clock, and where its records go. */
public interface AppContext {
    Flow flow();

    /** Capture time of the packet being processed, in nanoseconds since the epoch. */
    long timeNanos();

    /** Number of that packet in the capture (EVE {@code pcap_cnt}). */
    long packetNumber();

    /** Logs a record (a transaction, a file, ...) at the current packet. */
    void emit(AppRecord record);

    /**
     * An app-layer anomaly, in Suricata's naming: {@code event} like "INVALID_RECORD_TYPE" or
     * "REQUEST_FIELD_TOO_LONG"; written as an {@code anomaly} record of type "applayer".
     */
    void anomaly(String event);
}
