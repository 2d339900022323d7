package dev.vigil.applayer.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The logged facts of one X.509 certificate, in Suricata's formats; {@code der} (the certificate as sent)
 * only when the log options write it ({@code certificate}, {@code chain}), else null.
 */
record TlsCertificate(String subject, String issuerdn, String serial, String fingerprint,
                      String notbefore, String notafter, List<String> subjectaltname, byte[] der) {

    /** SANs kept per certificate; a CDN certificate can list hundreds. */
    static final int MAX_SANS = 256;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Null when the JDK cannot parse the DER. */
    static TlsCertificate parse(byte[] b, int off, int len) {
        return parse(b, off, len, false);
    }

    /** As {@link #parse(byte[], int, int)}, keeping the bytes when {@code keepDer}. */
    static TlsCertificate parse(byte[] b, int off, int len, boolean keepDer) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b, off, len));
            byte[] der = c.getEncoded();
            String subject = X509Name.format(c.getSubjectX500Principal().getEncoded());
            String issuer = X509Name.format(c.getIssuerX500Principal().getEncoded());
            return new TlsCertificate(subject == null ? "" : subject, issuer == null ? "" : issuer, serial(c.getSerialNumber()),
                    colonHex(MessageDigest.getInstance("SHA-1").digest(der), false),
                    TIME.format(c.getNotBefore().toInstant()), TIME.format(c.getNotAfter().toInstant()), sans(c),
                    keepDer ? java.util.Arrays.copyOfRange(b, off, off + len) : null);
        } catch (Exception e) {
            // CertificateException, or a RuntimeException from a malformed extension deep in the JDK parser;
            // the JDK also refuses certificates Suricata logs (an empty issuer, as self-made test and IoT
            // certificates have): read the names, serial and validity from the DER directly
            return lenient(b, off, len, keepDer);
        }
    }

    /** The logged fields from the tbsCertificate's DER (no SANs); null when that is malformed too. */
    static TlsCertificate lenient(byte[] b, int off, int len, boolean keepDer) {
        try {
            int end = off + len;
            int[] cert = X509Name.header(b, off, end, 0x30);
            if (cert == null || cert[1] != end) return null;
            int[] tbs = X509Name.header(b, cert[0], cert[1], 0x30);
            if (tbs == null) return null;
            int p = tbs[0];
            int[] version = X509Name.header(b, p, tbs[1], 0xa0);
            if (version != null) p = version[1];
            int[] serial = X509Name.header(b, p, tbs[1], 0x02);
            if (serial == null) return null;
            int[] alg = X509Name.header(b, serial[1], tbs[1], 0x30);
            if (alg == null) return null;
            int issuerStart = alg[1];
            int[] issuer = X509Name.header(b, issuerStart, tbs[1], 0x30);
            if (issuer == null) return null;
            int[] validity = X509Name.header(b, issuer[1], tbs[1], 0x30);
            if (validity == null) return null;
            int subjectStart = validity[1];
            int[] subject = X509Name.header(b, subjectStart, tbs[1], 0x30);
            if (subject == null) return null;
            String[] times = new String[2];
            int q = validity[0];
            for (int i = 0; i < 2; i++) {
                int tag = q < validity[1] ? b[q] & 0xff : -1;
                int[] t = tag == 0x17 || tag == 0x18 ? X509Name.header(b, q, validity[1], tag) : null;
                if (t == null) return null;
                times[i] = derTime(new String(b, t[0], t[1] - t[0], java.nio.charset.StandardCharsets.US_ASCII), tag == 0x17);
                if (times[i] == null) return null;
                q = t[1];
            }
            String subjectText = X509Name.format(java.util.Arrays.copyOfRange(b, subjectStart, subject[1]));
            String issuerText = X509Name.format(java.util.Arrays.copyOfRange(b, issuerStart, issuer[1]));
            byte[] der = java.util.Arrays.copyOfRange(b, off, end);
            return new TlsCertificate(subjectText == null ? "" : subjectText, issuerText == null ? "" : issuerText,
                    colonHex(java.util.Arrays.copyOfRange(b, serial[0], serial[1]), true),
                    colonHex(MessageDigest.getInstance("SHA-1").digest(der), false), times[0], times[1], List.of(),
                    keepDer ? der : null);
        } catch (Exception e) {
            return null;
        }
    }

    /** UTCTime (YYMMDDHHMMSSZ, years 50-99 in the 1900s) or GeneralizedTime (YYYYMMDDHHMMSSZ) as logged. */
    private static String derTime(String t, boolean utc) {
        if (!t.endsWith("Z")) return null;
        String digits = t.substring(0, t.length() - 1);
        if (!digits.chars().allMatch(Character::isDigit)) return null;
        if (utc) {
            if (digits.length() != 12) return null;
            int yy = Integer.parseInt(digits.substring(0, 2));
            digits = (yy >= 50 ? "19" : "20") + digits;
        }
        if (digits.length() != 14) return null;
        return digits.substring(0, 4) + "-" + digits.substring(4, 6) + "-" + digits.substring(6, 8) + "T"
                + digits.substring(8, 10) + ":" + digits.substring(10, 12) + ":" + digits.substring(12, 14);
    }

    /** Suricata prints the DER INTEGER content: minimal two's complement, so a 0x00 leads a high first byte. */
    private static String serial(BigInteger n) {
        return colonHex(n.toByteArray(), true);
    }

    static String colonHex(byte[] d, boolean upper) {
        StringBuilder sb = new StringBuilder(d.length * 3);
        for (int i = 0; i < d.length; i++) {
            if (i > 0) sb.append(':');
            char hi = Character.forDigit((d[i] >> 4) & 0xf, 16), lo = Character.forDigit(d[i] & 0xf, 16);
            sb.append(upper ? Character.toUpperCase(hi) : hi).append(upper ? Character.toUpperCase(lo) : lo);
        }
        return sb.toString();
    }

    /** DNS names (type 2) in certificate order, as Suricata's subjectaltname. */
    private static List<String> sans(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all == null) return out;
            for (List<?> gn : all) {
                if (out.size() >= MAX_SANS) break;
                if (gn.size() >= 2 && Integer.valueOf(2).equals(gn.get(0)) && gn.get(1) instanceof String s) out.add(s);
            }
        } catch (Exception e) {
            // an unparseable SAN extension: log the rest of the certificate without SANs
        }
        return out;
    }
}
