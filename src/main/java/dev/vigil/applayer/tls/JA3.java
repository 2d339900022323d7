package dev.vigil.applayer.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * JA3 and JA3S TLS fingerprints as Salesforce defined them: decimal values joined by '-', fields by ',',
 * GREASE values (RFC 8701) left out; the fingerprint is the MD5 of that string in lowercase hex.
 */
public final class JA3 {
    private JA3() {}

    /** {@code SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats}. */
    public static String client(ClientHello ch) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(ch.legacyVersion()).append(',');
        join(sb, ch.cipherSuites());
        sb.append(',');
        join(sb, ch.extensionTypes());
        sb.append(',');
        join(sb, ch.supportedGroups());
        sb.append(',');
        join(sb, ch.ecPointFormats());
        return sb.toString();
    }

    /** {@code SSLVersion,Cipher,Extensions} of a ServerHello. */
    public static String server(ServerHello sh) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(sh.legacyVersion()).append(',').append(sh.cipherSuite()).append(',');
        join(sb, sh.extensionTypes());
        return sb.toString();
    }

    private static void join(StringBuilder sb, int[] values) {
        boolean first = true;
        for (int v : values) {
            if (TlsExt.grease(v)) continue;
            if (!first) sb.append('-');
            sb.append(v);
            first = false;
        }
    }

    public static String md5(String s) {
        try {
            return hex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a mandatory JDK algorithm", e);
        }
    }

    static String hex(byte[] d) {
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = Character.forDigit((d[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(d[i] & 0xf, 16);
        }
        return new String(out);
    }
}
