package dev.vigil.decode;

/**
 * IP over InfiniBand (LINKTYPE_IPOIB, 242). RFC 4391 (section 6) puts a 4-byte header in front of the
 * packet: an EtherType and 2 reserved bytes (zero). Linux captures of an IPoIB interface prepend 40
 * more bytes, 20 unused ones and the 20-byte destination hardware address (queue pair number and
 * port GID), so the same 4-byte header sits at offset 40. The short form is taken when its header is
 * consistent (a known EtherType, reserved zero, an IP version nibble that matches); otherwise the
 * Linux form under the same checks; neither: counted as a malformed frame.
 */
final class IpOverInfiniband {
    private IpOverInfiniband() {}

    static final int HEADER_LEN = 4;
    /** Linux's form: 20 unused bytes and the destination hardware address come first. */
    static final int LINUX_PREFIX_LEN = 40;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.IPOIB);
        if (consistent(p, off, end)) {
            d.decodeEtherType(p, p.u16(off), off + HEADER_LEN, end);
        } else if (consistent(p, off + LINUX_PREFIX_LEN, end)) {
            d.decodeEtherType(p, p.u16(off + LINUX_PREFIX_LEN), off + LINUX_PREFIX_LEN + HEADER_LEN, end);
        } else if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.IPOIB_PKT_TOO_SMALL);
        } else {
            d.count(Layer.UNKNOWN_ETHERTYPE);
        }
    }

    /** A 4-byte IPoIB header at {@code at} whose type, reserved field and payload agree. */
    private static boolean consistent(Packet p, long at, long end) {
        if (end - at < HEADER_LEN + 1 || p.u16(at + 2) != 0) return false;
        int version = p.u8(at + HEADER_LEN) >>> 4;
        return switch (p.u16(at)) {
            case EtherType.IPV4 -> version == 4;
            case EtherType.IPV6 -> version == 6;
            case EtherType.ARP -> true;
            default -> false;
        };
    }
}
