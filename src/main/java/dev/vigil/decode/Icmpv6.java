package dev.vigil.decode;

/** ICMPv6. */
final class Icmpv6 {
    private Icmpv6() {}
    static final int HEADER_LEN = 4;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ICMPV6);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.ICMPV6_PKT_TOO_SMALL);
            return;
        }
        p.l4Off = off;
        p.l4Len = (int) (end - off);
        p.icmpType = p.u8(off);
        p.icmpCode = p.u8(off + 1);
        p.payloadOff = off + HEADER_LEN;
        p.payloadLen = (int) (end - off - HEADER_LEN);
        p.hasFlowKey = true;
    }
}
