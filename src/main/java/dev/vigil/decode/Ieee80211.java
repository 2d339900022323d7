package dev.vigil.decode;

/**
 * IEEE 802.11 data frames (the MAC header of IEEE 802.11-2020 9.2/9.3.2) and the LLC/SNAP header
 * (RFC 1042, 802.1H) that carries an EtherType after it. Reached from LINKTYPE_IEEE802_11, from the
 * radio headers in front of it (radiotap, PPI) and from Aruba's GRE encapsulation of client frames.
 *
 * <p>Only unprotected data frames that carry data are followed: management and control frames carry no
 * IP; a protected frame's body is encrypted; a "null" data subtype has no body; an A-MSDU aggregates
 * several subframes with their own headers, which is not decoded. The 4-byte FCS some captures keep is
 * left at the end: the IP length bounds what the inner decoders read.
 */
final class Ieee80211 {
    private Ieee80211() {}

    static final int BASE_HEADER_LEN = 24;
    private static final int TYPE_DATA = 2;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.IEEE80211);
        if (end - off < BASE_HEADER_LEN) {
            d.event(DecoderEvent.IEEE80211_PKT_TOO_SMALL);
            return;
        }
        int fc0 = p.u8(off), fc1 = p.u8(off + 1);
        int type = (fc0 >> 2) & 0x3, subtype = (fc0 >> 4) & 0xF;
        if ((fc0 & 0x3) != 0 || type != TYPE_DATA) return; // unknown version, or management/control
        if ((subtype & 0x4) != 0 || (fc1 & 0x40) != 0) return; // no body, or encrypted body
        boolean toDs = (fc1 & 0x1) != 0, fromDs = (fc1 & 0x2) != 0;
        boolean qos = (subtype & 0x8) != 0;
        long hdr = BASE_HEADER_LEN;
        if (toDs && fromDs) hdr += 6; // fourth address (wireless distribution system)
        if (qos) {
            if (end - off < hdr + 2) {
                d.event(DecoderEvent.IEEE80211_PKT_TOO_SMALL);
                return;
            }
            if ((p.u8(off + hdr) & 0x80) != 0) return; // A-MSDU present
            hdr += 2;
            if ((fc1 & 0x80) != 0) hdr += 4; // +HTC: the order bit on a QoS frame announces HT control
        }
        decodeLlc(d, p, off + hdr, end);
    }

    /** LLC with a SNAP header whose OUI is 00-00-00 (RFC 1042) or 00-00-F8 (802.1H bridge tunnel). */
    static void decodeLlc(Decoder d, Packet p, long off, long end) {
        if (end - off < 8) {
            d.event(DecoderEvent.IEEE80211_PKT_TOO_SMALL);
            return;
        }
        if (p.u16(off) != 0xAAAA || p.u8(off + 2) != 0x03 || p.u16(off + 3) != 0) return;
        int oui3 = p.u8(off + 5);
        if (oui3 != 0x00 && oui3 != 0xF8) return;
        int etherType = p.u16(off + 6);
        if (etherType >= 0x0600) d.decodeEtherType(p, etherType, off + 8, end);
    }
}
