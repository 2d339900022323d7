package dev.vigil.decode;

/** IEEE 802.1Q tags, stacked 802.1ad (QinQ) and the legacy 0x9100 tag; up to three are kept in the flow key. */
final class Vlan {
    private Vlan() {}

    static void decode(Decoder d, Packet p, long off, long end) {
        if (end - off < 4) {
            d.event(DecoderEvent.VLAN_HEADER_TOO_SMALL);
            return;
        }
        if (p.vlanCount >= Packet.MAX_VLANS) {
            d.event(DecoderEvent.VLAN_TOO_MANY_LAYERS);
            return;
        }
        d.count(p.vlanCount == 0 ? Layer.VLAN : p.vlanCount == 1 ? Layer.VLAN_QINQ : Layer.VLAN_QINQINQ);
        p.vlan[p.vlanCount++] = p.u16(off) & 0x0FFF;
        int type = p.u16(off + 2);
        if (type < 0x0600) {
            d.event(DecoderEvent.VLAN_UNKNOWN_TYPE);
            return;
        }
        d.decodeEtherType(p, type, off + 4, end);
    }

    /** IEEE 802.1ah I-TAG: 4-byte tag, customer destination and source MACs, then the customer EtherType. */
    static void decodePbb(Decoder d, Packet p, long off, long end) {
        if (end - off < 18) {
            d.event(DecoderEvent.IEEE8021AH_HEADER_TOO_SMALL);
            return;
        }
        int type = p.u16(off + 16);
        if (type < 0x0600) return;
        d.decodeEtherType(p, type, off + 18, end);
    }

    /** Cisco VN-Tag: 4-byte tag, then the EtherType. */
    static void decodeVnTag(Decoder d, Packet p, long off, long end) {
        if (end - off < 6) {
            d.event(DecoderEvent.VNTAG_HEADER_TOO_SMALL);
            return;
        }
        int type = p.u16(off + 4);
        if (type < 0x0600) {
            d.event(DecoderEvent.VNTAG_UNKNOWN_TYPE);
            return;
        }
        d.decodeEtherType(p, type, off + 6, end);
    }
}
