package dev.vigil.decode;

/**
 * PPPoE (RFC 2516). The session stage carries a PPP protocol field and payload after a 6-byte header
 * (version/type, code 0, session id, length); the payload ends where the length field says. The
 * discovery stage (PADI/PADO/PADR/PADS/PADT) is checked for its code and its tag list.
 */
final class Pppoe {
    private Pppoe() {}
    static final int HEADER_LEN = 6;
    static final int PADI = 0x09, PADO = 0x07, PADR = 0x19, PADS = 0x65, PADT = 0xa7;

    static void decodeSession(Decoder d, Packet p, long off, long end) {
        d.count(Layer.PPPOE);
        if (end - off < HEADER_LEN + 2) {
            d.event(DecoderEvent.PPPOE_PKT_TOO_SMALL);
            return;
        }
        int length = p.u16(off + 4);
        if (length == 0) return;
        long payloadEnd = Math.min(end, off + HEADER_LEN + length);
        if (payloadEnd - off < HEADER_LEN + 2) {
            d.event(DecoderEvent.PPPOE_PKT_TOO_SMALL);
            return;
        }
        Ppp.decodeProtocol(d, p, p.u16(off + HEADER_LEN), off + HEADER_LEN + 2, payloadEnd);
    }

    static void decodeDiscovery(Decoder d, Packet p, long off, long end) {
        d.count(Layer.PPPOE);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.PPPOE_PKT_TOO_SMALL);
            return;
        }
        switch (p.u8(off + 1)) {
            case PADI, PADO, PADR, PADS, PADT -> { }
            default -> {
                d.event(DecoderEvent.PPPOE_WRONG_CODE);
                return;
            }
        }
        int length = p.u16(off + 4);
        if (length > end - off - HEADER_LEN) {
            d.event(DecoderEvent.PPPOE_MALFORMED_TAGS);
            return;
        }
        long tag = off + HEADER_LEN, tagsEnd = tag + length;
        while (tag < tagsEnd) {
            if (tagsEnd - tag < 4) {
                d.event(DecoderEvent.PPPOE_MALFORMED_TAGS);
                return;
            }
            int type = p.u16(tag);
            tag += 4 + p.u16(tag + 2);
            if (type == 0) break; // End-Of-List
        }
        if (tag > tagsEnd) d.event(DecoderEvent.PPPOE_MALFORMED_TAGS);
    }
}
