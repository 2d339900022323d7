package dev.vigil.applayer;

import java.util.Map;

/**
 * One application protocol: how to recognise it from the bytes of a flow (never from its port alone),
 * and how to parse it. Each protocol lives in its own sub-package ({@code applayer/tls}, ...) and is
 * registered by one line in {@code META-INF/services/dev.vigil.applayer.AppProtocol}: adding a
 * protocol touches no central switch.
 */
public interface AppProtocol {
    /** Suricata's {@code app_proto} name: "http", "tls", "dns", "ssh", "smb", "smtp", "ftp", "dhcp", "quic". */
    String name();

    Transport transport();

    /**
     * Looks at the first bytes one side of a flow sent ({@code buf[off, off+len)}, all the bytes of that
     * direction so far, up to a few KiB; for UDP one datagram). Ports are the flow's client and server
     * ports; a protocol may use them only to accept a weak content match (DNS, DHCP), never alone.
     */
    Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort);

    /** Which side of a flow sent some bytes, as far as the protocol can tell from them. */
    enum Sender { CLIENT, SERVER, EITHER }

    /**
     * For bytes {@link #probe} matched ({@code tcp}: a stream's first bytes; else one datagram): the
     * side that must have sent them (a DNS response comes from the server), or EITHER. When the flow's
     * first packet made the wrong side the client, the app layer turns the flow round, as Suricata does.
     * Ports are the flow's as first seen (client = the first packet's sender).
     */
    default Sender sender(boolean tcp, byte[] buf, int off, int len, int clientPort, int serverPort) { return Sender.EITHER; }

    /** A parser for one flow that {@link #probe} matched. */
    AppParser newParser(AppContext ctx);

    /**
     * Probing order among protocols: lower goes first. Strong signatures (TLS, SSH, HTTP) before weak
     * ones (DNS over TCP) so a weak probe cannot steal a flow from a strong one.
     */
    default int priority() { return 100; }

    /**
     * The server speaks first and the client waits for its greeting (FTP's and SMTP's "220"): when the
     * server of a flow seen from its start sent first bytes this protocol's probe refused, the flow is
     * not this protocol, whatever the client sends next (POP3's "+OK" then "AUTH" is not FTP).
     */
    default boolean serverGreets() { return false; }

    /**
     * Reassembly depth for this protocol's flows in place of {@code stream.reassembly.depth}, as
     * Suricata's parsers set one (SMB: 0, unlimited, so that file transfers are followed whole);
     * -1: the configured depth applies.
     */
    default long streamDepth() { return -1; }

    /**
     * This protocol with the configuration's settings for it applied (keys like "dns.version", from
     * the eve-log types of suricata.yaml or {@code --set}); itself when none apply.
     */
    default AppProtocol configure(Map<String, String> settings) { return this; }
}
