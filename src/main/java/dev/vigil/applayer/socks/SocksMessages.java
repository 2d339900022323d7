package dev.vigil.applayer.socks;

import dev.vigil.applayer.Probe;

/**
 * The lengths of SOCKS messages, read from their bytes: each returns how many bytes the message at
 * {@code b[off]} takes, 0 when more bytes are needed to tell, -1 when the bytes are no such message.
 */
final class SocksMessages {
    private SocksMessages() {}

    /** Longest user id or host name a SOCKS 4/4a request may carry here (the protocol sets no limit). */
    static final int MAX_FIELD = 255;

    static Probe probe(byte[] b, int off, int len) {
        if (len < 1) return Probe.NEED_MORE;
        int n = switch (b[off]) {
            case 4 -> socks4Request(b, off, len);
            // a greeting is alone: the client waits for the method the proxy picks
            case 5 -> { int g = socks5Greeting(b, off, len); yield g > 0 && g != len ? -1 : g; }
            default -> -1;
        };
        return n > 0 ? Probe.MATCH : n == 0 ? Probe.NEED_MORE : Probe.NO;
    }

    /** VN=4, CD=1|2, DSTPORT, DSTIP, USERID NUL (and for 4a, DSTIP 0.0.0.x, then HOST NUL). */
    static int socks4Request(byte[] b, int off, int len) {
        if (len >= 2 && b[off + 1] != 1 && b[off + 1] != 2) return -1;
        if (len < 8) return 0;
        if (u16(b, off + 2) == 0) return -1;
        int user = text(b, off + 8, len - 8, false);
        if (user <= 0) return user;
        int end = off + 8 + user;
        boolean socks4a = b[off + 4] == 0 && b[off + 5] == 0 && b[off + 6] == 0 && b[off + 7] != 0;
        if (!socks4a) return end - off;
        int host = text(b, end, off + len - end, true);
        if (host <= 1) return host == 1 ? -1 : host; // an empty host name is no 4a request
        return end + host - off;
    }

    /** VER=5, NMETHODS >= 1, METHODS. */
    static int socks5Greeting(byte[] b, int off, int len) {
        if (len < 2) return 0;
        int n = b[off + 1] & 0xFF;
        if (n == 0 || n > 16) return -1;
        if (len < 2 + n) return 0;
        for (int i = 0; i < n; i++) {
            int m = b[off + 2 + i] & 0xFF;
            if (m > 9 && (m < 0x80 || m == 0xFF)) return -1; // IANA-assigned, or private (0x80-0xFE)
        }
        return 2 + n;
    }

    /** VER=1, ULEN, UNAME, PLEN, PASSWD (RFC 1929). */
    static int socks5Auth(byte[] b, int off, int len) {
        if (len < 2) return 0;
        if (b[off] != 1) return -1;
        int u = b[off + 1] & 0xFF;
        if (len < 3 + u) return 0;
        int p = b[off + 2 + u] & 0xFF;
        return len < 3 + u + p ? 0 : 3 + u + p;
    }

    /** VER=5, CMD or REP, RSV, ATYP, address, port: a request and a reply have one shape. */
    static int socks5Address(byte[] b, int off, int len) {
        if (len < 5) return 0;
        if (b[off] != 5) return -1;
        int addr = switch (b[off + 3]) {
            case 1 -> 4;
            case 3 -> 1 + (b[off + 4] & 0xFF);
            case 4 -> 16;
            default -> -1;
        };
        if (addr < 0) return -1;
        return len < 4 + addr + 2 ? 0 : 4 + addr + 2;
    }

    /**
     * A NUL-ended field at {@code b[off]}, its NUL included: printable ASCII only ({@code host}: the
     * characters of a host name), at most {@link #MAX_FIELD} bytes.
     */
    private static int text(byte[] b, int off, int len, boolean host) {
        int max = Math.min(len, MAX_FIELD + 1);
        for (int i = 0; i < max; i++) {
            int c = b[off + i] & 0xFF;
            if (c == 0) return i + 1;
            boolean ok = host ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':'
                    : c >= 0x20 && c < 0x7F;
            if (!ok) return -1;
        }
        return len > MAX_FIELD ? -1 : 0;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }
}
