package dev.vigil.decode;

/** Cisco HDLC (LINKTYPE_C_HDLC): address, control, then an EtherType. */
final class CiscoHdlc {
    private CiscoHdlc() {}
    static final int HEADER_LEN = 4;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.CHDLC);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.CHDLC_PKT_TOO_SMALL);
            return;
        }
        d.decodeEtherType(p, p.u16(off + 2), off + HEADER_LEN, end);
    }
}
