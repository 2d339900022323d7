package dev.vigil.applayer.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed TLS (or DTLS/QUIC-carried) ClientHello: what the fingerprints and the EVE record need, copied
 * out of the caller's buffer. Lists keep GREASE values and wire order; the fingerprints filter them.
 * Used by TLS over TCP and by QUIC (CRYPTO frames carry the same handshake message).
 */
public final class ClientHello {
    /** A server name longer than this is not a DNS name; it is kept truncated. */
    static final int MAX_SNI = 255;
    /** At most this many ALPN protocols are kept. */
    static final int MAX_ALPN = 32;

    private int legacyVersion;
    private int[] cipherSuites = TlsExt.EMPTY;
    private int[] extensionTypes = TlsExt.EMPTY;
    private String sni;
    private final List<String> alpn = new ArrayList<>(2);
    private int[] supportedVersions = TlsExt.EMPTY;
    private int[] supportedGroups = TlsExt.EMPTY;
    private int[] ecPointFormats = TlsExt.EMPTY;
    private int[] signatureAlgorithms = TlsExt.EMPTY;
    private boolean sslv2;

    private ClientHello() {}

    /**
     * Parses a ClientHello body: the bytes after the 4-byte handshake header ({@code legacy_version,
     * random, session_id, cipher_suites, compression_methods[, extensions]}). Null when a length runs past
     * {@code len} or a mandatory part is missing. A malformed known extension is ignored (the hello stays
     * usable for its other fields); a malformed extensions block makes the hello malformed.
     */
    public static ClientHello parse(byte[] buf, int off, int len) {
        try {
            return parse0(buf, off, len);
        } catch (RuntimeException e) {
            // lengths are checked before every read; this is only a guard against a missed check
            return null;
        }
    }

    private static ClientHello parse0(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off + len > b.length) return null;
        int end = off + len;
        int p = off;
        if (p + 2 + 32 + 1 > end) return null;
        ClientHello ch = new ClientHello();
        ch.legacyVersion = TlsExt.u16(b, p);
        p += 2 + 32;
        int sidLen = b[p] & 0xff;
        p += 1;
        if (sidLen > 32 || p + sidLen > end) return null;
        p += sidLen;
        int[] ciphers = TlsExt.u16List(b, p, end, 2);
        if (ciphers == null) return null;
        ch.cipherSuites = ciphers;
        p += 2 + ciphers.length * 2;
        if (p >= end) return null;
        int compLen = b[p] & 0xff;
        p += 1;
        // RFC 5246 wants at least the null method; an empty list is tolerated as tshark and Suricata do
        if (p + compLen > end) return null;
        p += compLen;
        if (p == end) return ch; // no extensions: a valid pre-TLS-1.2 style hello
        if (p + 2 > end) return null;
        int extLen = TlsExt.u16(b, p);
        p += 2;
        if (p + extLen > end) return null;
        // a truncated last extension: keep those before it (tshark fingerprints them too)
        int[] types = TlsExtensions.walk(b, p, p + extLen, true, ch::extension);
        ch.extensionTypes = types;
        return ch;
    }

    private void extension(int type, byte[] b, int d, int e) {
        switch (type) {
            case TlsExt.SERVER_NAME -> sni = serverName(b, d, e);
            case TlsExt.ALPN -> alpnList(b, d, e, alpn);
            case TlsExt.SUPPORTED_VERSIONS -> supportedVersions = orEmpty(TlsExt.u16List(b, d, e, 1));
            case TlsExt.SUPPORTED_GROUPS -> supportedGroups = orEmpty(TlsExt.u16List(b, d, e, 2));
            case TlsExt.EC_POINT_FORMATS -> ecPointFormats = orEmpty(TlsExt.u8List(b, d, e));
            case TlsExt.SIGNATURE_ALGORITHMS -> signatureAlgorithms = orEmpty(TlsExt.u16List(b, d, e, 2));
            default -> { }
        }
    }

    private static int[] orEmpty(int[] a) {
        return a == null ? TlsExt.EMPTY : a;
    }

    /** The first host_name entry of a server_name extension (RFC 6066), or null. */
    private static String serverName(byte[] b, int d, int e) {
        if (d + 2 > e) return null;
        int listEnd = Math.min(e, d + 2 + TlsExt.u16(b, d));
        int p = d + 2;
        while (p + 3 <= listEnd) {
            int nameType = b[p] & 0xff;
            int l = TlsExt.u16(b, p + 1);
            p += 3;
            if (p + l > listEnd) return null;
            if (nameType == 0) return new String(b, p, Math.min(l, MAX_SNI), StandardCharsets.ISO_8859_1);
            p += l;
        }
        return null;
    }

    /** ALPN protocol_name_list (RFC 7301); shared with ServerHello, which carries exactly one name. */
    static void alpnList(byte[] b, int d, int e, List<String> out) {
        if (d + 2 > e) return;
        int listEnd = Math.min(e, d + 2 + TlsExt.u16(b, d));
        int p = d + 2;
        while (p < listEnd && out.size() < MAX_ALPN) {
            int l = b[p] & 0xff;
            p++;
            if (p + l > listEnd) return;
            out.add(new String(b, p, l, StandardCharsets.ISO_8859_1));
            p += l;
        }
    }

    /**
     * Builds the ClientHello of an SSLv2-compatible CLIENT-HELLO (RFC 6101 appendix E): 3-byte cipher
     * specs, of which only those with a zero first byte are TLS cipher suites. {@code body} starts at the
     * message type byte (1) after the 2-byte SSLv2 record header.
     */
    static ClientHello parseSslv2(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 9 || b[off] != 1) return null;
        ClientHello ch = new ClientHello();
        ch.sslv2 = true;
        ch.legacyVersion = TlsExt.u16(b, off + 1);
        int specLen = TlsExt.u16(b, off + 3);
        int sidLen = TlsExt.u16(b, off + 5);
        int chalLen = TlsExt.u16(b, off + 7);
        int p = off + 9;
        if (specLen % 3 != 0 || (long) p + specLen + sidLen + chalLen > end) return null;
        int n = 0;
        for (int i = 0; i < specLen; i += 3) if (b[p + i] == 0) n++;
        int[] cs = new int[n];
        n = 0;
        for (int i = 0; i < specLen; i += 3) if (b[p + i] == 0) cs[n++] = TlsExt.u16(b, p + i + 1);
        ch.cipherSuites = cs;
        return ch;
    }

    public int legacyVersion() { return legacyVersion; }
    /** Cipher suites in wire order, GREASE included. */
    public int[] cipherSuites() { return cipherSuites; }
    /** Extension types in wire order, GREASE included. */
    public int[] extensionTypes() { return extensionTypes; }
    /** The host_name of the server_name extension, or null. */
    public String sni() { return sni; }
    /** ALPN protocol names offered, in order (empty when no ALPN extension). */
    public List<String> alpn() { return alpn; }
    public int[] supportedVersions() { return supportedVersions; }
    public int[] supportedGroups() { return supportedGroups; }
    public int[] ecPointFormats() { return ecPointFormats; }
    public int[] signatureAlgorithms() { return signatureAlgorithms; }
    /** True when this came from an SSLv2-format record (no extensions, no fingerprints by convention). */
    public boolean sslv2() { return sslv2; }

    boolean hasExtension(int type) {
        for (int t : extensionTypes) if (t == type) return true;
        return false;
    }
}
