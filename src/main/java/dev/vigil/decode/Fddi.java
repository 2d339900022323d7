package dev.vigil.decode;

/**
 * FDDI (LINKTYPE_FDDI, 10), which Zeek decodes: a frame control byte, destination and source
 * addresses, then, for an LLC frame (frame control 0101 0xxx or 0101 1xxx: asynchronous or synchronous
 * LLC), an 802.2 LLC/SNAP header carrying an EtherType (RFC 1188). Other frames (MAC, SMT, tokens)
 * carry nothing we follow.
 */
final class Fddi {
    private Fddi() {}

    static final int HEADER_LEN = 13;
    static final int SNAP_LEN = 8;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.FDDI);
        if (end - off < HEADER_LEN + SNAP_LEN) {
            d.event(DecoderEvent.FDDI_PKT_TOO_SMALL);
            return;
        }
        if ((p.u8(off) & 0xF0) != 0x50) return; // not an LLC frame
        long llc = off + HEADER_LEN;
        if (p.u16(llc) != 0xAAAA || p.u8(llc + 2) != 0x03 || p.u16(llc + 3) != 0 || p.u8(llc + 5) != 0) return;
        int etherType = p.u16(llc + 6);
        if (etherType >= 0x0600) d.decodeEtherType(p, etherType, llc + SNAP_LEN, end);
    }
}
