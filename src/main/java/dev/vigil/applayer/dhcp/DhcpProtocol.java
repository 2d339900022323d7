package dev.vigil.applayer.dhcp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * DHCP (BOOTP with the DHCP magic cookie) over UDP. Recognised by content alone: op 1 or 2, an
 * Ethernet-like hardware type and length, and the cookie 0x63825363 at offset 236, which random data
 * matches with odds of 2^-32. Records are Suricata's "extended" dhcp form unless built otherwise
 * (Suricata's {@code outputs.eve-log.types.dhcp.extended}).
 */
public final class DhcpProtocol implements AppProtocol {
    private final boolean extended;

    public DhcpProtocol() {
        this(true);
    }

    public DhcpProtocol(boolean extended) {
        this.extended = extended;
    }

    @Override public String name() { return "dhcp"; }

    @Override public Transport transport() { return Transport.UDP; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (len < DhcpMessageParser.HEADER + 4) return Probe.NO;
        int op = buf[off] & 0xFF, htype = buf[off + 1] & 0xFF, hlen = buf[off + 2] & 0xFF;
        if (op != 1 && op != 2) return Probe.NO;
        if (hlen > 16 || htype > 40) return Probe.NO; // IANA hardware types are small; chaddr holds 16 bytes
        return DhcpMessageParser.cookie(buf, off) == DhcpMessageParser.COOKIE ? Probe.MATCH : Probe.NO;
    }

    @Override
    public AppParser newParser(AppContext ctx) {
        return new DhcpParser(ctx, extended);
    }
}
