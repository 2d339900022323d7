package dev.vigil.applayer.dhcp;

import java.util.Arrays;

/**
 * Parses a BOOTP/DHCP datagram: the 236-byte fixed header, the magic cookie 0x63825363, then options
 * (code, length, value) up to END (255), PAD (0) skipped. At most {@link #MAX_OPTIONS} options are kept,
 * so a datagram of PADs or tiny options cannot blow up a record.
 */
public final class DhcpMessageParser {
    static final int HEADER = 236;
    static final int COOKIE = 0x63825363;
    static final int MAX_OPTIONS = 255;

    private DhcpMessageParser() {}

    /** The message, or null when it is not a BOOTP message with the DHCP cookie. */
    public static DhcpMessage parse(byte[] b, int off, int len) {
        if (len < HEADER + 4 || cookie(b, off) != COOKIE) return null;
        DhcpMessage m = new DhcpMessage();
        m.op = b[off] & 0xFF;
        m.xid = u32(b, off + 4);
        m.ciaddr = Arrays.copyOfRange(b, off + 12, off + 16);
        m.yiaddr = Arrays.copyOfRange(b, off + 16, off + 20);
        m.siaddr = Arrays.copyOfRange(b, off + 20, off + 24);
        m.giaddr = Arrays.copyOfRange(b, off + 24, off + 28);
        m.clientMac = Arrays.copyOfRange(b, off + 28, off + 34);
        int p = off + HEADER + 4, end = off + len;
        while (true) {
            if (p >= end) {
                m.truncatedOptions = true;
                break;
            }
            int code = b[p] & 0xFF;
            if (code == 255) break;
            if (code == 0) {
                p++;
                continue;
            }
            if (p + 2 > end || p + 2 + (b[p + 1] & 0xFF) > end) {
                m.truncatedOptions = true;
                break;
            }
            int l = b[p + 1] & 0xFF;
            if (m.options.size() < MAX_OPTIONS) m.options.add(new DhcpMessage.Option(code, Arrays.copyOfRange(b, p + 2, p + 2 + l)));
            p += 2 + l;
        }
        return m;
    }

    static int cookie(byte[] b, int off) {
        return (int) u32(b, off + HEADER);
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
