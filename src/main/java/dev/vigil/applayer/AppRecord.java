package dev.vigil.applayer;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One EVE record a parser produces (a DNS query or answer, an HTTP transaction, a TLS handshake, a
 * file). The output stage writes the envelope every record has ({@code timestamp}, {@code flow_id},
 * {@code pcap_cnt}, {@code event_type}, addresses, ports, {@code proto}, {@code community_id}); the
 * record writes the rest, in Suricata's field names.
 */
public interface AppRecord {
    /** EVE {@code event_type}: "dns", "http", "tls", "fileinfo", ... */
    String eventType();

    /** Writes the fields after the envelope, e.g. {@code "tx_id": 0, "http": {...}}. */
    void writeFields(JsonGenerator g) throws IOException;

    /**
     * The fields an {@code alert} on this transaction carries (Suricata's alert metadata): by default the
     * record's own; a protocol whose record follows log options writes its full object here.
     */
    default void writeAlertFields(JsonGenerator g) throws IOException {
        writeFields(g);
    }

    /**
     * True when the envelope's source is the flow's server (Suricata logs some records, e.g. DNS
     * answers in the v2 format, in the direction of the packet that completed them).
     */
    default boolean fromServer() { return false; }
}
