package dev.vigil.intel.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxiiServerConfigTest {
    @Test
    void loadsFromYamlWithDefaultsAndBuildsPartners(@TempDir Path dir) throws Exception {
        String hash = PasswordHash.hash("s3cret".toCharArray(), 1_000);
        Path yaml = dir.resolve("taxii.yaml");
        Files.writeString(yaml, """
                bindAddress: 0.0.0.0
                port: 8443
                tls: {keystore: /etc/vigil/taxii.p12, keystorePassword: changeit}
                title: CERT sharing
                defaultApiRoot: sector
                anonymousDiscovery: true
                maxContentLength: 1048576
                partners:
                  - name: isac
                    username: isac
                    passwordHash: "%s"
                    collections: {"91a7b528-80eb-42ed-a74d-c6fbd5a26116": read-write, "*": read}
                  - name: feed
                    tokenSha256: ["%s"]
                """.formatted(hash, PasswordHash.tokenDigest("t0ken")));
        TaxiiServerConfig c = TaxiiServerConfig.load(yaml);
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.tls().keystoreType()).isEqualTo("PKCS12");
        assertThat(c.maxPageSize()).isEqualTo(1000);
        assertThat(c.maxContentLength()).isEqualTo(1_048_576);
        Partner isac = c.partners().getFirst().partner();
        assertThat(isac.canWrite("91a7b528-80eb-42ed-a74d-c6fbd5a26116")).isTrue();
        assertThat(isac.canRead("other")).isTrue();
        assertThat(isac.canWrite("other")).isFalse();
        assertThat(c.partners().get(1).partner().canRead("x")).isFalse();
        assertThat(PasswordHash.verify("s3cret".toCharArray(), c.partners().getFirst().passwordHash())).isTrue();
        assertThat(PasswordHash.verify("S3cret".toCharArray(), c.partners().getFirst().passwordHash())).isFalse();

        Files.writeString(yaml, "allowPlainHttp: true\nportt: 1\n");
        assertThatThrownBy(() -> TaxiiServerConfig.load(yaml)).hasMessageContaining("portt");
        Files.writeString(yaml, "port: 1\n");
        assertThatThrownBy(() -> TaxiiServerConfig.load(yaml)).hasMessageContaining("allowPlainHttp");
    }
}
