package dev.vigil.applayer;

/**
 * Finds TLS that starts after a plaintext preamble of a protocol Vigil has no parser for: STARTTLS in
 * IMAP, POP3, XMPP, LDAP StartTLS, the MySQL SSL request, a SOCKS4/5 or other proxy handshake. Such a
 * flow fails detection on its first bytes; Suricata then stops looking at it, and the TLS fingerprints
 * (JA3, JA4, SNI, certificates) of what it carries are lost, though that is where an analyst looks for
 * C2 behind a proxy. After detection failed, this watcher searches the bytes the client sends next for
 * a well-formed TLS ClientHello; the app layer then hands the flow to TLS from that byte on.
 *
 * <p>The search is bounded: it reads at most {@link #MAX_SCANNED} bytes of the client's direction per
 * flow (a preamble is a few hundred bytes; the watcher then stops for good), holds at most
 * {@link #NEEDED}-1 bytes between calls, and a flow can switch this way once (the app layer counts it
 * as one of the flow's protocol changes). Every byte offset is tried, not only the starts of segments,
 * because a client may send its preamble and its ClientHello in one segment (a SOCKS5 client that does
 * not wait for the proxy's answers, the MySQL SSL request). What makes that safe is the strictness of
 * {@link #isClientHello}: about 50 fixed or range-checked bits, so a chance match in arbitrary bytes is
 * of the order of one in 2^45 per offset.
 */
final class LateTls {
    /** Client bytes searched per flow; a STARTTLS or proxy preamble is far shorter. */
    static final int MAX_SCANNED = 64 * 1024;
    /** Bytes needed to judge a candidate: record header, handshake header, version, random, session id length. */
    static final int NEEDED = 44;
    /** {@link #find}: no ClientHello (yet). */
    static final int NONE = Integer.MIN_VALUE;

    /** The last bytes of the previous call whose offsets could not be judged yet (fewer than NEEDED followed). */
    private final byte[] held = new byte[2 * NEEDED];
    private int heldLen;
    private int scanned;

    /** The search budget is spent: the watcher can be dropped. */
    boolean exhausted() { return scanned >= MAX_SCANNED; }

    /** Bytes held from earlier calls; {@link #find} results below 0 index into them. */
    byte[] held() { return held; }

    int heldLen() { return heldLen; }

    /** Client bytes were lost: those held no longer continue into what comes next. */
    void gap() { heldLen = 0; }

    /**
     * Searches the client's next bytes. Returns {@link #NONE}; or where a ClientHello starts: an offset
     * {@code >= 0} into {@code buf} (relative to {@code off}), or {@code -k} (k >= 1): it starts
     * {@code k} bytes before the end of {@link #held()}, whose last {@code k} bytes then come before
     * {@code buf}.
     */
    int find(byte[] buf, int off, int len) {
        if (len <= 0 || exhausted()) return NONE;
        int take = Math.min(len, MAX_SCANNED - scanned);
        scanned += take;
        // offsets in the held bytes, judged with the first bytes of this call appended
        if (heldLen > 0) {
            int extra = Math.min(take, NEEDED - 1);
            System.arraycopy(buf, off, held, heldLen, extra);
            int total = heldLen + extra;
            for (int p = 0; p < heldLen && p + NEEDED <= total; p++) {
                if (isClientHello(held, p)) return -(heldLen - p);
            }
        }
        int last = take - NEEDED;
        for (int p = 0; p <= last; p++) {
            if (buf[off + p] == HANDSHAKE && isClientHello(buf, off + p)) return p;
        }
        // keep the offsets that could not be judged for the next call
        int keepFromHeld = 0;
        int tailInBuf = Math.min(take, NEEDED - 1);
        if (take < NEEDED - 1) {
            keepFromHeld = Math.min(heldLen, NEEDED - 1 - take);
            System.arraycopy(held, heldLen - keepFromHeld, held, 0, keepFromHeld);
        }
        System.arraycopy(buf, off + take - tailInBuf, held, keepFromHeld, tailInBuf);
        heldLen = keepFromHeld + tailInBuf;
        return NONE;
    }

    private static final byte HANDSHAKE = 22;

    /**
     * A TLS record of type handshake, version 3.0 to 3.4, with a length a record may have, holding the
     * start of a ClientHello (type 1) whose length fits a hello and the record (or fills a maximal record:
     * a hello split over several), client version 3.0 to 3.4, and a session id of at most 32 bytes.
     * {@code b} holds at least {@link #NEEDED} bytes from {@code p}.
     */
    static boolean isClientHello(byte[] b, int p) {
        if (b[p] != HANDSHAKE || b[p + 1] != 3 || (b[p + 2] & 0xff) > 4) return false;
        int recLen = ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
        if (recLen < NEEDED - 5 || recLen > 16384 || b[p + 5] != 1) return false;
        int hsLen = ((b[p + 6] & 0xff) << 16) | ((b[p + 7] & 0xff) << 8) | (b[p + 8] & 0xff);
        // version, random, session id length, cipher suites length, one suite, compression length, one method
        if (hsLen < 2 + 32 + 1 + 2 + 2 + 1 + 1) return false;
        if (hsLen + 4 > recLen && (recLen != 16384 || hsLen > 0xffff)) return false;
        if (b[p + 9] != 3 || (b[p + 10] & 0xff) > 4) return false;
        return (b[p + 43] & 0xff) <= 32;
    }
}
