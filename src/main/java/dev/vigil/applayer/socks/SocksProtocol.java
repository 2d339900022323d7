package dev.vigil.applayer.socks;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * SOCKS 4, 4a and 5 (RFC 1928, RFC 1929): a client asks a proxy to connect it somewhere, then the
 * connection carries the proxied protocol. Recognised from the client's first message, which the
 * client sends before anything else and which has a rigid shape ({@link SocksMessages}). After a
 * granted CONNECT the flow's bytes are detected again from their content (HTTP, TLS, ...), as an
 * HTTP CONNECT tunnel's are; the flow then says {@code app_proto_orig: socks}. Suricata has no SOCKS
 * parser; the {@code socks} record follows Zeek's socks.log.
 */
public final class SocksProtocol implements AppProtocol {
    @Override public String name() { return "socks"; }

    @Override public Transport transport() { return Transport.TCP; }

    /** A whole, strictly shaped request: after the literal signatures, before the weak DNS-over-TCP. */
    @Override public int priority() { return 90; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        // the proxy never speaks first, and its replies are too short to tell from other bytes
        if (!toServer) return Probe.NO;
        return SocksMessages.probe(buf, off, len);
    }

    @Override
    public AppParser newParser(AppContext ctx) { return new SocksParser(ctx); }
}
