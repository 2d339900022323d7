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
    void theSshDecoysDocumentsCarryTokensThatGiveTheirThiefAway(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path yaml = tmp.resolve("decoy.yaml");
        Files.writeString(yaml, """
                organisation: Harbor Logistics
                ssh:
                  - {name: fs01, listen: "127.0.0.1:0", hostname: fs01, accept: {admin: admin}}
                http:
                  - {name: vpn, listen: "127.0.0.1:0"}
                """);
        Path eve = tmp.resolve("eve.json");
        String env;
        int tokensAfterFirstStart;
        try (DecoyCommand.Running r = DecoyCommand.start(DecoyYaml.load(yaml, "canary.harbor.internal", "x"), eve, data);
             org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient()) {
            int ssh = port(r, dev.vigil.deception.decoy.ssh.SshDecoy.class);
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
            try (var s = client.connect("admin", "127.0.0.1", ssh).verify(10, java.util.concurrent.TimeUnit.SECONDS).getSession()) {
                s.addPasswordIdentity("admin");
                s.auth().verify(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(s.executeRemoteCommand("ls /srv/share/Documents/Projects")).contains("_status_").contains(".docx");
                env = s.executeRemoteCommand("cat /srv/share/deploy/.env");
            }
            try (TokenStore st = TokenStore.open(data)) {
                tokensAfterFirstStart = st.active().size();
                // the .env's database password is a credential token planted in the decoy filesystem
                Honeytoken db = st.active().stream().filter(t -> t.planted() != null && t.planted().contains("deploy/.env (database)")).findFirst().orElseThrow();
                assertThat(env).contains("DB_PASSWORD=" + db.value(Honeytoken.PASSWORD)).contains("AWS_ACCESS_KEY_ID=AKIA");
                // the thief tries it on the VPN portal: a token alert naming where it was planted
                int http = port(r, dev.vigil.deception.decoy.http.HttpDecoy.class);
                Tools.Result post = Tools.run(30, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", "--data-urlencode", "username=" + db.value(Honeytoken.USERNAME),
                        "--data-urlencode", "password=" + db.value(Honeytoken.PASSWORD), "http://127.0.0.1:" + http + "/remote/login");
                assertThat(post.exitCode()).isZero();
            }
        }
        assertThat(tokensAfterFirstStart).as("3 credentials and keys, a beacon per document").isGreaterThanOrEqualTo(5);
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(eve)) records.add(EveJson.JSON.readTree(l));
        assertThat(records.stream().filter(r -> r.path("alert").path("signature_id").asInt() == 7_110_010)).as("the .env read is an alert").isNotEmpty();
        assertThat(records.stream().filter(r -> r.path("alert").path("signature_id").asInt() == 7_110_004)).singleElement()
                .satisfies(a -> assertThat(a.path("decoy").path("token").path("memo").asText()).contains("deploy/.env"));
        // a second start finds the same tokens: nothing new is planted, the files carry the same values
        try (DecoyCommand.Running r = DecoyCommand.start(DecoyYaml.load(yaml, "canary.harbor.internal", "x"), tmp.resolve("eve2.json"), data);
             TokenStore st = TokenStore.open(data)) {
            assertThat(st.active()).hasSize(tokensAfterFirstStart);
        }
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
