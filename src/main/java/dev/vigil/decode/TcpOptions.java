package dev.vigil.decode;

/**
 * TCP option validation as Suricata does it: an option whose length runs past the header or is below 2
 * ends the walk ({@code tcp.opt_invalid_len}); the options with a fixed or structured length (MSS,
 * window scale, SACK-permitted, SACK, timestamps, TCP Fast Open) are checked for it, and a second
 * occurrence of one of them raises {@code tcp.opt_duplicate}.
 */
final class TcpOptions {
    private TcpOptions() {}

    static final int EOL = 0, NOP = 1, MSS = 2, WS = 3, SACKOK = 4, SACK = 5, TS = 8, TFO = 34, EXP1 = 0xFD, EXP2 = 0xFE;
    private static final int TFO_EXP_ID = 0xF989;

    static void validate(Decoder d, Packet p, long off, long end) {
        int seen = 0;
        while (off < end) {
            int kind = p.u8(off);
            if (kind == EOL) return;
            if (kind == NOP) {
                off++;
                continue;
            }
            if (end - off < 2) return; // a lone kind byte in the last position: nothing to check
            int len = p.u8(off + 1);
            if (len < 2 || off + len > end) {
                d.event(DecoderEvent.TCP_OPT_INVALID_LEN);
                return;
            }
            int bit = 0;
            boolean lenOk = true;
            switch (kind) {
                case MSS -> { bit = 1; lenOk = len == 4; }
                case WS -> { bit = 2; lenOk = len == 3; }
                case SACKOK -> { bit = 4; lenOk = len == 2; }
                case SACK -> { bit = 8; lenOk = len >= 10 && len <= 34 && (len - 2) % 8 == 0; }
                case TS -> { bit = 16; lenOk = len == 10; }
                case TFO -> { bit = 32; lenOk = len == 2 || (len >= 6 && len <= 18 && len % 2 == 0); }
                case EXP1, EXP2 -> {
                    // RFC 6994 experimental option; 0xF989 is the pre-assignment Fast Open
                    if (len >= 4 && p.u16(off + 2) == TFO_EXP_ID) {
                        bit = 32;
                        lenOk = len == 4 || (len >= 8 && len <= 20 && len % 2 == 0);
                    }
                }
                default -> { }
            }
            if (bit != 0) {
                if (!lenOk) d.event(DecoderEvent.TCP_OPT_INVALID_LEN);
                else if ((seen & bit) != 0) d.event(DecoderEvent.TCP_OPT_DUPLICATE);
                else seen |= bit;
            }
            off += len;
        }
    }
}
