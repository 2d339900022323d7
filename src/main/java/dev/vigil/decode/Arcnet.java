package dev.vigil.decode;

/**
 * ARCNET as Linux captures it (LINKTYPE_ARCNET_LINUX): source and destination station, a 2-byte offset,
 * then the protocol id. The RFC 1201 protocols (IP 0xD4, ARP 0xD5) add a split flag and a sequence
 * number; an exception packet (split flag 0xFF) repeats the protocol id, split flag and sequence after 4
 * filler bytes. The older RFC 1051 protocols (IP 0xF0, ARP 0xF1) have no split flag. Fragmented packets
 * (split flag other than 0) are not reassembled.
 */
final class Arcnet {
    private Arcnet() {}

    static final int RFC1201_IP = 0xD4, RFC1201_ARP = 0xD5, RFC1051_IP = 0xF0, RFC1051_ARP = 0xF1;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ARCNET);
        long at = off + 4;
        if (end - at < 1) {
            d.event(DecoderEvent.ARCNET_PKT_TOO_SMALL);
            return;
        }
        int proto = p.u8(at);
        switch (proto) {
            case RFC1051_IP -> Ipv4.decode(d, p, at + 1, end);
            case RFC1051_ARP -> d.count(Layer.ARP);
            case RFC1201_IP, RFC1201_ARP -> {
                if (end - at < 4) {
                    d.event(DecoderEvent.ARCNET_PKT_TOO_SMALL);
                    return;
                }
                int split = p.u8(at + 1);
                if (split == 0xFF) {
                    at += 4;
                    if (end - at < 4) {
                        d.event(DecoderEvent.ARCNET_PKT_TOO_SMALL);
                        return;
                    }
                    proto = p.u8(at);
                    split = p.u8(at + 1);
                }
                if (split != 0) return;
                if (proto == RFC1201_IP) Ipv4.decode(d, p, at + 4, end);
                else if (proto == RFC1201_ARP) d.count(Layer.ARP);
            }
            default -> { }
        }
    }
}
