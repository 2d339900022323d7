package dev.vigil.flow;

/** Why a flow record was written ({@code flow.reason}). */
public enum EndReason {
    /** Idle longer than its timeout, in packet time. */
    TIMEOUT("timeout"),
    /** Evicted early because the flow table reached its memcap. */
    FORCED("forced"),
    /** A new TCP connection (a SYN) reused the tuple of this one, which had finished or never started. */
    TCP_REUSE("tcp_reuse"),
    /** Still open when the input ended. */
    SHUTDOWN("shutdown");

    private final String label;

    EndReason(String label) { this.label = label; }

    public String label() { return label; }
}
