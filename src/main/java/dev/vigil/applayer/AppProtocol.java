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

    /** A parser for one flow that {@link #probe} matched. */
    AppParser newParser(AppContext ctx);

    /**
     * Probing order among protocols: lower goes first. Strong signatures (TLS, SSH, HTTP) before weak
     * ones (DNS over TCP) so a weak probe cannot steal a flow from a strong one.
     */
    default int priority() { return 100; }

    /**
     * This protocol with the configuration's settings for it applied (keys like "dns.version", from
     * the eve-log types of suricata.yaml or {@code --set}); itself when none apply.
     */
    default AppProtocol configure(Map<String, String> settings) { return this; }
}
