package dev.vigil.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SiteCertificatesTest {
    static final long T0 = TlsCaptureTest.T0;

    static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void chainParsesAndValidatesWithTheJdk() throws Exception {
        SiteCertificates certs = new SiteCertificates(11, T0);
        List<String> sans = List.of("portal.acme-corp.example", "acme-corp.example");
        SiteCertificates.Chain c = certs.forSite("portal.acme-corp.example", sans);
        X509Certificate leaf = parse(c.leaf()), ca = parse(c.intermediate()), root = parse(c.root());

        leaf.verify(ca.getPublicKey());
        ca.verify(root.getPublicKey());
        root.verify(root.getPublicKey());
        assertThat(leaf.getVersion()).isEqualTo(3);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=portal.acme-corp.example");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, sans.get(0)), List.of(2, sans.get(1)));
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(leaf.getKeyUsage()[0]).isTrue();
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");

        // PKIX path validation at the scenario's time, with the root as the only trust anchor
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(new Date(T0 / 1_000_000));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, ca)), params);

        // the private key belongs to the leaf (a server signs ServerKeyExchange with it)
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(c.leafKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(leaf.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void sameSeedSameCertificatesWhateverTheOrderOfRequests() throws Exception {
        SiteCertificates a = new SiteCertificates(5, T0), b = new SiteCertificates(5, T0), other = new SiteCertificates(6, T0);
        byte[] a1 = a.forSite("one.example").leaf();
        byte[] a2 = a.forSite("two.example").leaf();
        byte[] b2 = b.forSite("two.example").leaf();
        byte[] b1 = b.forSite("one.example").leaf();
        assertThat(b1).isEqualTo(a1);
        assertThat(b2).isEqualTo(a2);
        assertThat(a.forSite("one.example").intermediate()).isEqualTo(b.forSite("one.example").intermediate());
        // cached: the same chain object, no new key
        assertThat(a.forSite("one.example")).isSameAs(a.forSite("one.example"));
        assertThat(other.forSite("one.example").leaf()).isNotEqualTo(a1);
        assertThat(parse(a1).getSerialNumber()).isNotEqualTo(parse(a2).getSerialNumber());
    }

    @Test
    void validityCoversTheScenario() throws Exception {
        SiteCertificates certs = new SiteCertificates(3, T0);
        Date at = new Date(T0 / 1_000_000);
        for (String site : List.of("a.example", "b.example", "c.example", "d.example", "e.example")) {
            SiteCertificates.Chain c = certs.forSite(site);
            parse(c.leaf()).checkValidity(at);
            parse(c.intermediate()).checkValidity(at);
            parse(c.root()).checkValidity(at);
            // a day-long scenario stays inside the leaf's validity
            parse(c.leaf()).checkValidity(new Date(T0 / 1_000_000 + 86_400_000L));
        }
    }
}
