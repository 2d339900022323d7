package dev.vigil.decode;

/** Link types without a link header (DLT_RAW): the version nibble tells IPv4 from IPv6. */
final class RawIp {
    private RawIp() {}

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.RAW);
        if (end - off < 1) {
            d.event(DecoderEvent.IPV4_PKT_TOO_SMALL);
            return;
        }
        int version = p.u8(off) >>> 4;
        if (version == 4) Ipv4.decode(d, p, off, end);
        else if (version == 6) Ipv6.decode(d, p, off, end);
        else d.event(DecoderEvent.IPRAW_INVALID_IPV);
    }
}
