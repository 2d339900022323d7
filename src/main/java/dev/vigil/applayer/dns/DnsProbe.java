package dev.vigil.applayer.dns;

import dev.vigil.applayer.Probe;

/**
 * Decides from content whether a datagram or the start of a TCP stream is DNS. DNS has no magic
 * bytes, so the header must be plausible (known opcode, a few questions, section counts that fit the
 * length) and the first question must parse: labels of 1..63 bytes, compression pointers only
 * backwards, a known class. That is a strong match. A header that is plausible but whose question
 * does not meet every rule is a borderline match, accepted only on the DNS ports (53, 5353, 5355):
 * the port never decides alone.
 */
final class DnsProbe {
    private DnsProbe() {}

    static final int STRONG = 2, WEAK = 1, NOT_DNS = 0;

    /** NetBIOS name service (RFC 1002): DNS's message format, another protocol. */
    static final int NBNS_PORT = 137;

    static Probe probe(boolean tcp, byte[] buf, int off, int len, int clientPort, int serverPort) {
        // NBNS name queries parse as strong DNS, but Suricata does not log them as dns (app_proto
        // "failed", suricata-verify dns/bug-1158), and their encoded names are not DNS names
        if (clientPort == NBNS_PORT || serverPort == NBNS_PORT) return Probe.NO;
        int msgOff = off, msgLen = len;
        if (tcp) {
            if (len < 2 + DnsMessageParser.HEADER) return Probe.NEED_MORE;
            int declared = DnsMessageParser.u16(buf, off);
            if (declared < DnsMessageParser.HEADER) return Probe.NO;
            msgOff = off + 2;
            msgLen = Math.min(declared, len - 2);
            if (msgLen < declared && msgLen < 512 && !questionFits(buf, msgOff, msgLen)) {
                return headerPlausible(buf, msgOff, msgLen, declared) ? Probe.NEED_MORE : Probe.NO;
            }
        }
        int score = score(buf, msgOff, msgLen, tcp ? DnsMessageParser.u16(buf, off) : len);
        if (score == STRONG) return Probe.MATCH;
        if (score == WEAK && (dnsPort(serverPort) || dnsPort(clientPort))) return Probe.MATCH;
        return Probe.NO;
    }

    static boolean dnsPort(int p) {
        return p == 53 || p == 5353 || p == 5355;
    }

    /** The 12 header bytes alone could start a DNS message of {@code fullLen} bytes. */
    private static boolean headerPlausible(byte[] b, int off, int len, int fullLen) {
        if (len < DnsMessageParser.HEADER) return false;
        int flags = DnsMessageParser.u16(b, off + 2);
        int opcode = (flags >> 11) & 0xF;
        if (opcode == 3 || opcode > 6) return false;
        int qd = DnsMessageParser.u16(b, off + 4), an = DnsMessageParser.u16(b, off + 6);
        int ns = DnsMessageParser.u16(b, off + 8), ar = DnsMessageParser.u16(b, off + 10);
        if (qd > 4 || (qd == 0 && ((flags & 0x8000) == 0 || an == 0))) return false;
        return DnsMessageParser.HEADER + 5L * qd + 11L * (an + ns + ar) <= fullLen;
    }

    /** True once the bytes hold the header and a whole first question (so the verdict cannot change with more). */
    private static boolean questionFits(byte[] b, int off, int len) {
        if (len < DnsMessageParser.HEADER) return false;
        int p = off + DnsMessageParser.HEADER;
        for (int labels = 0; labels < 128 && p < off + len; labels++) {
            int l = b[p] & 0xFF;
            if (l == 0) return p + 5 <= off + len;
            if ((l & 0xC0) == 0xC0) return p + 6 <= off + len;
            p += 1 + l;
        }
        return false;
    }

    /**
     * Scores the message in {@code b[off, off+len)}; {@code fullLen} is the whole message's length
     * (for TCP, the length prefix), against which the section counts are checked.
     */
    static int score(byte[] b, int off, int len, int fullLen) {
        if (len < DnsMessageParser.HEADER) return NOT_DNS;
        int flags = DnsMessageParser.u16(b, off + 2);
        int opcode = (flags >> 11) & 0xF;
        if (opcode == 3 || opcode > 6) return NOT_DNS;
        boolean response = (flags & 0x8000) != 0;
        int qd = DnsMessageParser.u16(b, off + 4), an = DnsMessageParser.u16(b, off + 6);
        int ns = DnsMessageParser.u16(b, off + 8), ar = DnsMessageParser.u16(b, off + 10);
        // a corrupt header (or not DNS): counts the length cannot hold, or more questions than any
        // resolver sends. Its question can still be read, and Zeek, tshark and nDPI show it, so a message
        // whose question parses stays a borderline match (the DNS ports only) and the parser reports the
        // defect; Suricata drops such a flow, which hides the name from the analyst
        boolean corrupt = DnsMessageParser.corruptCounts(qd, an, ns, ar, fullLen);
        if (corrupt && qd == 0) return DnsMessageParser.loneQuestionEnd(b, off, len) == off + len ? WEAK : NOT_DNS;
        if (!response && an > 0 && opcode == 0) return WEAK; // queries carry no answers (except updates/notify)
        if (qd == 0) return response && an > 0 ? WEAK : NOT_DNS;
        int p = off + DnsMessageParser.HEADER, limit = off + len;
        int nameLen = 0;
        for (int labels = 0; ; labels++) {
            if (p >= limit || labels > 127) return NOT_DNS;
            int l = b[p] & 0xFF;
            if (l == 0) {
                p++;
                break;
            }
            if ((l & 0xC0) == 0xC0) {
                if (p + 1 >= limit) return NOT_DNS;
                int target = ((l & 0x3F) << 8) | (b[p + 1] & 0xFF);
                // in the first question a pointer can only point back into the header-adjacent name bytes
                if (target < DnsMessageParser.HEADER || off + target >= p) return NOT_DNS;
                p += 2;
                break;
            }
            if ((l & 0xC0) != 0) return NOT_DNS;
            nameLen += l + 1;
            if (nameLen > 255 || p + 1 + l > limit) return NOT_DNS;
            p += 1 + l;
        }
        // a name that ends the message, its type and class cut off: borderline (the parser keeps the name)
        if (p + 4 > limit) return p <= limit && len == fullLen ? WEAK : NOT_DNS;
        int type = DnsMessageParser.u16(b, p), cls = DnsMessageParser.u16(b, p + 2) & 0x7FFF; // mDNS sets the top bit
        if (type == 0 || corrupt) return WEAK;
        return cls == 1 || cls == 3 || cls == 4 || cls == 254 || cls == 255 ? STRONG : WEAK;
    }
}
