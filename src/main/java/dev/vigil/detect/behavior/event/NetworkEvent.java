package dev.vigil.detect.behavior.event;

/**
 * What the behavioural detectors read: one fact about the traffic, in packet time, as the sensor's
 * EVE records or a Zeek sensor's logs state it. Detectors see only these, never packets, so the same
 * analytics run on Vigil's own output, on Suricata's EVE and on Zeek logs.
 */
public sealed interface NetworkEvent permits Connection, DnsLookup, HttpExchange, TlsHello, SshSession, SmbAccess, LoginAttempt, ArpMessage,
        SensorNotice {
    /** When it happened: a connection's start, a transaction's time; nanoseconds since the epoch. */
    long tsNanos();

    /** The client (the side that opened the connection or sent the query). */
    String src();

    /** 0 when the protocol has no ports. */
    int srcPort();

    String dst();

    int dstPort();

    /**
     * The time the sensor could report it, by which events are put in order: a connection is known
     * when it ends; everything else when it happens.
     */
    default long orderNanos() { return tsNanos(); }
}
