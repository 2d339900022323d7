package dev.vigil.applayer.ssh;

/** The name-lists of an SSH_MSG_KEXINIT payload (RFC 4253 section 7.1). */
final class KexInit {
    static final int MSG_KEXINIT = 20;
    /** kex, host key, enc c2s/s2c, mac c2s/s2c, compression c2s/s2c: the lists HASSH needs. */
    static final int LISTS = 8;
    private static final int COOKIE = 16;

    private KexInit() {}

    /**
     * @param b the payload after the message type byte (cookie first)
     * @return the first eight name-lists, or null when they do not fit in the payload
     */
    static byte[][] nameLists(byte[] b, int off, int len) {
        int p = off + COOKIE, end = off + len;
        if (p > end) return null;
        byte[][] lists = new byte[LISTS][];
        for (int i = 0; i < LISTS; i++) {
            if (end - p < 4) return null;
            long n = ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4;
            if (n > end - p) return null;
            lists[i] = java.util.Arrays.copyOfRange(b, p, p + (int) n);
            p += (int) n;
        }
        return lists;
    }
}
