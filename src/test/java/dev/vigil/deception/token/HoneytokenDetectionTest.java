package dev.vigil.deception.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.capture.CaptureFile;
import dev.vigil.detect.engine.DetectEngine;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.EveJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honeytokens as detections: tokens made by the factory, their rules loaded into the engine, and a
 * capture of an intruder using them (made with the project's pcap writer). Each use is one alert naming
 * the token; the same traffic with values that are not tokens is silent.
 */
class HoneytokenDetectionTest {
    final TokenFactory factory = new TokenFactory(new SecureRandom(), "canary.corp-example.internal", "assets.corp-example.internal");

    Honeytoken token(TokenType type, String memo, String user, int sid) {
        return factory.create(type, memo, "test", user, sid, Instant.parse("2026-11-28T00:00:00Z"));
    }

    static List<JsonNode> run(Path pcap, List<Honeytoken> tokens) throws IOException {
        return records(pcap, tokens).stream().filter(r -> r.path("event_type").asText().equals("alert")).toList();
    }

    /** Every EVE record of the run: alerts, protocol records, the final stats. */
    static List<JsonNode> records(Path pcap, List<Honeytoken> tokens) throws IOException {
        RuleParser parser = new RuleParser(RuleVars.defaults(), null);
        List<Rule> rules = new ArrayList<>();
        int line = 0;
        for (String r : TokenRules.of(tokens)) {
            line++;
            if (r.startsWith("#")) continue;
            try {
                rules.add(parser.parse(r, "honeytokens", line));
            } catch (dev.vigil.detect.rules.RuleException e) {
                throw new AssertionError("token rule refused: " + e.getMessage() + "\n" + r, e);
            }
        }
        SensorConfig config = new SensorConfig();
        config.workers = 4; // sessions spread over workers, as on a sensor with cores to spare
        config.detect = new DetectEngine(rules, config.stream.depth);
        config.app.settings.put(dev.vigil.applayer.http.HttpProtocol.INSPECT_BODY_LIMIT, String.valueOf(100 * 1024));
        config.classifications = Map.of(TokenRules.CLASSTYPE, new RuleLoader.Classification(TokenRules.CLASSTYPE, TokenRules.CLASS_DESCRIPTION, 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile cf = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
            new Sensor(config).run(List.of(cf), sink, null);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String l : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) records.add(EveJson.JSON.readTree(l));
        }
        return records;
    }

    @Test
    void aCanaryQueryAndACredentialInBasicAuthEachAlert(@TempDir Path tmp) throws IOException {
        Honeytoken dns = token(TokenType.DNS, "DNS canary in the VPN how-to on the file share", null, TokenStore.FIRST_SID);
        Honeytoken cred = token(TokenType.CREDENTIAL, "svc_backup in backup.ps1 on FS01", "svc_backup", TokenStore.FIRST_SID + 10);
        Path pcap = tmp.resolve("tokens.pcap");
        try (TokenCapture c = new TokenCapture(pcap)) {
            c.dns("10.1.2.30", "10.1.0.10", "wpad.corp-example.internal");
            c.dns("10.1.2.30", "10.1.0.10", dns.value(Honeytoken.DNS_NAME));
            c.tcp("10.1.2.30", "10.1.0.20", 80, "GET /admin/ HTTP/1.1\r\nHost: intranet\r\nAuthorization: Basic "
                    + TokenCapture.basic("svc_backup", cred.value(Honeytoken.PASSWORD)) + "\r\n\r\n", TokenCapture.UNAUTHORIZED);
            // the same user name with a guessed password still gives the finder of the token away
            c.tcp("10.1.2.31", "10.1.0.20", 80, "GET /admin/ HTTP/1.1\r\nHost: intranet\r\nAuthorization: Basic "
                    + TokenCapture.basic("svc_backup", "Password1") + "\r\n\r\n", TokenCapture.UNAUTHORIZED);
            // not tokens: another user, another name in the zone's parent
            c.tcp("10.1.2.32", "10.1.0.20", 80, "GET /admin/ HTTP/1.1\r\nHost: intranet\r\nAuthorization: Basic "
                    + TokenCapture.basic("alice", "Password1") + "\r\n\r\n", TokenCapture.UNAUTHORIZED);
            c.dns("10.1.2.32", "10.1.0.10", "x" + dns.value(Honeytoken.DNS_NAME));
        }
        List<JsonNode> alerts = run(pcap, List.of(dns, cred));
        var schema = EveJson.schema("alert");
        for (JsonNode a : alerts) assertThat(schema.validate(a)).as(a.toString()).isEmpty();

        List<JsonNode> dnsAlerts = alerts.stream().filter(a -> a.path("alert").path("signature_id").asInt() == dns.sid()).toList();
        assertThat(dnsAlerts).singleElement().satisfies(a -> {
            assertThat(a.path("alert").path("signature").asText()).contains("DNS canary").contains("VPN how-to");
            assertThat(a.path("dns").path("queries").toString() + a.path("dns").toString()).contains(dns.value(Honeytoken.DNS_NAME));
            assertThat(a.path("alert").path("metadata").path("honeytoken_id").get(0).asText()).isEqualTo(dns.id());
            assertThat(a.path("alert").path("mitre").toString()).contains("T1552");
            assertThat(a.path("src_ip").asText()).isEqualTo("10.1.2.30");
            assertThat(a.path("alert").path("category").asText()).isEqualTo(TokenRules.CLASS_DESCRIPTION);
            assertThat(a.path("alert").path("severity").asInt()).isEqualTo(1);
        });
        List<JsonNode> credAlerts = alerts.stream().filter(a -> a.path("alert").path("signature_id").asInt() == cred.sid()).toList();
        assertThat(credAlerts).hasSize(2);
        assertThat(credAlerts).extracting(a -> a.path("src_ip").asText()).containsExactlyInAnyOrder("10.1.2.30", "10.1.2.31");
        for (JsonNode a : credAlerts) {
            assertThat(a.path("alert").path("signature").asText()).contains("HTTP authorization").contains("backup.ps1 on FS01");
            assertThat(a.path("alert").path("mitre").toString()).contains("T1078");
            assertThat(a.path("http").path("url").asText()).isEqualTo("/admin/");
        }
        assertThat(alerts).as("nothing else alerts").hasSize(3);
    }

    @Test
    void credentialsInFormsFtpAndApiKeysAlert(@TempDir Path tmp) throws IOException {
        Honeytoken cred = token(TokenType.CREDENTIAL, "wiki page: service accounts", "svc_reports", TokenStore.FIRST_SID);
        Honeytoken key = token(TokenType.API_KEY, "AWS key in deploy.sh", null, TokenStore.FIRST_SID + 10);
        Honeytoken url = token(TokenType.URL, "web bug in the board minutes", null, TokenStore.FIRST_SID + 20);
        String password = cred.value(Honeytoken.PASSWORD);
        String form = "username=" + "svc_reports" + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        String akid = key.value(Honeytoken.ACCESS_KEY_ID);
        Path pcap = tmp.resolve("more.pcap");
        try (TokenCapture c = new TokenCapture(pcap)) {
            c.tcp("10.1.2.40", "10.1.0.21", 80, "POST /login HTTP/1.1\r\nHost: portal\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + form.length() + "\r\n\r\n" + form, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno");
            c.tcp("10.1.2.41", "10.1.0.22", 21, "USER svc_reports\r\n", "331 Password required\r\n");
            c.tcp("10.1.2.42", "10.1.0.23", 80, "GET /bucket/x HTTP/1.1\r\nHost: s3.corp-example.internal\r\nAuthorization: AWS4-HMAC-SHA256 Credential="
                    + akid + "/20261128/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00ff\r\n\r\n", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            c.tcp("10.1.2.44", "10.1.0.25", 587, "EHLO ws44\r\nAUTH LOGIN\r\n" + TokenRules.b64("svc_reports") + "\r\n", "235 2.7.0 Authentication successful\r\n");
            c.tcp("10.1.2.45", "10.1.0.25", 25, "EHLO ws45\r\nAUTH PLAIN " + TokenRules.b64("\0svc_reports\0" + password) + "\r\n", "535 5.7.8 Authentication failed\r\n");
            c.tcp("10.1.2.43", "10.1.0.24", 80, "GET " + java.net.URI.create(url.value(Honeytoken.URL)).getRawPath()
                    + " HTTP/1.1\r\nHost: assets.corp-example.internal\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
        List<JsonNode> alerts = run(pcap, List.of(cred, key, url));
        var schema = EveJson.schema("alert");
        for (JsonNode a : alerts) assertThat(schema.validate(a)).as(a.toString()).isEmpty();
        assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asInt() + " " + a.path("src_ip").asText())
                .containsExactlyInAnyOrder(
                        (cred.sid() + 1) + " 10.1.2.40",   // the password in the form body
                        (cred.sid() + 3) + " 10.1.2.41",   // the FTP USER
                        key.sid() + " 10.1.2.42",          // the key id in a signed request's Authorization
                        (cred.sid() + 5) + " 10.1.2.44",   // SMTP AUTH LOGIN
                        (cred.sid() + 6) + " 10.1.2.45",   // SMTP AUTH PLAIN
                        url.sid() + " 10.1.2.43");         // the web bug fetched
    }

    @Test
    void anNtlmLoginWithATokenUserNameAlertsOnRealSmbSessions() throws IOException {
        // Real captures: smbtorture over SMB1 logs in as administrator (domain VNET3), Windows 10 over
        // SMB2 as user (domain DESKTOP-2AEFM7G). A credential token planted under those names must catch both logins; the
        // password never crosses the wire in NTLM, so the user name is the whole signal.
        Honeytoken admin = token(TokenType.CREDENTIAL, "domain admin in the old runbook", "Administrator", TokenStore.FIRST_SID);
        Honeytoken user = token(TokenType.CREDENTIAL, "local account on the kiosk image", "user", TokenStore.FIRST_SID + 10);
        Honeytoken other = token(TokenType.CREDENTIAL, "never used", "svc_backup", TokenStore.FIRST_SID + 20);
        int ntlm = 4;

        List<JsonNode> smb1 = run(Corpus.file("smb/arkime-smbtorture-ntlmssp.pcap"), List.of(admin, user, other));
        assertThat(smb1).as("SMB1 session setup").singleElement().satisfies(a -> {
            assertThat(a.path("alert").path("signature_id").asInt()).isEqualTo(admin.sid() + ntlm);
            assertThat(a.path("alert").path("signature").asText()).contains("NTLM").contains("old runbook");
            assertThat(a.path("alert").path("mitre").toString()).contains("T1078");
            assertThat(a.path("src_ip").asText()).isEqualTo("192.168.114.1");
        });

        List<JsonNode> smb2Records = records(Corpus.file("smb/arkime-wireshark-smb-on-windows10.pcap"), List.of(admin, user, other));
        List<JsonNode> smb2 = smb2Records.stream().filter(r -> r.path("event_type").asText().equals("alert")).toList();
        var schema = EveJson.schema("alert");
        for (JsonNode a : smb2) assertThat(schema.validate(a)).as(a.toString()).isEmpty();
        // four sessions log in as the token's user within 60 ms, a NULL session does not: one alert per source
        // in five minutes, whatever worker each session lands on, and the three held back are counted
        assertThat(smb2).singleElement().satisfies(a -> {
            assertThat(a.path("alert").path("signature_id").asInt()).isEqualTo(user.sid() + ntlm);
            assertThat(a.path("src_ip").asText()).isEqualTo("192.168.199.132");
            assertThat(a.path("alert").path("metadata").path("honeytoken_id").get(0).asText()).isEqualTo(user.id());
        });
        JsonNode stats = smb2Records.stream().filter(r -> r.path("event_type").asText().equals("stats")).reduce((a, b) -> b).orElseThrow();
        assertThat(stats.path("stats").path("detect").path("alerts_suppressed").asLong()).isEqualTo(3);
    }
}
