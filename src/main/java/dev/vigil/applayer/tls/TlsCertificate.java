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
            // CertificateException, or a RuntimeException from a malformed extension deep in the JDK parser
            return null;
        }
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
