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
}
