package dev.vigil.decode;

/**
 * ICMPv6 (RFC 4443 and the messages assigned since), with Suricata's checks: the code must be one the
 * type defines, error messages must quote an IPv6 header, MLD messages must arrive with hop limit 1,
 * and unassigned or experimental types are reported as such.
 */
final class Icmpv6 {
    private Icmpv6() {}
    /** Type, code, checksum and the 4-byte message-specific word every ICMPv6 message has. */
    static final int HEADER_LEN = 8;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ICMPV6);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.ICMPV6_PKT_TOO_SMALL);
            return;
        }
        int type = p.u8(off);
        int code = p.u8(off + 1);
        p.l4Off = off;
        p.l4Len = (int) (end - off);
        p.icmpType = type;
        p.icmpCode = code;
        // errors and echo carry their payload after the 8-byte header, the others right after the checksum
        int payloadAt = type < 128 || type == 128 || type == 129 ? HEADER_LEN : 4;
        p.payloadOff = off + payloadAt;
        p.payloadLen = (int) (end - off - payloadAt);
        p.hasFlowKey = true;
        switch (type) {
            case 1 -> quoted(d, p, code > 6, off, end);  // destination unreachable
            case 2 -> quoted(d, p, code != 0, off, end); // packet too big
            case 3 -> quoted(d, p, code > 1, off, end);  // time exceeded
            case 4 -> quoted(d, p, code > 2, off, end);  // parameter problem
            case 128, 129, 133, 134, 135, 136, 137, 141, 142, 143, 144, 145, 146, 147, 148, 149, 154, 156, 157,
                 158, 159 -> {
                if (code != 0) d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
            }
            case 130, 131, 132 -> { // MLD query, report, done
                if (code != 0) d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
                if (p.ipVersion == 6 && p.ttl != 1) d.event(DecoderEvent.ICMPV6_MLD_MESSAGE_WITH_INVALID_HL);
            }
            case 138 -> { // router renumbering
                if (code > 2 && code != 255) d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
            }
            case 139, 140 -> { // node information query / reply
                if (code > 2) d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
            }
            case 150, 151, 152, 153 -> { } // experimental mobility, multicast router discovery
            case 155 -> { // RPL control
                if ((code > 3 && code < 128) || code > 132) d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
            }
            default -> {
                if ((type > 4 && type < 100) || (type >= 102 && type < 127) || (type >= 160 && type < 200)
                        || type >= 202) {
                    d.event(DecoderEvent.ICMPV6_UNASSIGNED_TYPE);
                } else if (type == 100 || type == 101 || type == 200 || type == 201) {
                    d.event(DecoderEvent.ICMPV6_EXPERIMENTATION_TYPE);
                } else {
                    d.event(DecoderEvent.ICMPV6_UNKNOWN_TYPE);
                }
            }
        }
    }

    /** An error message: checks the code, then the quoted IPv6 header after the 8-byte message header. */
    private static void quoted(Decoder d, Packet p, boolean badCode, long off, long end) {
        if (badCode) {
            d.event(DecoderEvent.ICMPV6_UNKNOWN_CODE);
            return;
        }
        long q = off + 8;
        if (end - q < Ipv6.HEADER_LEN) {
            d.event(DecoderEvent.ICMPV6_IPV6_TRUNC_PKT);
        } else if ((p.u8(q) >>> 4) != 6) {
            d.event(DecoderEvent.ICMPV6_IPV6_UNKNOWN_VER);
        }
    }
}
