package dev.vigil.applayer.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DER reader used when the JDK refuses a certificate ({@link TlsCertificate#lenient}): on the JDK's
 * own trust store it reads what the JDK reads, and it reads a certificate with an empty issuer, which
 * the JDK refuses and Suricata logs.
 */
class TlsCertificateTest {

    static List<byte[]> trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            ks.load(in, null);
        }
        List<byte[]> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            Certificate c = ks.getCertificate(alias);
            if (c != null) out.add(c.getEncoded());
        }
        return out;
    }

    @Test
    void lenientReadsWhatTheJdkReads() throws Exception {
        List<byte[]> certs = trustStore();
        assertTrue(certs.size() > 50, "the JDK trust store has " + certs.size() + " certificates");
        for (byte[] der : certs) {
            TlsCertificate jdk = TlsCertificate.parse(der, 0, der.length);
            TlsCertificate own = TlsCertificate.lenient(der, 0, der.length, false);
            assertNotNull(jdk);
            assertNotNull(own, jdk.subject());
            assertEquals(jdk.subject(), own.subject());
            assertEquals(jdk.issuerdn(), own.issuerdn());
            assertEquals(jdk.serial(), own.serial());
            assertEquals(jdk.fingerprint(), own.fingerprint());
            assertEquals(jdk.notbefore(), own.notbefore(), jdk.subject());
            assertEquals(jdk.notafter(), own.notafter(), jdk.subject());
        }
    }

    @Test
    void emptyIssuerIsRead() throws Exception {
        byte[] der = trustStore().get(0);
        byte[] noIssuer = withEmptyIssuer(der);
        TlsCertificate c = TlsCertificate.parse(noIssuer, 0, noIssuer.length);
        assertNotNull(c, "a certificate with an empty issuer is logged");
        assertEquals("", c.issuerdn());
        assertEquals(TlsCertificate.parse(der, 0, der.length).subject(), c.subject());
    }

    @Test
    void truncatedDerIsRefused() throws Exception {
        byte[] der = trustStore().get(0);
        assertNull(TlsCertificate.lenient(der, 0, der.length - 10, false));
        assertNull(TlsCertificate.lenient(new byte[] {0x30, (byte) 0x84, 1, 2}, 0, 4, false));
    }

    /** The certificate with its issuer Name replaced by an empty SEQUENCE (lengths re-encoded). */
    static byte[] withEmptyIssuer(byte[] der) {
        int[] cert = X509Name.header(der, 0, der.length, 0x30);
        int[] tbs = X509Name.header(der, cert[0], cert[1], 0x30);
        int p = tbs[0];
        int[] version = X509Name.header(der, p, tbs[1], 0xa0);
        if (version != null) p = version[1];
        int[] serial = X509Name.header(der, p, tbs[1], 0x02);
        int[] alg = X509Name.header(der, serial[1], tbs[1], 0x30);
        int[] issuer = X509Name.header(der, alg[1], tbs[1], 0x30);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(der, tbs[0], alg[1] - tbs[0]);
        body.write(0x30);
        body.write(0x00);
        body.write(der, issuer[1], tbs[1] - issuer[1]);
        byte[] newTbs = tlv(0x30, body.toByteArray());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(newTbs);
        all.write(der, tbs[1], cert[1] - tbs[1]); // signature algorithm and value, unchanged
        return tlv(0x30, all.toByteArray());
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) out.write(n);
        else if (n < 0x100) { out.write(0x81); out.write(n); }
        else if (n < 0x10000) { out.write(0x82); out.write(n >> 8); out.write(n & 0xff); }
        else { out.write(0x83); out.write(n >> 16); out.write((n >> 8) & 0xff); out.write(n & 0xff); }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
