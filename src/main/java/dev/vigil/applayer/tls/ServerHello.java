package dev.vigil.applayer.tls;

import java.util.ArrayList;
import java.util.List;

/** A parsed ServerHello (or HelloRetryRequest, which has the same layout): what JA3S and the EVE record need. */
public final class ServerHello {
    private int legacyVersion;
    private int cipherSuite;
    private int[] extensionTypes = TlsExt.EMPTY;
    /** The selected_version of a supported_versions extension (TLS 1.3), or 0. */
    private int selectedVersion;
    private final List<String> alpn = new ArrayList<>(1);
    /** Set by the parser: this is a HelloRetryRequest (RFC 8446 4.1.3), another ServerHello follows. */
    boolean helloRetry;
    /**
     * Set by the parser on the ServerHello that follows a HelloRetryRequest: that request. JA3S is the
     * first server hello's, as Suricata computes it (once per direction) and as tshark shows it.
     */
    ServerHello retried;

    private ServerHello() {}

    /** Parses a ServerHello body (after the 4-byte handshake header); null when malformed. */
    public static ServerHello parse(byte[] b, int off, int len) {
        try {
            return parse0(b, off, len);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ServerHello parse0(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off + len > b.length) return null;
        int end = off + len;
        int p = off;
        if (p + 2 + 32 + 1 > end) return null;
        ServerHello sh = new ServerHello();
        sh.legacyVersion = TlsExt.u16(b, p);
        p += 34;
        if (((sh.legacyVersion >> 8) == 0x7f && (sh.legacyVersion & 0xff) < 22) || sh.legacyVersion == 0x0304) {
            // TLS 1.3 drafts before 22 dropped session_id and compression_method from the ServerHello; drafts
            // before 16 said 0x0304 here (the published TLS 1.3 says 0x0303 and keeps both fields)
            if (p + 2 > end) return null;
            sh.cipherSuite = TlsExt.u16(b, p);
            p += 2;
        } else {
            int sidLen = b[p] & 0xff;
            p++;
            if (sidLen > 32 || p + sidLen + 3 > end) return null;
            p += sidLen;
            sh.cipherSuite = TlsExt.u16(b, p);
            p += 3; // cipher suite and the single compression method
        }
        if (p == end) return sh;
        if (p + 2 > end) return null;
        int extEnd = p + 2 + TlsExt.u16(b, p);
        p += 2;
        if (extEnd > end) return null;
        int[] types = TlsExtensions.walk(b, p, extEnd, false, (type, x, d, e) -> {
            if (type == TlsExt.SUPPORTED_VERSIONS && e - d == 2) sh.selectedVersion = TlsExt.u16(x, d);
            else if (type == TlsExt.ALPN) ClientHello.alpnList(x, d, e, sh.alpn);
        });
        if (types == null) return null;
        sh.extensionTypes = types;
        return sh;
    }

    public int legacyVersion() { return legacyVersion; }
    public int cipherSuite() { return cipherSuite; }
    public int[] extensionTypes() { return extensionTypes; }
    /** supported_versions' selected version, 0 when absent. */
    public int selectedVersion() { return selectedVersion; }
    /** The negotiated version: supported_versions when present, else legacy_version. */
    public int version() { return selectedVersion != 0 ? selectedVersion : legacyVersion; }
    public List<String> alpn() { return alpn; }
}
