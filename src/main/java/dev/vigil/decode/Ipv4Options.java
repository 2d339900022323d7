package dev.vigil.decode;

/** IPv4 option walker: checks option lengths so a malformed option list is reported, not trusted. */
final class Ipv4Options {
    private Ipv4Options() {}

    static void validate(Decoder d, Packet p, long off, long end) {
        while (off < end) {
            int type = p.u8(off);
            if (type == 0) return;          // end of option list
            if (type == 1) { off++; continue; } // no-op
            if (end - off < 2) {
                d.event(DecoderEvent.IPV4_OPT_MALFORMED);
                return;
            }
            int len = p.u8(off + 1);
            if (len < 2 || off + len > end) {
                d.event(DecoderEvent.IPV4_OPT_INVALID_LEN);
                return;
            }
            off += len;
        }
    }
}
