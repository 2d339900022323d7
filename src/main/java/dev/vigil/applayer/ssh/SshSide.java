package dev.vigil.applayer.ssh;

import dev.vigil.applayer.AppContext;

/**
 * One direction of an SSH connection up to its SSH_MSG_NEWKEYS, after which everything it sends is
 * encrypted: the identification line (and, from a server, the other lines RFC 4253 lets it send
 * first), then the unencrypted binary packets, of which only the KEXINIT is kept. Bytes are consumed
 * as they come; a packet split over calls is carried over in bounded buffers.
 */
final class SshSide {
    /** RFC 4253 4.2: the identification string is at most 255 bytes with its CR LF. */
    static final int MAX_BANNER = 255;
    /** Lines a server may send before its identification; past this it is not SSH. */
    static final int MAX_PRE_BANNER_BYTES = 16 * 1024;
    /** A KEXINIT payload larger than this is not buffered (RFC 4253 6.1 asks for 35000-byte packets). */
    static final int MAX_KEXINIT = 64 * 1024;
    /** A cleartext packet claiming more than this is garbage: the side is given up. */
    static final int MAX_PACKET = 256 * 1024;

    private static final int MSG_NEWKEYS = 21;
    private static final int HEADER = 6; // uint32 packet_length, byte padding_length, byte msg type

    private enum Phase { BANNER, HEADER, KEXINIT, SKIP, DONE }

    private final boolean client;
    private final AppContext ctx;
    private Phase phase = Phase.BANNER;

    private final byte[] line = new byte[MAX_BANNER];
    private int lineLen;
    private boolean lineTooLong;
    private int preBannerBytes;

    private final byte[] header = new byte[HEADER];
    private int headerLen;
    private byte[] kex;
    private int kexLen;
    private long skip;
    /** After the current packet is skipped, the side is encrypted. */
    private boolean newKeysPending;

    SshBanner banner;
    Hassh hassh;
    /** The other direction of the same connection. */
    SshSide peer;

    SshSide(boolean client, AppContext ctx) {
        this.client = client;
        this.ctx = ctx;
    }

    boolean done() { return phase == Phase.DONE; }

    /** Stops parsing this direction (encrypted, not SSH 2, or given up). */
    void stop() {
        phase = Phase.DONE;
        kex = null;
    }

    void onData(byte[] b, int off, int len) {
        int p = off, end = off + len;
        while (p < end && phase != Phase.DONE) {
            switch (phase) {
                case BANNER -> p = banner(b, p, end);
                case HEADER -> p = header(b, p, end);
                case KEXINIT -> p = kexinit(b, p, end);
                case SKIP -> {
                    int n = (int) Math.min(skip, end - p);
                    skip -= n;
                    p += n;
                    if (skip == 0) afterPacket();
                }
                default -> p = end;
            }
        }
    }

    /** Bytes went missing: a packet boundary can no longer be found, so this direction is over. */
    void onGap() {
        if (phase != Phase.DONE) stop();
    }

    private int banner(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p++];
            if (c == '\n') {
                lineEnd();
                return p;
            }
            if (lineLen < MAX_BANNER) line[lineLen++] = c;
            else lineTooLong = true;
        }
        return p;
    }

    private void lineEnd() {
        int n = lineLen;
        if (n > 0 && line[n - 1] == '\r') n--;
        boolean tooLong = lineTooLong;
        int consumed = lineLen + 1;
        lineLen = 0;
        lineTooLong = false;
        SshBanner parsed = SshBanner.parse(line, 0, n);
        if (parsed == null) {
            // only a server may send other lines before its identification (RFC 4253 4.2)
            boolean startsLikeBanner = n >= 4 && line[0] == 'S' && line[1] == 'S' && line[2] == 'H' && line[3] == '-';
            preBannerBytes += consumed;
            if (client || startsLikeBanner || preBannerBytes > MAX_PRE_BANNER_BYTES) {
                ctx.anomaly("INVALID_BANNER");
                stop();
            }
            return;
        }
        if (tooLong) ctx.anomaly("LONG_BANNER");
        banner = parsed;
        // SSH 1 packets are not parsed (nothing in them is logged), and when one side announced SSH 1
        // the other speaks it too, whatever it announced
        if (!parsed.speaksV2()) {
            stop();
            if (peer.banner != null) peer.stop();
        } else if (peer.banner != null && !peer.banner.speaksV2()) {
            stop();
        } else {
            phase = Phase.HEADER;
        }
    }

    private int header(byte[] b, int p, int end) {
        int n = Math.min(HEADER - headerLen, end - p);
        System.arraycopy(b, p, header, headerLen, n);
        headerLen += n;
        p += n;
        if (headerLen < HEADER) return p;
        headerLen = 0;
        long packetLength = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        int padding = header[4] & 0xFF;
        int type = header[5] & 0xFF;
        // padding_length and the message type are inside packet_length, and so is the padding
        if (packetLength > MAX_PACKET || packetLength < 2L + padding) {
            ctx.anomaly("INVALID_RECORD");
            stop();
            return end;
        }
        long rest = packetLength - 2; // bytes after the message type
        if (type == KexInit.MSG_KEXINIT && hassh == null) {
            long payload = packetLength - padding - 2; // KEXINIT payload after its type byte
            if (payload > MAX_KEXINIT) {
                ctx.anomaly("LONG_KEX_RECORD");
                skip = rest;
            } else {
                kex = new byte[(int) payload];
                kexLen = 0;
                skip = padding;
                phase = Phase.KEXINIT;
                if (payload == 0) finishKexinit();
                return p;
            }
        } else {
            skip = rest;
        }
        newKeysPending = type == MSG_NEWKEYS;
        phase = Phase.SKIP;
        if (skip == 0) afterPacket();
        return p;
    }

    private int kexinit(byte[] b, int p, int end) {
        int n = Math.min(kex.length - kexLen, end - p);
        System.arraycopy(b, p, kex, kexLen, n);
        kexLen += n;
        p += n;
        if (kexLen == kex.length) finishKexinit();
        return p;
    }

    private void finishKexinit() {
        byte[][] lists = KexInit.nameLists(kex, 0, kex.length);
        kex = null;
        if (lists == null) ctx.anomaly("INVALID_RECORD");
        else hassh = Hassh.of(lists, client);
        phase = Phase.SKIP;
        newKeysPending = false;
        if (skip == 0) afterPacket();
    }

    private void afterPacket() {
        if (newKeysPending) stop();
        else phase = Phase.HEADER;
    }
}
