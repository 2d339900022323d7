package dev.vigil.intel.taxii;

import static dev.vigil.intel.taxii.TaxiiTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made by keytool; the client trusts it through a PEM or PKCS12 file. */
class TaxiiHttpsTest {

    static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void servesOverTlsToAClientThatTrustsTheSelfSignedCertificate(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12"), pem = dir.resolve("server.pem"), trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "taxii",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2");
        keytool("-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass", "changeit", "-alias", "taxii", "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", "trustpw", "-alias", "partner",
                "-file", pem.toString());

        MedallionFixture fixture = new MedallionFixture();
        TaxiiServerConfig cfg = new TaxiiServerConfig("127.0.0.1", 0, new TaxiiServerConfig.Tls(ks.toString(), "changeit", "PKCS12"), false,
                null, null, null, null, MedallionFixture.ROOT, false, 0, 0, partners(fixture.fixtureAccess));
        try (TaxiiServer server = new TaxiiServer(cfg, fixture.seed(1000, "alice")).start()) {
            assertThat(server.baseUri().getScheme()).isEqualTo("https");
            TaxiiClient viaPem = TaxiiClient.builder().basic("alice", ALICE_PASSWORD).trustPem(pem).build();
            ObjectNode d = viaPem.discovery(server.discoveryUri());
            assertThat(d.path("default").asText()).isEqualTo(server.baseUri() + "trustgroup1/");
            TaxiiClient viaP12 = TaxiiClient.builder().bearer(BOB_TOKEN).trustPkcs12(trust, "trustpw".toCharArray()).build();
            List<ObjectNode> objs = new ArrayList<>();
            viaP12.pull(server.baseUri().resolve("trustgroup1/"), MedallionFixture.HIGH_VALUE, Map.of(), objs::add);
            assertThat(objs).hasSize(5);

            TaxiiClient untrusting = TaxiiClient.builder().basic("alice", ALICE_PASSWORD).retry(1, Duration.ZERO, Duration.ZERO).build();
            assertThatThrownBy(() -> untrusting.discovery(server.discoveryUri())).isInstanceOf(TaxiiClientException.class)
                    .hasMessageContaining(server.discoveryUri().toString());
        }
    }

    @Test
    void plainHttpNeedsAnExplicitOptIn() {
        assertThatThrownBy(() -> new TaxiiServerConfig("0.0.0.0", 0, null, false, null, null, null, null, null, false, 0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowPlainHttp");
    }
}
