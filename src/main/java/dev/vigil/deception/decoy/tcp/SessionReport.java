package dev.vigil.deception.decoy.tcp;

import java.util.Map;

/**
 * What a banner protocol session tells about its client, apart from the socket: kept an interface so the
 * protocol code runs without a network or a log (the fuzz targets feed it bytes directly).
 */
public interface SessionReport {
    /** A login attempt; {@code password} null when the protocol sends only a hash of it. */
    void login(String method, String user, String password, Map<String, ?> details);

    /** A command the client sent (an FTP verb, a Redis command). */
    void command(String command);

    /** Anything else worth a record: a malformed handshake, a TLS request the decoy does not offer. */
    void record(String action, Map<String, ?> details);
}
