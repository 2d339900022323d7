package dev.vigil.decode;

/** SCTP common header (RFC 9260): ports, verification tag, checksum; flows key on the ports like TCP/UDP. */
final class Sctp {
    private Sctp() {}
    static final int HEADER_LEN = 12;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.SCTP);
        if (end - off < HEADER_LEN) {
            d.event(DecoderEvent.SCTP_PKT_TOO_SMALL);
            return;
        }
        p.l4Off = off;
        p.l4Len = (int) (end - off);
        p.srcPort = p.u16(off);
        p.dstPort = p.u16(off + 2);
        p.payloadOff = off + HEADER_LEN;
        p.payloadLen = (int) (end - off - HEADER_LEN);
        p.hasFlowKey = true;
    }
}
