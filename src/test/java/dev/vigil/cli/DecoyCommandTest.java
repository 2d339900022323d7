package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.token.Honeytoken;
import dev.vigil.deception.token.TokenFactory;
import dev.vigil.deception.token.TokenStore;
import dev.vigil.deception.token.TokenType;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil decoy} as configured by a decoy.yaml: the decoys know the data directory's honeytokens, so a
 * token credential posted to the portal and a canary name resolved through the canary DNS decoy are token
 * alerts naming the token, while a guessed password is only a login attempt.
 */
class DecoyCommandTest {
    @Test
    void decoysOfAConfigKnowTheDataDirectorysTokens(@TempDir Path tmp) throws Exception {
        Tools.require("curl");
        Tools.require("dig");
        Path data = tmp.resolve("data");
        Honeytoken cred, canary;
        try (TokenStore s = TokenStore.open(data)) {
            TokenFactory f = new TokenFactory(new java.security.SecureRandom(), "canary.corp.internal", null);
            cred = s.create(f, TokenType.CREDENTIAL, "vpn account in the IT wiki", null, "j.doe", Instant.now());
            canary = s.create(f, TokenType.DNS, "canary in network-diagram.txt", null, null, Instant.now());
        }
        Path yaml = tmp.resolve("decoy.yaml");
        Files.writeString(yaml, """
                organisation: Corp Example
                canary_zone: canary.corp.internal
                alerts: {interval_seconds: 60, brute_force_failures: 5}
                limits: {max_sessions: 64}
                http:
                  - {name: vpn, listen: "127.0.0.1:0", theme: vpn}
                dns:
                  - {name: canary-dns, listen: "127.0.0.1:0", answer: 192.0.2.80}
                banners:
                  - {name: ftp, listen: "127.0.0.1:0", kind: ftp}
                """);
        Path eve = tmp.resolve("eve.json");
        DecoyYaml cfg = DecoyYaml.load(yaml, "x.invalid", "Default Org");
        try (DecoyCommand.Running r = DecoyCommand.start(cfg, eve, data)) {
            int http = port(r, dev.vigil.deception.decoy.http.HttpDecoy.class);
            int dns = port(r, dev.vigil.deception.decoy.dns.CanaryDnsResponder.class);
            Tools.Result post = Tools.run(30, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                    "--data-urlencode", "username=j.doe", "--data-urlencode", "password=" + cred.value(Honeytoken.PASSWORD),
                    "http://127.0.0.1:" + http + "/remote/login");
            assertThat(post.exitCode()).isZero();
            Tools.Result guess = Tools.run(30, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", "--data", "username=j.doe&password=Winter2026",
                    "http://127.0.0.1:" + http + "/remote/login");
            assertThat(guess.exitCode()).isZero();
            Tools.Result dig = Tools.run(30, "dig", "@127.0.0.1", "-p", String.valueOf(dns), "+short", "+tries=1", "+time=5",
                    "x1." + canary.value(Honeytoken.DNS_NAME), "A");
            assertThat(dig.stdout().strip()).isEqualTo("192.0.2.80");
        }
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(eve)) records.add(EveJson.JSON.readTree(l));
        var decoySchema = EveJson.schema("decoy");
        var alertSchema = EveJson.schema("alert");
        for (JsonNode r : records) {
            assertThat((r.path("event_type").asText().equals("alert") ? alertSchema : decoySchema).validate(r)).as(r.toString()).isEmpty();
        }
        List<JsonNode> tokenAlerts = records.stream().filter(r -> r.path("alert").path("signature_id").asInt() == 7_110_004).toList();
        assertThat(tokenAlerts).singleElement().satisfies(a -> {
            assertThat(a.path("decoy").path("token").path("id").asText()).isEqualTo(cred.id());
            assertThat(a.path("decoy").path("token").path("memo").asText()).isEqualTo("vpn account in the IT wiki");
            assertThat(a.path("decoy").path("name").asText()).isEqualTo("vpn");
        });
        assertThat(records.stream().filter(r -> r.path("alert").path("signature_id").asInt() == 7_110_008)).as("the guess: a credential post").hasSize(1);
        assertThat(records.stream().filter(r -> r.path("alert").path("signature_id").asInt() == 7_110_007)).singleElement()
                .satisfies(a -> assertThat(a.path("decoy").path("token").path("id").asText()).isEqualTo(canary.id()));
    }

    @Test
    void aConfigWithATypoIsRefusedWithTheKeyNamed(@TempDir Path tmp) throws IOException {
        Path yaml = tmp.resolve("decoy.yaml");
        Files.writeString(yaml, "http:\n  - {name: vpn, listen: \"127.0.0.1:0\", theem: vpn}\n");
        var run = dev.vigil.testing.VigilCli.run("decoy", "--config", yaml.toString(), "--data-dir", tmp.resolve("d").toString(), "-l", tmp.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown key theem");
        Files.writeString(yaml, "banners:\n  - {name: x, listen: \"127.0.0.1:0\", kind: gopher}\n");
        run = dev.vigil.testing.VigilCli.run("decoy", "--config", yaml.toString(), "--data-dir", tmp.resolve("d").toString(), "-l", tmp.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("kind is ftp, telnet, redis or mysql");
        Files.writeString(yaml, "dns:\n  - {name: x, listen: \"127.0.0.1\"}\n");
        run = dev.vigil.testing.VigilCli.run("decoy", "--config", yaml.toString(), "--data-dir", tmp.resolve("d").toString(), "-l", tmp.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("listen is HOST:PORT");
    }

    private static int port(DecoyCommand.Running r, Class<?> kind) throws Exception {
        for (AutoCloseable d : r.decoys()) {
            if (kind.isInstance(d)) return (int) kind.getMethod("port").invoke(d);
        }
        throw new AssertionError("no " + kind.getSimpleName() + " running");
    }
}
