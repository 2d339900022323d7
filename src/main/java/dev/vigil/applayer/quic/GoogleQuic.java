package dev.vigil.applayer.quic;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.tls.JA3;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Google QUIC (Q0xx) handshakes, which are not encrypted: the client's CHLO message (a tag-value map
 * carried in stream 1) names the server (SNI) and the user agent (UAID). Read from the legacy public
 * header layout (up to Q043) and from the Q046 long header alike, by locating the CHLO message after the
 * header; the tag list gives Salesforce's CYU fingerprint that Suricata logs.
 */
final class GoogleQuic {
    /** CHLO search window after the packet header: the stream frame header precedes it by a few bytes. */
    static final int SEARCH_WINDOW = 64;
    /** Tag entries of a CHLO: real ones have about 30. */
    static final int MAX_TAGS = 64;
    /** A logged SNI or UA longer than this is truncated. */
    static final int MAX_VALUE = 512;
    /**
     * Client packets looked at for CHLOs (an inchoate CHLO, then the full one after the server's REJ):
     * after these the handshake is encrypted.
     */
    static final int MAX_PACKETS = 8;

    private final AppContext ctx;
    private int packets;
    private boolean isGoogle;
    /** The version the client announced; later packets do not repeat it. */
    private int flowVersion;

    GoogleQuic(AppContext ctx) { this.ctx = ctx; }

    boolean done() { return packets >= MAX_PACKETS; }

    /**
     * A datagram starting with a gQUIC public header (flags byte high bit clear). True when it is one
     * (consumed, whatever it held); false when the datagram is not gQUIC.
     */
    boolean publicHeader(boolean toServer, byte[] b, int p, int end) {
        int flags = b[p] & 0xff;
        int q = p + 1;
        boolean hasCid = (flags & 0x08) != 0;
        boolean hasVersion = (flags & 0x01) != 0;
        if (hasCid) q += 8;
        if (hasVersion && toServer) {
            if (q + 4 > end) return isGoogle;
            int version = u32(b, q);
            if (!QuicVersion.isGoogle(version)) return isGoogle;
            q += 4;
            flowVersion = version;
        } else if (!isGoogle) {
            return false;
        }
        isGoogle = true;
        if (!toServer || packets >= MAX_PACKETS) return true;
        chlo(flowVersion, b, q, end);
        return true;
    }

    /** A long-header packet of a Google version (Q046 and later use the IETF invariant header). */
    boolean longHeader(boolean toServer, byte[] b, int p, int end) {
        if (end - p < 6) return false;
        int version = u32(b, p + 1);
        if (!QuicVersion.isGoogle(version)) return false;
        isGoogle = true;
        flowVersion = version;
        if (toServer && packets < MAX_PACKETS) chlo(version, b, p + 6, end);
        return true;
    }

    private void chlo(int version, byte[] b, int from, int end) {
        if (packets++ >= MAX_PACKETS) return;
        int limit = Math.min(end - 4, from + SEARCH_WINDOW);
        for (int i = from; i <= limit; i++) {
            if (b[i] == 'C' && b[i + 1] == 'H' && b[i + 2] == 'L' && b[i + 3] == 'O') {
                if (parseChlo(version, b, i, end)) return;
            }
        }
    }

    private boolean parseChlo(int version, byte[] b, int m, int end) {
        int p = m + 4;
        if (p + 4 > end) return false;
        int n = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
        p += 4;
        if (n == 0 || n > MAX_TAGS || p + 8L * n > end) {
            ctx.anomaly("error_on_data");
            return false;
        }
        int values = p + 8 * n;
        StringBuilder tags = new StringBuilder(n * 5);
        String sni = null, ua = null;
        int prev = 0;
        for (int i = 0; i < n; i++) {
            int e = p + 8 * i;
            int endOff = (b[e + 4] & 0xff) | ((b[e + 5] & 0xff) << 8) | ((b[e + 6] & 0xff) << 16) | ((b[e + 7] & 0xff) << 24);
            if (endOff < prev || values + (long) endOff > end) {
                ctx.anomaly("error_on_data");
                return false;
            }
            int tagLen = 4;
            while (tagLen > 0 && b[e + tagLen - 1] == 0) tagLen--;
            if (i > 0) tags.append('-');
            for (int k = 0; k < tagLen; k++) tags.append((char) (b[e + k] & 0x7f));
            int vOff = values + prev, vLen = Math.min(endOff - prev, MAX_VALUE);
            if (tagLen == 3 && b[e] == 'S' && b[e + 1] == 'N' && b[e + 2] == 'I') {
                sni = new String(b, vOff, vLen, StandardCharsets.UTF_8);
            } else if (tagLen == 4 && b[e] == 'U' && b[e + 1] == 'A' && b[e + 2] == 'I' && b[e + 3] == 'D') {
                ua = new String(b, vOff, vLen, StandardCharsets.UTF_8);
            }
            prev = endOff;
        }
        String cyu = cyuVersion(version) + "," + tags;
        ctx.emit(new QuicRecord(false, version, sni, ua, null, null, null, List.of(), cyu, JA3.md5(cyu)));
        return true;
    }

    /** The CYU fingerprint's version field: the two digits of "Q0xx". */
    private static String cyuVersion(int version) {
        return new String(new char[] {(char) ((version >>> 8) & 0xff), (char) (version & 0xff)});
    }

    private static int u32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
