package dev.vigil.applayer.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * FoxIO's JA4 TLS client fingerprint ({@code a_b_c}), the hashed form only:
 * <ul>
 * <li>a: transport ('t' TCP, 'q' QUIC, 'd' DTLS), version (highest non-GREASE supported_versions, else
 *     legacy_version), 'd' with a server_name extension else 'i', cipher and extension counts (GREASE
 *     left out, two digits, at most 99), first and last character of the first ALPN value ("00" without
 *     one; the first/last hex digit of the value when an end byte is not alphanumeric);</li>
 * <li>b: first 12 hex digits of SHA-256 over the sorted cipher suites as 4-digit lowercase hex joined by ',';</li>
 * <li>c: same over the sorted extensions minus SNI and ALPN, then '_' and the signature algorithms in wire
 *     order (no '_' without them).</li>
 * </ul>
 * An empty list hashes to "000000000000".
 */
public final class JA4 {
    private JA4() {}

    public static String of(ClientHello ch, char transport) {
        int[] ciphers = noGrease(ch.cipherSuites());
        int[] exts = noGrease(ch.extensionTypes());
        StringBuilder sb = new StringBuilder(40);
        sb.append(transport).append(version(ch));
        sb.append(ch.hasExtension(TlsExt.SERVER_NAME) ? 'd' : 'i');
        twoDigits(sb, ciphers.length);
        twoDigits(sb, exts.length);
        alpn(sb, ch);
        sb.append('_');

        Arrays.sort(ciphers);
        sb.append(hash12(hexList(new StringBuilder(), ciphers)));
        sb.append('_');

        int n = 0;
        int[] rest = new int[exts.length];
        for (int e : exts) if (e != TlsExt.SERVER_NAME && e != TlsExt.ALPN) rest[n++] = e;
        rest = Arrays.copyOf(rest, n);
        Arrays.sort(rest);
        StringBuilder c = hexList(new StringBuilder(), rest);
        int[] sigs = noGrease(ch.signatureAlgorithms());
        if (sigs.length > 0) hexList(c.append('_'), sigs);
        sb.append(hash12(c));
        return sb.toString();
    }

    private static String version(ClientHello ch) {
        int v = -1;
        for (int s : ch.supportedVersions()) if (!TlsExt.grease(s) && s > v) v = s;
        if (v < 0) v = ch.legacyVersion();
        if (ch.sslv2() && v == 0x0002) return "s2";
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    private static void alpn(StringBuilder sb, ClientHello ch) {
        if (ch.alpn().isEmpty() || ch.alpn().getFirst().isEmpty()) {
            sb.append("00");
            return;
        }
        String a = ch.alpn().getFirst();
        char first = a.charAt(0), last = a.charAt(a.length() - 1);
        if (alnum(first) && alnum(last)) {
            sb.append(first).append(last);
        } else {
            sb.append(Character.forDigit((first >> 4) & 0xf, 16)).append(Character.forDigit(last & 0xf, 16));
        }
    }

    private static boolean alnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static void twoDigits(StringBuilder sb, int n) {
        n = Math.min(n, 99);
        sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private static int[] noGrease(int[] a) {
        int n = 0;
        int[] out = new int[a.length];
        for (int v : a) if (!TlsExt.grease(v)) out[n++] = v;
        return n == a.length ? out : Arrays.copyOf(out, n);
    }

    private static StringBuilder hexList(StringBuilder sb, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            int v = values[i];
            for (int s = 12; s >= 0; s -= 4) sb.append(Character.forDigit((v >> s) & 0xf, 16));
        }
        return sb;
    }

    private static String hash12(CharSequence s) {
        if (s.isEmpty()) return "000000000000";
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.US_ASCII));
            return JA3.hex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
