package dev.vigil.decode;

/** Ethernet II (and 802.3 frames, which carry no EtherType we follow). */
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
        if (type < 0x0600) return; // 802.3 length field: LLC/SNAP (STP, CDP, ...) carries no IP here
        d.decodeEtherType(p, type, off + HEADER_LEN, end);
    }
}
