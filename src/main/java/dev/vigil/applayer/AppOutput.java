package dev.vigil.applayer;

import dev.vigil.flow.Flow;

/** Where the app-layer's records and anomalies go (the worker writes them as EVE records). */
public interface AppOutput {
    /** {@code pcapCnt} 0 when the record was produced without a packet (at flow end). */
    void record(Flow flow, AppRecord record, long tsNanos, long pcapCnt);

    /** Request-side buffers of a transaction not complete yet, for the signatures only; true when inspected (see {@link AppContext#inspectEarly}). */
    default boolean inspectEarly(Flow flow, java.util.function.Supplier<InspectionBuffers> request, long tsNanos, long pcapCnt) { return false; }

    /** An anomaly: {@code type} "applayer" (with the flow's {@code appProto}) or "stream"; {@code event} its name. */
    void anomaly(Flow flow, String type, String appProto, String event, long tsNanos, long pcapCnt);
}
