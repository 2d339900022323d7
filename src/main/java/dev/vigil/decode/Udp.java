package dev.vigil.decode;

/** UDP; payloads on the tunnel ports (VXLAN, Geneve, Teredo) are followed into their inner packet. */
final class Udp {
    private Udp() {}
    static final int HEADER_LEN = 8;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.UDP);
        long avail = end - off;
        if (avail < HEADER_LEN) {
            d.event(DecoderEvent.UDP_HLEN_TOO_SMALL);
            return;
        }
        int len = p.u16(off + 4);
        if (len < HEADER_LEN) {
            d.event(DecoderEvent.UDP_LEN_INVALID);
            return;
        }
        long udpEnd = off + len;
        if (udpEnd > end) {
            if (!p.reassembled && p.frame.capLen >= p.frame.wireLen) d.event(DecoderEvent.UDP_PKT_TOO_SMALL);
            udpEnd = end;
        }
        p.l4Off = off;
        p.l4Len = (int) (udpEnd - off);
        p.srcPort = p.u16(off);
        p.dstPort = p.u16(off + 2);
        p.payloadOff = off + HEADER_LEN;
        p.payloadLen = (int) (udpEnd - off - HEADER_LEN);
        p.hasFlowKey = true;
        UdpTunnels.decode(d, p, off + HEADER_LEN, udpEnd);
    }
}
