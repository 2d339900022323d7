package dev.vigil.flow;

/** Receives every flow the table lets go, exactly once. */
@FunctionalInterface
public interface FlowSink {
    /** {@code nowNanos} is the capture clock when the flow ended. */
    void flowEnded(Flow flow, EndReason reason, long nowNanos);
}
