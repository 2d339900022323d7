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
     * The rest of the session is encrypted (TLS after both sides changed cipher): signatures stop
     * inspecting its raw payload, as Suricata does by default; its app-layer records go on.
     */
    default void encrypted() { flow().encrypted = true; }

    /** The TLS version one direction now announces (signatures' {@code tls.version} reads it from the flow). */
    default void tlsVersion(boolean toServer, int version) {
        if (toServer) flow().tlsVersionToServer = version;
        else flow().tlsVersionToClient = version;
    }

    /** True when signatures inspect transactions in progress: then {@link #inspect} is worth calling. */
    default boolean inspectsTransactions() { return false; }

    /**
     * A transaction reached a point signatures can inspect before it is logged (a request complete); the
     * same transaction's later inspections share its {@link InspectionBuffers#alerted} state.
     */
    default void inspect(InspectionBuffers tx) {}

    /**
     * An app-layer anomaly, in Suricata's naming: {@code event} like "INVALID_RECORD_TYPE" or
     * "REQUEST_FIELD_TOO_LONG"; written as an {@code anomaly} record of type "applayer".
     */
    void anomaly(String event);

    /**
     * The flow stops being this parser's protocol at the end of the bytes the parser has taken: an HTTP
     * CONNECT answered 2xx, a 101 Switching Protocols, an SMTP STARTTLS or FTP AUTH TLS accepted. What
     * follows in each direction is detected again from its content as at the start of a flow, the
     * {@code expected} protocol (e.g. "tls"; null: no expectation) probed first, and goes to a new parser;
     * the flow record then says {@code app_proto} = the new protocol and {@code app_proto_orig} = this one.
     * This parser gets no byte after the call it asks from, then its {@link AppParser#onClose}: it logs
     * what is pending. Bytes it was already given that lie after the switch point (the rest of the
     * current buffer, bytes it held back) it returns with {@link #handOver} during the same call.
     *
     * @return false when the flow cannot change (an expected protocol that is not enabled, too many
     *     changes on this flow, a UDP flow, a context that does not support it): the parser then simply
     *     stops parsing, and hands nothing over
     */
    default boolean changeProtocol(String expected) { return false; }

    /**
     * After a {@link #changeProtocol} that returned true: bytes of one direction, already given to this
     * parser, that belong to the new protocol, in their order (they come before any byte that follows).
     * Copied; at most {@code AppLayer.MAX_HANDOVER} bytes per direction are kept, the rest is a gap.
     */
    default void handOver(boolean toServer, byte[] buf, int off, int len) {}

    /**
     * Announces a TCP connection between this flow's two hosts (an FTP data connection): the next one
     * whose listening side is this flow's client ({@code listenerIsClient}) or server, on {@code port},
     * is parsed as {@code protocol} from its first byte, by a parser that finds {@code data} in its
     * {@link #expectation}. Only flows the workers place by host pair announce
     * ({@link dev.vigil.flow.FlowHash#pairSharded}); for others this does nothing.
     */
    default void expect(String protocol, boolean listenerIsClient, int port, Object data) {}

    /** For a flow started by an {@link #expect}ation: the data it was announced with; else null. */
    default Object expectation() { return null; }
}
