package dev.vigil.decode;

/** TCP header and options. */
final class Tcp {
    private Tcp() {}
    static final int MIN_HEADER = 20;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.TCP);
        long avail = end - off;
        if (avail < MIN_HEADER) {
            d.event(DecoderEvent.TCP_PKT_TOO_SMALL);
            return;
        }
        int hlen = (p.u8(off + 12) >>> 4) * 4;
        if (hlen < MIN_HEADER) {
            d.event(DecoderEvent.TCP_HLEN_TOO_SMALL);
            return;
        }
        boolean cut = false;
        if (hlen > avail) {
            // options cut by the capture's snaplen: the fixed header is there, keep it; otherwise malformed
            if (p.reassembled || p.frame.capLen >= p.frame.wireLen) {
                d.event(DecoderEvent.TCP_INVALID_OPTLEN);
                return;
            }
            cut = true;
        }
        p.l4Off = off;
        p.l4Len = (int) avail;
        p.srcPort = p.u16(off);
        p.dstPort = p.u16(off + 2);
        p.tcpSeq = p.u32(off + 4);
        p.tcpAck = p.u32(off + 8);
        p.tcpFlags = p.u8(off + 13) | ((p.u8(off + 12) & 0x01) << 8);
        p.tcpWindow = p.u16(off + 14);
        p.tcpHeaderLen = hlen;
        if (cut) {
            p.payloadOff = end;
            p.payloadLen = 0;
            p.hasFlowKey = true;
            return;
        }
        p.payloadOff = off + hlen;
        p.payloadLen = (int) (avail - hlen);
        if (hlen > MIN_HEADER) TcpOptions.validate(d, p, off + MIN_HEADER, off + hlen);
        p.hasFlowKey = true;
    }
}
