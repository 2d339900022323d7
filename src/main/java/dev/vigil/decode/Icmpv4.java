package dev.vigil.decode;

/**
 * ICMPv4. Flows key on addresses only, as Suricata does, so a request and its reply share a flow.
 * Types and codes are checked as Suricata checks them; error messages (unreachable, source quench,
 * redirect, time exceeded, parameter problem) must quote an IPv4 header.
 */
final class Icmpv4 {
    private Icmpv4() {}
    static final int HEADER_LEN = 8;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ICMPV4);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.ICMPV4_PKT_TOO_SMALL);
            return;
        }
        int type = p.u8(off);
        int code = p.u8(off + 1);
        p.l4Off = off;
        p.l4Len = (int) (end - off);
        p.icmpType = type;
        p.icmpCode = code;
        p.payloadOff = off + HEADER_LEN;
        p.payloadLen = (int) (end - off - HEADER_LEN);
        p.hasFlowKey = true;
        switch (type) {
            case 0, 8, 13, 14, 15, 16, 17, 18 -> { // echo, timestamp, information, address mask
                if (code != 0) d.event(DecoderEvent.ICMPV4_UNKNOWN_CODE);
            }
            case 3 -> quoted(d, p, code > 15, off, end);  // destination unreachable
            case 4 -> quoted(d, p, code != 0, off, end);  // source quench
            case 5 -> quoted(d, p, code > 3, off, end);   // redirect
            case 11 -> quoted(d, p, code > 1, off, end);  // time exceeded
            case 12 -> quoted(d, p, code != 0, off, end); // parameter problem
            default -> d.event(DecoderEvent.ICMPV4_UNKNOWN_TYPE);
        }
    }

    /** An error message: checks the code, then the quoted IPv4 header after the 8-byte ICMP header. */
    private static void quoted(Decoder d, Packet p, boolean badCode, long off, long end) {
        if (badCode) {
            d.event(DecoderEvent.ICMPV4_UNKNOWN_CODE);
            return;
        }
        long q = off + HEADER_LEN;
        if (q >= end) return;
        if (end - q < Ipv4.MIN_HEADER) {
            d.event(DecoderEvent.ICMPV4_IPV4_TRUNC_PKT);
        } else if ((p.u8(q) >>> 4) != 4) {
            d.event(DecoderEvent.ICMPV4_IPV4_UNKNOWN_VER);
        }
    }
}
