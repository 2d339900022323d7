package dev.vigil.applayer.quic;

/**
 * What Vigil knows about a QUIC version number: whether it is one we recognise, which salt derives its
 * Initial secrets (RFC 9001 section 5.2, RFC 9369 section 3.3.1, the IETF drafts), how its long-header
 * type bits are laid out (RFC 9369 swapped them), and how Suricata spells it in EVE.
 */
final class QuicVersion {
    static final int NEGOTIATION = 0;
    static final int V1 = 0x00000001;
    static final int V2 = 0x6b3343cf;
    static final int DRAFT_29 = 0xff00001d;

    /** Canonical long-header packet types, whatever the version's wire encoding. */
    static final int INITIAL = 0, ZERO_RTT = 1, HANDSHAKE = 2, RETRY = 3;

    private static final byte[] SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final byte[] SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    private static final byte[] SALT_DRAFT_29 = hex("afbfec289993d24c9e9786f19c6111e04390a899");
    private static final byte[] SALT_DRAFT_23 = hex("c3eef712c72ebb5a11a7d2432bb46365bef9f502");
    private static final byte[] SALT_DRAFT_22 = hex("7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a");

    private QuicVersion() {}

    static boolean isDraft(int v) { return (v & 0xffffff00) == 0xff000000; }

    /** Google QUIC: "Q0xx" (gQUIC crypto) or "T0xx" (gQUIC over TLS), big-endian ASCII. */
    static boolean isGoogle(int v) {
        int c = v >>> 24;
        return (c == 'Q' || c == 'T') && ((v >>> 16) & 0xff) == '0'
                && digit((v >>> 8) & 0xff) && digit(v & 0xff);
    }

    /** The versions whose long-header packets we accept as QUIC when probing. */
    static boolean known(int v) {
        return v == V1 || v == V2 || isDraft(v) || isGoogle(v);
    }

    /** Google versions before Q046 use their own packet layout and unencrypted handshake; Q046+ looks like IETF. */
    static boolean googleLegacyLayout(int v) { return isGoogle(v) && (v & 0xffff) < 0x3436 && (v >>> 24) == 'Q'; }

    /** Salt of the Initial secret, or null when we cannot decrypt this version's Initial packets. */
    static byte[] initialSalt(int v) {
        if (v == V1) return SALT_V1;
        if (v == V2) return SALT_V2;
        if (isDraft(v)) {
            int d = v & 0xff;
            if (d >= 33) return SALT_V1;
            if (d >= 29) return SALT_DRAFT_29;
            if (d >= 23) return SALT_DRAFT_23;
            if (d == 22) return SALT_DRAFT_22;
        }
        return null;
    }

    /** RFC 9369 section 3.3.2: version 2 derives keys with "quicv2 " labels. */
    static String labelPrefix(int v) { return v == V2 ? "quicv2 " : "quic "; }

    /** The canonical packet type of a long header's first byte. */
    static int longType(int v, int first) {
        int bits = (first >>> 4) & 3;
        if (v != V2) return bits;
        // RFC 9369 section 3.2: Initial=0b01, 0-RTT=0b10, Handshake=0b11, Retry=0b00.
        return (bits + 3) & 3;
    }

    /**
     * Suricata's spelling: the gQUIC versions it names (Q039, Q043..Q046) as text, everything else in
     * lowercase hex without leading zeros ("1", "6b3343cf", "ff00001d", "0").
     */
    static String eveName(int v) {
        if (v == 0x51303339 || (v >= 0x51303433 && v <= 0x51303436)) {
            return new String(new char[] {'Q', '0', (char) ((v >>> 8) & 0xff), (char) (v & 0xff)});
        }
        return Integer.toHexString(v);
    }

    private static boolean digit(int c) { return c >= '0' && c <= '9'; }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
