package dev.vigil.applayer.quic;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * QUIC over UDP (RFC 9000, RFC 9369, the IETF drafts, Google QUIC). Recognised from the first datagram:
 * a client Initial long header of a known version with plausible connection-id lengths, a server's
 * Version Negotiation packet, or a gQUIC public header carrying a Google version.
 */
public final class QuicProtocol implements AppProtocol {
    @Override public String name() { return "quic"; }

    @Override public Transport transport() { return Transport.UDP; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (buf == null || len < 1 || off < 0 || off + len > buf.length) return Probe.NO;
        int f = buf[off] & 0xff;
        if ((f & 0x80) == 0) return gquicPublicHeader(toServer, buf, off, len);
        if (len < 7) return Probe.NO;
        int version = ((buf[off + 1] & 0xff) << 24) | ((buf[off + 2] & 0xff) << 16)
                | ((buf[off + 3] & 0xff) << 8) | (buf[off + 4] & 0xff);
        if (version == QuicVersion.NEGOTIATION) {
            // Server only; the list of versions follows the two connection ids, 4 bytes each.
            if (toServer) return Probe.NO;
            int d = buf[off + 5] & 0xff;
            int s = 6 + d;
            if (s >= len) return Probe.NO;
            int rest = len - s - 1 - (buf[off + s] & 0xff);
            return rest >= 4 && rest % 4 == 0 ? Probe.MATCH : Probe.NO;
        }
        if (!toServer || (f & 0x40) == 0) return Probe.NO;
        // A reserved version (0x?a?a?a?a, RFC 9000 section 15) is how a client forces Version Negotiation.
        if (!QuicVersion.known(version) && (version & 0x0f0f0f0f) != 0x0a0a0a0a) return Probe.NO;
        // Q046+ long header; Q044/Q045 used another byte for the connection-id lengths.
        if (QuicVersion.isGoogle(version)) return Probe.MATCH;
        // The client's first packet: Initial, or 0-RTT when coalesced or reordered before it. Only the
        // connection ids must fit: a capture cut by its snap length still shows the start of the packet.
        int type = QuicVersion.longType(version, f);
        if (type != QuicVersion.INITIAL && type != QuicVersion.ZERO_RTT) return Probe.NO;
        int d = buf[off + 5] & 0xff;
        if (d > LongHeader.MAX_CID || 6 + d >= len) return Probe.NO;
        int s = buf[off + 6 + d] & 0xff;
        return s <= LongHeader.MAX_CID && 7 + d + s <= len ? Probe.MATCH : Probe.NO;
    }

    private static Probe gquicPublicHeader(boolean toServer, byte[] b, int off, int len) {
        int flags = b[off] & 0xff;
        // Client's first packet: version flag and 8-byte connection id.
        if (!toServer || (flags & 0x09) != 0x09 || len < 13) return Probe.NO;
        int v = ((b[off + 9] & 0xff) << 24) | ((b[off + 10] & 0xff) << 16) | ((b[off + 11] & 0xff) << 8) | (b[off + 12] & 0xff);
        return QuicVersion.isGoogle(v) ? Probe.MATCH : Probe.NO;
    }

    @Override public AppParser newParser(AppContext ctx) { return new QuicParser(ctx); }
}
