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
    private final DnsLogFilter filter;

    /** Version 3 records, Suricata 8's default. */
    public DnsProtocol() {
        this(3);
    }

    public DnsProtocol(int eveVersion) {
        this(eveVersion, DnsLogFilter.ALL);
    }

    private DnsProtocol(int eveVersion, DnsLogFilter filter) {
        if (eveVersion != 2 && eveVersion != 3) throw new IllegalArgumentException("dns eve version must be 2 or 3: " + eveVersion);
        this.eveVersion = eveVersion;
        this.filter = filter;
    }

    /** The protocol writing records of {@code eveVersion} (2 or 3), for a configuration that sets it. */
    public static DnsProtocol withVersion(int eveVersion) {
        return new DnsProtocol(eveVersion);
    }

    public int eveVersion() { return eveVersion; }

    DnsLogFilter filter() { return filter; }

    /**
     * The eve-log dns options (from suricata.yaml, or --set): {@code dns.version} picks the layout;
     * {@code dns.requests}, {@code dns.responses}, {@code dns.types} and {@code dns.formats} narrow
     * what is logged (see {@link DnsLogFilter}).
     */
    @Override
    public AppProtocol configure(Map<String, String> settings) {
        int version = eveVersion;
        String v = settings.get("dns.version");
        if (v != null) {
            try {
                int n = Integer.parseInt(v.trim());
                // an unknown version keeps the default layout rather than failing the run
                if (n == 2 || n == 3) version = n;
            } catch (NumberFormatException e) {
                // likewise
            }
        }
        DnsLogFilter f = DnsLogFilter.of(settings);
        if (version == eveVersion && f == DnsLogFilter.ALL && filter == DnsLogFilter.ALL) return this;
        return new DnsProtocol(version, f);
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

    /**
     * A response comes from the server, a query from the client. Said only when the first packet's
     * sender uses port 53, i.e. when turning the flow round makes port 53 the server: Suricata detects
     * DNS on port 53 only (its default detection-ports), so it never turns round the mDNS or LLMNR
     * announcements Vigil also parses, and neither does Vigil.
     */
    @Override
    public Sender sender(boolean tcp, byte[] buf, int off, int len, int clientPort, int serverPort) {
        int flagsAt = off + (tcp ? 4 : 2);
        if (clientPort != 53 || len < (tcp ? 2 : 0) + DnsMessageParser.HEADER) return Sender.EITHER;
        return (buf[flagsAt] & 0x80) != 0 ? Sender.SERVER : Sender.CLIENT;
    }

    @Override
    public AppParser newParser(AppContext ctx) {
        return new DnsParser(ctx, eveVersion, filter);
    }
}
