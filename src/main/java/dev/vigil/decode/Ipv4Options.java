package dev.vigil.decode;

/**
 * IPv4 option validation, following Suricata's checks so the same packets raise the same events:
 * option lengths, the pointer fields of record-route/source-route/timestamp, the CIPSO tag list,
 * duplicates of the options that may appear once, and unknown option types. A malformed option makes
 * the whole packet invalid (not decoded further), as in Suricata; duplicates, unknown types and
 * missing padding are only reported.
 */
final class Ipv4Options {
    private Ipv4Options() {}

    static final int EOL = 0x00, NOP = 0x01, RR = 0x07, QS = 0x19, TS = 0x44, SEC = 0x82, LSRR = 0x83,
            CIPSO = 0x86, SID = 0x88, SSRR = 0x89, RTRALT = 0x94;

    /** Checks the options in {@code [off, end)}; false when the packet must not be decoded further. */
    static boolean validate(Decoder d, Packet p, long off, long end) {
        int plen = (int) (end - off);
        // Suricata wants the option area padded to 8 bytes; only a warning
        if (plen % 8 != 0) d.event(DecoderEvent.IPV4_OPT_PAD_REQUIRED);
        int seen = 0; // bit per option kind that may appear once
        while (off < end) {
            int type = p.u8(off);
            if (type == EOL) return true;
            if (type == NOP) {
                off++;
                continue;
            }
            long left = end - off;
            if (left < 2) {
                d.event(DecoderEvent.IPV4_OPT_EOL_REQUIRED);
                return true;
            }
            int len = p.u8(off + 1);
            if (len > left || len < 2) {
                d.event(DecoderEvent.IPV4_OPT_INVALID_LEN);
                return false;
            }
            int bit = bit(type);
            if (bit == 0) {
                d.event(DecoderEvent.IPV4_OPT_INVALID); // unknown option type: reported, skipped
            } else if ((seen & bit) != 0) {
                d.event(DecoderEvent.IPV4_OPT_DUPLICATE);
            } else {
                seen |= bit;
                if (!validateOne(d, p, type, off, len)) return false;
            }
            off += len;
        }
        return true;
    }

    private static int bit(int type) {
        return switch (type) {
            case RR -> 1;
            case QS -> 2;
            case TS -> 4;
            case SEC -> 8;
            case LSRR -> 16;
            case CIPSO -> 32;
            case SID -> 64;
            case SSRR -> 128;
            case RTRALT -> 256;
            default -> 0;
        };
    }

    private static boolean validateOne(Decoder d, Packet p, int type, long off, int len) {
        switch (type) {
            case RR, LSRR, SSRR -> {
                // [type][len][ptr][addresses...]: ptr is 1-based, >= 4, a multiple of 4, at most len + 1
                if (len < 3) return invalidLen(d);
                int ptr = p.u8(off + 2);
                if (ptr < 4 || ptr % 4 != 0 || ptr > len + 1) return malformed(d);
            }
            case TS -> {
                // [type][len][ptr][overflow|flag][records...]: records are 4 or 8 bytes by flag
                if (len < 5) return invalidLen(d);
                int ptr = p.u8(off + 2);
                if (ptr < 5) return malformed(d);
                int flag = p.u8(off + 3) & 0x0F;
                int rec = (flag == 1 || flag == 3) ? 8 : 4;
                if ((ptr - 5) % rec != 0 || ptr > len + 1) return malformed(d);
            }
            case QS -> {
                if (len < 8) return invalidLen(d);
            }
            case SEC -> {
                if (len != 11) return invalidLen(d);
            }
            case SID, RTRALT -> {
                if (len != 4) return invalidLen(d);
            }
            case CIPSO -> {
                return cipso(d, p, off, len);
            }
            default -> {
                d.event(DecoderEvent.IPV4_OPT_UNKNOWN);
                return false;
            }
        }
        return true;
    }

    /** CIPSO: [type][len][doi (4)][tags...], each tag [type][len][...] of a known type. */
    private static boolean cipso(Decoder d, Packet p, long off, int len) {
        if (len < 10) return invalidLen(d);
        long tag = off + 6;
        int left = len - 6;
        while (left > 0) {
            if (left < 2) return malformed(d);
            int ttype = p.u8(tag);
            int tlen = p.u8(tag + 1);
            if (tlen > left) return malformed(d);
            switch (ttype) {
                case 1, 2, 5, 6, 7 -> {
                    if (tlen < 4) return malformed(d);
                    // the alignment octet is zero, except in tag type 7 which has none
                    if (ttype != 7 && p.u8(tag + 2) != 0) return malformed(d);
                    tag += tlen;
                    left -= tlen;
                }
                default -> {
                    return malformed(d); // 0 is reserved; others are unknown
                }
            }
        }
        return true;
    }

    private static boolean invalidLen(Decoder d) {
        d.event(DecoderEvent.IPV4_OPT_INVALID_LEN);
        return false;
    }

    private static boolean malformed(Decoder d) {
        d.event(DecoderEvent.IPV4_OPT_MALFORMED);
        return false;
    }
}
