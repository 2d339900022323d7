package dev.vigil.applayer;

import dev.vigil.flow.Flow;

/** Where the app-layer's records and anomalies go (the worker writes them as EVE records). */
public interface AppOutput {
    /** {@code pcapCnt} 0 when the record was produced without a packet (at flow end). */
    void record(Flow flow, AppRecord record, long tsNanos, long pcapCnt);

    /** True when signatures inspect transactions: parsers then report their progress ({@link #inspect}). */
    default boolean inspectsTransactions() { return false; }

    /**
     * A transaction reached a point signatures can inspect before it is logged (a request complete): its
     * buffers so far. The logged record is inspected again; a rule alerts once per transaction.
     */
    default void inspect(Flow flow, InspectionBuffers tx, long tsNanos, long pcapCnt) {}

    /** An anomaly: {@code type} "applayer" (with the flow's {@code appProto}) or "stream"; {@code event} its name. */
    void anomaly(Flow flow, String type, String appProto, String event, long tsNanos, long pcapCnt);
}
