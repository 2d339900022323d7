package dev.vigil.decode;

/**
 * Headers capture tools put in front of a link-layer frame, each saying its own length: radiotap
 * (LINKTYPE_IEEE802_11_RADIOTAP, always followed by an 802.11 frame), PPI (LINKTYPE_PPI, followed by
 * the frame of the DLT it names) and Apple's PKTAP (LINKTYPE_PKTAP, idem). Their fields (radio
 * channel, signal, process name) are not logged; what follows them is decoded. The lengths and DLTs are
 * little-endian in all three.
 */
final class RadioHeaders {
    private RadioHeaders() {}

    /** Radiotap: version 0, pad, 16-bit length of the whole radiotap header. */
    static void decodeRadiotap(Decoder d, Packet p, long off, long end) {
        if (end - off < 8 || p.u8(off) != 0) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        int len = le16(p, off + 2);
        if (len < 8 || len > end - off) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        Ieee80211.decode(d, p, off + len, end);
    }

    /** PPI: version, flags, 16-bit header length, 32-bit DLT of the frame that follows. */
    static void decodePpi(Decoder d, Packet p, long off, long end) {
        if (end - off < 8) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        int len = le16(p, off + 2);
        int dlt = le32(p, off + 4);
        if (len < 8 || len > end - off) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        inner(d, p, dlt, off + len, end);
    }

    /** PKTAP: 32-bit header length, record type, then the DLT of the frame that follows. */
    static void decodePktap(Decoder d, Packet p, long off, long end) {
        if (end - off < 12) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        int len = le32(p, off);
        int dlt = le32(p, off + 8);
        if (len < 12 || len > end - off) {
            d.event(DecoderEvent.RADIO_HEADER_TOO_SMALL);
            return;
        }
        inner(d, p, dlt, off + len, end);
    }

    /** The framed DLT, unless it is itself one of these wrappers (which would let a frame nest without end). */
    private static void inner(Decoder d, Packet p, int dlt, long off, long end) {
        if (dlt == dev.vigil.capture.LinkType.PPI || dlt == dev.vigil.capture.LinkType.PKTAP) {
            d.event(DecoderEvent.UNSUPPORTED_LINKTYPE);
            return;
        }
        d.decodeLink(p, dlt, off, end);
    }

    static int le16(Packet p, long off) {
        return p.u8(off) | p.u8(off + 1) << 8;
    }

    static int le32(Packet p, long off) {
        return Integer.reverseBytes(p.i32(off));
    }
}
