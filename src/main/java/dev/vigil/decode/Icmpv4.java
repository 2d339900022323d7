package dev.vigil.decode;

/** ICMPv4. Flows key on addresses only, as Suricata does, so a request and its reply share a flow. */
final class Icmpv4 {
    private Icmpv4() {}
    static final int HEADER_LEN = 8;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ICMPV4);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.ICMPV4_PKT_TOO_SMALL);
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
