package dev.vigil.decode;

/**
 * ERSPAN, the mirrored-frame encapsulation carried in GRE.
 *
 * <ul>
 *   <li>Type I (GRE protocol 0x88BE, no GRE sequence number): no header, the Ethernet frame follows.
 *   <li>Type II (0x88BE with a sequence number): 8-byte header, version 1. As in Suricata, a non-zero
 *       VLAN field is added to the mirrored packet's VLAN list.
 *   <li>Type III (0x22EB): 12-byte header, version 2, plus an 8-byte platform-specific subheader when
 *       the O flag is set; frame type 0 is Ethernet, 2 an IP packet. The VLAN field is added like type
 *       II's unless the mirrored frame still carries its own 802.1Q tag (it would be counted twice).
 * </ul>
 */
final class Erspan {
    private Erspan() {}
    static final int TYPE_II_LEN = 8;
    static final int TYPE_III_LEN = 12;
    static final int TYPE_III_SUBHEADER_LEN = 8;

    static void decodeTypeI(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ERSPAN);
        Ethernet.decode(d, p, off, end);
    }

    static void decodeTypeII(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ERSPAN);
        if (end - off < TYPE_II_LEN) {
            d.event(DecoderEvent.ERSPAN_HEADER_TOO_SMALL);
            return;
        }
        int verVlan = p.u16(off);
        if ((verVlan >>> 12) != 1) {
            d.event(DecoderEvent.ERSPAN_UNSUPPORTED_VERSION);
            return;
        }
        if (!addVlan(d, p, verVlan & 0x0FFF)) return;
        Ethernet.decode(d, p, off + TYPE_II_LEN, end);
    }

    static void decodeTypeIII(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ERSPAN);
        if (end - off < TYPE_III_LEN) {
            d.event(DecoderEvent.ERSPAN_HEADER_TOO_SMALL);
            return;
        }
        int verVlan = p.u16(off);
        if ((verVlan >>> 12) != 2) {
            d.event(DecoderEvent.ERSPAN_UNSUPPORTED_VERSION);
            return;
        }
        int word = p.u16(off + 10); // P(1) FT(5) HW ID(6) D(1) Gra(2) O(1)
        int hdr = TYPE_III_LEN + ((word & 1) != 0 ? TYPE_III_SUBHEADER_LEN : 0);
        if (end - off < hdr) {
            d.event(DecoderEvent.ERSPAN_HEADER_TOO_SMALL);
            return;
        }
        long frame = off + hdr;
        int frameType = (word >>> 10) & 0x1F;
        int vlan = verVlan & 0x0FFF;
        if (frameType == 0) {
            boolean tagged = end - frame >= Ethernet.HEADER_LEN + 4 && p.u16(frame + 12) == EtherType.VLAN
                    && (p.u16(frame + 14) & 0x0FFF) == vlan;
            if (!tagged && !addVlan(d, p, vlan)) return;
            Ethernet.decode(d, p, frame, end);
        } else if (frameType == 2) {
            if (!addVlan(d, p, vlan)) return;
            RawIp.decode(d, p, frame, end);
        } else {
            d.event(DecoderEvent.ERSPAN_UNSUPPORTED_VERSION);
        }
    }

    private static boolean addVlan(Decoder d, Packet p, int vlan) {
        if (vlan == 0) return true;
        if (p.vlanCount >= Packet.MAX_VLANS) {
            d.event(DecoderEvent.ERSPAN_TOO_MANY_VLAN_LAYERS);
            return false;
        }
        p.vlan[p.vlanCount++] = vlan;
        return true;
    }
}
