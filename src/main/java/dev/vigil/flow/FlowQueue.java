package dev.vigil.flow;

/**
 * Timeout classes. Each class has one timeout, so a queue ordered by last-seen time has its expired
 * flows at the head: a sweep costs only what it removes.
 */
public final class FlowQueue {
    private FlowQueue() {}
    public static final int TCP_NEW = 0, TCP_ESTABLISHED = 1, TCP_CLOSED = 2, UDP_NEW = 3, UDP_ESTABLISHED = 4,
            ICMP_NEW = 5, ICMP_ESTABLISHED = 6, OTHER_NEW = 7, OTHER_ESTABLISHED = 8;
    public static final int COUNT = 9;

    static int of(Flow f) {
        return switch (f.proto) {
            case 6 -> f.state == FlowState.CLOSED ? TCP_CLOSED
                    : f.state == FlowState.ESTABLISHED ? TCP_ESTABLISHED : TCP_NEW;
            case 17 -> f.state == FlowState.NEW ? UDP_NEW : UDP_ESTABLISHED;
            case 1, 58 -> f.state == FlowState.NEW ? ICMP_NEW : ICMP_ESTABLISHED;
            default -> f.state == FlowState.NEW ? OTHER_NEW : OTHER_ESTABLISHED;
        };
    }
}
