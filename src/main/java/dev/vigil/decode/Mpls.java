package dev.vigil.decode;

/**
 * MPLS label stack (RFC 3032), as Suricata decodes it: the stack is walked to its bottom entry; the
 * bottom label 0 (IPv4 explicit null) or 2 (IPv6 explicit null) names the payload; labels 1 (router
 * alert), 3 (implicit null) and the other reserved values below 16 are not valid at the bottom and
 * raise their event; any other label is followed by a guess on the first nibble: 4 IPv4, 6 IPv6, 0 an
 * Ethernet pseudowire with its 4-byte control word (RFC 4385).
 */
final class Mpls {
    private Mpls() {}
    static final int ENTRY_LEN = 4;
    static final int PW_CONTROL_WORD_LEN = 4;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.MPLS);
        int entry;
        do {
            if (end - off < ENTRY_LEN) {
                d.event(DecoderEvent.MPLS_HEADER_TOO_SMALL);
                return;
            }
            entry = p.i32(off);
            off += ENTRY_LEN;
        } while ((entry & 0x100) == 0);
        int label = entry >>> 12;
        switch (label) {
            case 0 -> {
                Ipv4.decode(d, p, off, end);
                return;
            }
            case 2 -> {
                Ipv6.decode(d, p, off, end);
                return;
            }
            case 1 -> {
                d.event(DecoderEvent.MPLS_BAD_LABEL_ROUTER_ALERT);
                return;
            }
            case 3 -> {
                d.event(DecoderEvent.MPLS_BAD_LABEL_IMPLICIT_NULL);
                return;
            }
            default -> {
                if (label < 16) {
                    d.event(DecoderEvent.MPLS_BAD_LABEL_RESERVED);
                    return;
                }
            }
        }
        if (end - off < PW_CONTROL_WORD_LEN) {
            d.event(DecoderEvent.MPLS_PKT_TOO_SMALL);
            return;
        }
        switch (p.u8(off) >>> 4) {
            case 4 -> Ipv4.decode(d, p, off, end);
            case 6 -> Ipv6.decode(d, p, off, end);
            case 0 -> Ethernet.decode(d, p, off + PW_CONTROL_WORD_LEN, end);
            default -> d.event(DecoderEvent.MPLS_UNKNOWN_PAYLOAD_TYPE);
        }
    }
}
