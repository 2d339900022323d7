package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.token.TokenCapture;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.VigilCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil token} end to end: tokens created in a data directory become detections of {@code vigil
 * analyze} on that directory — a capture with a DNS query for the canary name and an HTTP Basic header
 * carrying the credential yields both alerts, with the memos; a revoked token is silent.
 */
class TokenCommandTest {
    @Test
    void createdTokensAlertInAnalyzeAndRevokedOnesDoNot(@TempDir Path tmp) throws IOException {
        String data = tmp.resolve("data").toString();
        VigilCli.Run dns = VigilCli.run("token", "create", "--type", "dns", "--memo", "canary in the VPN guide", "--planted", "FS01:/IT/vpn.pdf",
                "--zone", "canary.example-corp.internal", "--data-dir", data);
        assertThat(dns.exit()).as(dns.err()).isZero();
        String canary = dns.out().strip();
        assertThat(canary).matches("[a-z0-9]{20}\\.canary\\.example-corp\\.internal");
        VigilCli.Run cred = VigilCli.run("token", "create", "--type", "credential", "--username", "svc_sql", "--memo", "sa password in deploy.ps1",
                "--data-dir", data);
        assertThat(cred.exit()).as(cred.err()).isZero();
        String[] userPass = cred.out().strip().split(":", 2);
        assertThat(userPass[0]).isEqualTo("svc_sql");
        assertThat(userPass[1]).hasSizeGreaterThanOrEqualTo(16);

        VigilCli.Run list = VigilCli.run("token", "list", "--data-dir", data);
        assertThat(list.out().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("honeytoken--"));
        String credId = list.out().lines().filter(l -> l.contains("svc_sql")).findFirst().orElseThrow().split("\\s+")[0];
        VigilCli.Run show = VigilCli.run("token", "show", credId.substring(0, 20), "--data-dir", data);
        JsonNode shown = EveJson.JSON.readTree(show.out());
        assertThat(shown.path("memo").asText()).isEqualTo("sa password in deploy.ps1");
        assertThat(shown.path("values").path("password").asText()).isEqualTo(userPass[1]);
        VigilCli.Run rules = VigilCli.run("token", "rules", "--data-dir", data);
        assertThat(rules.out().lines().filter(l -> l.startsWith("alert "))).hasSize(8);

        Path pcap = tmp.resolve("intruder.pcap");
        try (TokenCapture c = new TokenCapture(pcap)) {
            c.dns("10.9.0.44", "10.9.0.2", canary);
            c.tcp("10.9.0.44", "10.9.0.80", 80, "GET /reports/ HTTP/1.1\r\nHost: reports\r\nAuthorization: Basic "
                    + TokenCapture.basic(userPass[0], userPass[1]) + "\r\n\r\n", TokenCapture.UNAUTHORIZED);
        }
        List<JsonNode> alerts = analyze(pcap, tmp.resolve("out1"), data);
        assertThat(alerts).extracting(a -> a.path("alert").path("signature").asText())
                .containsExactlyInAnyOrder("VIGIL HONEYTOKEN DNS canary queried - canary in the VPN guide",
                        "VIGIL HONEYTOKEN credential in HTTP authorization - sa password in deploy.ps1");

        VigilCli.Run revoke = VigilCli.run("token", "revoke", credId, "--data-dir", data);
        assertThat(revoke.exit()).isZero();
        assertThat(VigilCli.run("token", "revoke", credId, "--data-dir", data).exit()).as("twice").isEqualTo(1);
        assertThat(VigilCli.run("token", "list", "--data-dir", data).out().lines()).hasSize(1);
        assertThat(VigilCli.run("token", "list", "--all", "--data-dir", data).out()).contains("revoked");
        List<JsonNode> after = analyze(pcap, tmp.resolve("out2"), data);
        assertThat(after).extracting(a -> a.path("alert").path("signature").asText()).containsExactly("VIGIL HONEYTOKEN DNS canary queried - canary in the VPN guide");
    }

    @Test
    void badRequestsAreRefusedClearly(@TempDir Path tmp) {
        String data = tmp.resolve("data").toString();
        VigilCli.Run t = VigilCli.run("token", "create", "--type", "carrier-pigeon", "--memo", "x", "--data-dir", data);
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("unknown token type");
        VigilCli.Run p = VigilCli.run("token", "create", "--type", "credential", "--password", "short", "--memo", "x", "--data-dir", data);
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("at least 8");
        VigilCli.Run z = VigilCli.run("token", "create", "--type", "dns", "--zone", "bad zone!", "--memo", "x", "--data-dir", data);
        assertThat(z.exit()).isEqualTo(2);
        assertThat(z.err()).contains("not a DNS zone name");
        assertThat(VigilCli.run("token", "show", "honeytoken--nope", "--data-dir", data).exit()).isEqualTo(1);
    }

    private static List<JsonNode> analyze(Path pcap, Path out, String data) throws IOException {
        VigilCli.Run a = VigilCli.run("analyze", pcap.toString(), "-l", out.toString(), "--data-dir", data);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.err()).contains("honeytokens:");
        return Files.readAllLines(out.resolve("eve.json")).stream().map(l -> {
            try {
                return EveJson.JSON.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(r -> r.path("event_type").asText().equals("alert")).toList();
    }
}
