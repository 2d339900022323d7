package dev.vigil.decode;

/** TCP option walker: reports option lengths that run past the header. */
final class TcpOptions {
    private TcpOptions() {}

    static void validate(Decoder d, Packet p, long off, long end) {
        while (off < end) {
            int kind = p.u8(off);
            if (kind == 0) return;
            if (kind == 1) { off++; continue; }
            if (end - off < 2) {
                d.event(DecoderEvent.TCP_OPT_INVALID_LEN);
                return;
            }
            int len = p.u8(off + 1);
            if (len < 2 || off + len > end) {
                d.event(DecoderEvent.TCP_OPT_INVALID_LEN);
                return;
            }
            off += len;
        }
    }
}
