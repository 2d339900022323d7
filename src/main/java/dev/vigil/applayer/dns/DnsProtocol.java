package dev.vigil.applayer.dns;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;
import java.util.Map;

/**
 * DNS over UDP and TCP. The EVE layout is chosen per instance: version 3 (Suricata 8's default, one
 * record per message) or version 2 (Suricata 7's default, a record per question and one per answer),
 * as Suricata's {@code outputs.eve-log.types.dns.version} setting chooses it.
 */
public final class DnsProtocol implements AppProtocol {
    private final int eveVersion;

    /** Version 3 records, Suricata 8's default. */
    public DnsProtocol() {
        this(3);
    }

    public DnsProtocol(int eveVersion) {
        if (eveVersion != 2 && eveVersion != 3) throw new IllegalArgumentException("dns eve version must be 2 or 3: " + eveVersion);
        this.eveVersion = eveVersion;
    }

    /** The protocol writing records of {@code eveVersion} (2 or 3), for a configuration that sets it. */
    public static DnsProtocol withVersion(int eveVersion) {
        return new DnsProtocol(eveVersion);
    }

    public int eveVersion() { return eveVersion; }

    /** {@code dns.version} (from the eve-log dns type in suricata.yaml, or --set) picks the layout. */
    @Override
    public AppProtocol configure(Map<String, String> settings) {
        String v = settings.get("dns.version");
        if (v == null) return this;
        try {
            int n = Integer.parseInt(v.trim());
            return n == eveVersion ? this : new DnsProtocol(n);
        } catch (IllegalArgumentException e) {
            // an unknown version keeps the default layout rather than failing the run
            return this;
        }
    }

    @Override public String name() { return "dns"; }

    @Override public Transport transport() { return Transport.BOTH; }

    /** Weak content signature: after the protocols with strong ones. */
    @Override public int priority() { return 500; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        // the transport is not passed; a length prefix equal to the rest of a datagram is a TCP-style start
        // only when the caller is TCP, so try UDP framing first, then TCP framing
        Probe udp = DnsProbe.probe(false, buf, off, len, clientPort, serverPort);
        if (udp == Probe.MATCH) return udp;
        return DnsProbe.probe(true, buf, off, len, clientPort, serverPort);
    }

    @Override
    public AppParser newParser(AppContext ctx) {
        return new DnsParser(ctx, eveVersion);
    }
}
