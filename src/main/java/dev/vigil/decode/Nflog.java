package dev.vigil.decode;

/**
 * Linux netfilter log messages (LINKTYPE_NFLOG): a 4-byte header (address family, version, resource id)
 * and type-length-value attributes, each padded to 4 bytes, in the capturing host's byte order (little
 * endian in practice, as libpcap writes them). The packet itself is the NFULA_PAYLOAD attribute, an IP
 * packet of the header's family; the other attributes (prefix, marks, interfaces) are not logged.
 */
final class Nflog {
    private Nflog() {}

    static final int HEADER_LEN = 4;
    static final int TLV_HEADER_LEN = 4;
    static final int NFULA_PAYLOAD = 9;
    static final int AF_INET = 2, AF_INET6 = 10;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.NFLOG);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.NFLOG_PKT_TOO_SMALL);
            return;
        }
        int family = p.u8(off);
        long at = off + HEADER_LEN;
        while (end - at >= TLV_HEADER_LEN) {
            int len = RadioHeaders.le16(p, at);
            int type = RadioHeaders.le16(p, at + 2) & 0x7FFF; // the top bit flags a nested attribute
            if (len < TLV_HEADER_LEN || len > end - at) {
                d.event(DecoderEvent.NFLOG_PKT_TOO_SMALL);
                return;
            }
            if (type == NFULA_PAYLOAD) {
                long body = at + TLV_HEADER_LEN, bodyEnd = at + len;
                if (family == AF_INET) Ipv4.decode(d, p, body, bodyEnd);
                else if (family == AF_INET6) Ipv6.decode(d, p, body, bodyEnd);
                return;
            }
            at += (len + 3) & ~3L;
        }
    }
}
