package dev.vigil.flow;

/**
 * Flow-table settings: timeouts per protocol and state in seconds of packet time (defaults are
 * Suricata's suricata.yaml defaults, so flows end where analysts expect), the emergency timeouts used
 * once the memcap is hit, and the memcap itself.
 */
public final class FlowConfig {
    /** Bytes one flow is charged against the memcap (object, key, chain and queue links). */
    public static final int FLOW_COST = 256;

    public long memcap = 128L << 20;
    /**
     * Suricata's {@code stream.midstream}: pick up TCP sessions whose start was not seen (at a SYN/ACK,
     * an ACK, or a FIN with data). Off by default, as in Suricata, so such flows have no TCP session.
     */
    public boolean midstream = false;
    /** Emergency mode ends when the table is back under (100 - this) percent of its capacity. */
    public int emergencyRecoveryPercent = 30;

    // index: FlowQueue ordinal; seconds
    final long[] timeout = new long[FlowQueue.COUNT];
    final long[] emergencyTimeout = new long[FlowQueue.COUNT];

    public FlowConfig() {
        set(FlowQueue.TCP_NEW, 60, 5);
        set(FlowQueue.TCP_ESTABLISHED, 600, 100);
        set(FlowQueue.TCP_CLOSED, 60, 10);
        set(FlowQueue.UDP_NEW, 30, 10);
        set(FlowQueue.UDP_ESTABLISHED, 300, 100);
        set(FlowQueue.ICMP_NEW, 30, 10);
        set(FlowQueue.ICMP_ESTABLISHED, 300, 100);
        set(FlowQueue.OTHER_NEW, 30, 10);
        set(FlowQueue.OTHER_ESTABLISHED, 300, 100);
    }

    public FlowConfig set(int queue, long seconds, long emergencySeconds) {
        timeout[queue] = seconds;
        emergencyTimeout[queue] = emergencySeconds;
        return this;
    }

    public long timeoutSeconds(int queue) { return timeout[queue]; }

    public long emergencyTimeoutSeconds(int queue) { return emergencyTimeout[queue]; }

    /** Flows one table may hold when {@code workers} tables share the memcap. */
    public int maxFlowsPerTable(int workers) {
        long n = memcap / FLOW_COST / Math.max(1, workers);
        return (int) Math.max(64, Math.min(n, 1 << 26));
    }
}
