package dev.vigil.decode;

/**
 * Ethernet II, and IEEE 802.3 frames with an LLC/SNAP header whose OUI is zero (RFC 1042), which carry
 * an EtherType after the SNAP header; other 802.3 frames (STP, CDP, ...) carry nothing we follow.
 */
final class Ethernet {
    private Ethernet() {}
    static final int HEADER_LEN = 14;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ETHERNET);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.ETHERNET_PKT_TOO_SMALL);
            return;
        }
        int type = p.u16(off + 12);
        if (type >= 0x0600) {
            d.decodeEtherType(p, type, off + HEADER_LEN, end);
        } else if (end - off >= HEADER_LEN + 8 && p.u16(off + 14) == 0xAAAA && p.u8(off + 16) == 0x03
                && p.u16(off + 17) == 0 && p.u8(off + 19) == 0) {
            // 802.3 length field + LLC (DSAP/SSAP 0xAA, UI) + SNAP with an encapsulated EtherType
            int snapType = p.u16(off + 20);
            if (snapType >= 0x0600) d.decodeEtherType(p, snapType, off + HEADER_LEN + 8, end);
        }
    }
}
