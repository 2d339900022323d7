package dev.vigil.applayer;

/**
 * A connection a parser announced on its flow (an FTP PORT/PASV followed by RETR, ...): the next TCP
 * flow between the same two hosts whose listening side is {@code listenerHi/Lo} on {@code port} is of
 * protocol {@code protocol} from its first byte, and its parser gets {@code data} (see
 * {@link AppContext#expectation}). Suricata's app-layer expectation, keyed like it on the announcing
 * flow's host pair, not on an address the payload names (NAT rewrites those).
 *
 * @param parentFlowId flow id of the announcing flow, written as the new flow's EVE {@code parent_id}
 * @param atNanos packet time of the announcement; the expectation lapses {@link Expectations#TIMEOUT_NANOS} later
 */
public record Expectation(String protocol, int ipVersion, long listenerHi, long listenerLo, long connectorHi, long connectorLo,
                          int port, long parentFlowId, long atNanos, Object data) {}
