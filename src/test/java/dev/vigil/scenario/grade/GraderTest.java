package dev.vigil.scenario.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.key.Technique;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String HOST = "10.0.5.20";
    static final String RESOLVER = "10.0.0.2";
    static final String EXFIL_HINT = "one large upload over TLS to 192.0.2.44 in the afternoon";
    static final String SSH_HINT = "hundreds of SSH sessions from one outside address";

    /** 100 hosts over exactly one day: the false-alert rate is false alerts / 2. */
    static AnswerKey key() {
        return new AnswerKey("espionage-test", 42, 100, "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z", List.of("10.0.0.0/8"), List.of(
                new Activity("recon-scan", "sweep of the server subnet", new Technique("T1046", "Network Service Discovery"),
                        Party.of(HOST), Party.of("10.0.1.0/24"), "2026-03-02T09:00:00Z", "2026-03-02T09:05:00Z",
                        Detector.SCAN, "one workstation touching every server"),
                new Activity("ssh-bruteforce", "password guessing against the jump host", new Technique("T1110.001", "Password Guessing"),
                        Party.of("198.51.100.7"), Party.of("10.0.1.10", 22), "2026-03-02T09:30:00Z", "2026-03-02T09:45:00Z",
                        Detector.BRUTEFORCE, SSH_HINT),
                new Activity("dns-c2", "commands over DNS TXT queries", new Technique("T1071.004", "DNS"),
                        Party.of(HOST), Party.of("203.0.113.53", 53, "cdn-update.example.net"),
                        "2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z", Detector.DNS_TUNNEL, "TXT queries with encoded labels"),
                new Activity("beacon-https", "implant checking in every 60 s", new Technique("T1071.001", "Web Protocols"),
                        Party.of(HOST), Party.of("192.0.2.80", 443), "2026-03-02T11:00:00Z", "2026-03-02T13:00:00Z",
                        Detector.BEACON, "regular TLS sessions to one address"),
                new Activity("exfil-https", "archive uploaded to a cloud host", new Technique("T1048", "Exfiltration Over Alternative Protocol"),
                        Party.of(HOST), Party.of("192.0.2.44", 443), "2026-03-02T14:00:00Z", "2026-03-02T14:30:00Z",
                        Detector.EXFILTRATION, EXFIL_HINT)));
    }

    static String alert(String ts, String src, int sport, String dst, int dport, long sid, String sig, Consumer<ObjectNode> more) {
        ObjectNode r = JSON.createObjectNode();
        r.put("timestamp", ts);
        r.put("flow_id", 1234567L + sid);
        r.put("event_type", "alert");
        r.put("src_ip", src);
        r.put("src_port", sport);
        r.put("dest_ip", dst);
        r.put("dest_port", dport);
        r.put("proto", "TCP");
        ObjectNode a = r.putObject("alert");
        a.put("action", "allowed");
        a.put("gid", 1);
        a.put("signature_id", sid);
        a.put("rev", 1);
        a.put("signature", sig);
        a.put("category", "Attempted Information Leak");
        a.put("severity", 2);
        more.accept(r);
        return r.toString();
    }

    static Consumer<ObjectNode> mitre(String... ids) {
        return r -> {
            var arr = ((ObjectNode) r.get("alert")).putArray("mitre");
            for (String id : ids) arr.add(id);
        };
    }

    static Consumer<ObjectNode> none() {
        return r -> {};
    }

    static final long SCAN_SID = 2_100_001, SSH_SID = 2_001_219, DNS_SID = 2_200_050, TLS_SID = 2_300_010, EXFIL_SID = 2_400_001;

    /** Six alerts that belong to the campaign, five that do not, and lines that are not alerts at all. */
    static List<String> eve() {
        List<String> l = new ArrayList<>();
        // before the scan's start, within the 60 s slack: counts, time to detect 0
        l.add(alert("2026-03-02T08:59:30.250000+0000", HOST, 40001, "10.0.1.77", 445, SCAN_SID, "VIGIL SCAN TCP port sweep", mitre("T1046")));
        l.add(alert("2026-03-02T09:02:00.000000+0000", HOST, 40002, "10.0.1.3", 22, SCAN_SID, "VIGIL SCAN TCP port sweep", mitre("T1046")));
        // the server's answer: endpoints reversed, the key's port 22 on the server's side; ET-style metadata names the parent technique
        l.add(alert("2026-03-02T09:31:10.500000+0000", "10.0.1.10", 22, "198.51.100.7", 40022, SSH_SID,
                "ET SCAN Potential SSH Scan OUTBOUND", r -> {
                    ObjectNode md = ((ObjectNode) r.get("alert")).putObject("metadata");
                    md.putArray("mitre_technique_id").add("T1110");
                    md.putArray("mitre_tactic_id").add("TA0006");
                }));
        // host to its resolver, naming a subdomain of the C2 domain (upper case, trailing dot), ISO Z timestamp
        l.add(alert("2026-03-02T10:20:00Z", HOST, 51514, RESOLVER, 53, DNS_SID, "VIGIL DNS long TXT query", r -> {
            r.put("proto", "UDP");
            r.putObject("dns").putArray("query").addObject().put("rrname", "AGVsbG8.x1.CDN-UPDATE.example.net.").put("rrtype", "TXT");
            ((ObjectNode) r.get("alert")).putArray("mitre").add("T1568");
        }));
        // matches the beacon by address and the DNS C2 by its SNI: two activities, one alert for precision
        l.add(alert("2026-03-02T11:30:00.000000+0000", HOST, 49990, "192.0.2.80", 443, TLS_SID, "VIGIL TLS suspicious SNI", r -> {
            r.putObject("tls").put("sni", "www.cdn-update.example.net");
            ((ObjectNode) r.get("alert")).putArray("mitre").add("T1071.001");
        }));
        // 40 min after the beacon ended: inside the default 1 h lateness
        l.add(alert("2026-03-02T13:40:00.000000+0000", HOST, 49999, "192.0.2.80", 443, TLS_SID, "VIGIL TLS suspicious SNI", mitre("T1071.001")));

        // the exfiltration host but the wrong port
        l.add(alert("2026-03-02T14:10:00.000000+0000", HOST, 50000, "192.0.2.44", 8443, EXFIL_SID, "VIGIL large upload", none()));
        // the scan's endpoints, long after its window
        l.add(alert("2026-03-02T11:00:00.000000+0000", HOST, 40003, "10.0.1.5", 80, SCAN_SID, "VIGIL SCAN TCP port sweep", none()));
        // unrelated hosts during the scan
        l.add(alert("2026-03-02T09:01:00.000000+0000", "10.0.9.9", 5555, "10.0.9.10", 80, 2_999_999, "ET POLICY something", none()));
        // the C2 domain, but from a host the key does not involve
        l.add(alert("2026-03-02T10:30:00.000000+0000", "10.0.7.7", 53000, RESOLVER, 53, DNS_SID, "VIGIL DNS long TXT query", r ->
                r.putObject("dns").put("rrname", "abc.cdn-update.example.net")));
        // the right host, a name that only ends with the C2 domain's text
        l.add(alert("2026-03-02T10:40:00.000000+0000", HOST, 53001, RESOLVER, 53, DNS_SID, "VIGIL DNS long TXT query", r ->
                r.putObject("dns").put("rrname", "notcdn-update.example.net")));

        // not alerts
        l.add("{\"timestamp\":\"2026-03-02T09:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.5.20\",\"dest_ip\":\"10.0.1.10\"}");
        l.add("{\"timestamp\":\"2026-03-02T10:20:00.000000+0000\",\"event_type\":\"dns\",\"dns\":{\"rrname\":\"x.cdn-update.example.net\"}}");
        l.add("{\"timestamp\":\"2026-03-02T10:20:00.000000+0000\",\"event_type\":\"stats\",\"stats\":{\"uptime\":10}}");
        l.add("");
        // malformed: cut short, not JSON, an alert whose time cannot be read, a JSON value that is not an object
        l.add("{\"timestamp\":\"2026-03-02T09:00:00Z\",\"event_type\":\"alert\",\"alert\":{");
        l.add("garbage");
        l.add(alert("yesterday", HOST, 1, "10.0.1.10", 22, SSH_SID, "ET SCAN", none()));
        l.add("[1,2]");
        return l;
    }

    static GradeReport grade(List<String> lines, Grader.Options options) throws Exception {
        return Grader.grade(key(), new StringReader(String.join("\n", lines) + "\n"), options);
    }

    @Test
    void activitiesFoundAndMissed() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        assertThat(r.activities()).extracting(ActivityResult::id)
                .containsExactly("recon-scan", "ssh-bruteforce", "dns-c2", "beacon-https", "exfil-https");
        assertThat(r.found()).extracting(ActivityResult::id).containsExactly("recon-scan", "ssh-bruteforce", "dns-c2", "beacon-https");
        assertThat(r.missed()).extracting(ActivityResult::id).containsExactly("exfil-https");
        assertThat(r.allFound()).isFalse();
        assertThat(r.passes(100)).isFalse();

        assertThat(r.activity("recon-scan").orElseThrow().alerts()).isEqualTo(2);
        assertThat(r.activity("ssh-bruteforce").orElseThrow().alerts()).isEqualTo(1);
        assertThat(r.activity("dns-c2").orElseThrow().alerts()).isEqualTo(2);
        assertThat(r.activity("beacon-https").orElseThrow().alerts()).isEqualTo(2);
        ActivityResult exfil = r.activity("exfil-https").orElseThrow();
        assertThat(exfil.alerts()).isZero();
        assertThat(exfil.firstDetection()).isNull();
        assertThat(exfil.timeToDetect()).isNull();
        assertThat(exfil.signatures()).isEmpty();

        assertThat(r.activity("recon-scan").orElseThrow().signatures())
                .containsExactly(new Signature(SCAN_SID, "VIGIL SCAN TCP port sweep", 2));
        assertThat(r.activity("dns-c2").orElseThrow().signatures()).containsExactly(
                new Signature(DNS_SID, "VIGIL DNS long TXT query", 1), new Signature(TLS_SID, "VIGIL TLS suspicious SNI", 1));
    }

    @Test
    void techniqueClaims() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        assertThat(r.activity("recon-scan").orElseThrow().techniqueClaimed()).as("same id in alert.mitre").isTrue();
        assertThat(r.activity("ssh-bruteforce").orElseThrow().techniqueClaimed()).as("parent in metadata").isTrue();
        assertThat(r.activity("beacon-https").orElseThrow().techniqueClaimed()).isTrue();
        assertThat(r.activity("dns-c2").orElseThrow().techniqueClaimed()).as("T1568 and sibling T1071.001 only").isFalse();
    }

    @Test
    void precisionRecallAndFalseAlertRate() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        assertThat(r.alerts()).isEqualTo(11);
        assertThat(r.matchedAlerts()).isEqualTo(6);
        assertThat(r.falseAlerts()).isEqualTo(5);
        assertThat(r.precision().orElseThrow()).isCloseTo(6.0 / 11, within(1e-12));
        assertThat(r.recall().orElseThrow()).isCloseTo(4.0 / 5, within(1e-12));
        // 5 false alerts, 100 hosts = 2 × 50, one day
        assertThat(r.falseAlertsPer50HostsPerDay().orElseThrow()).isCloseTo(2.5, within(1e-9));
        assertThat(r.byDetector()).containsEntry(Detector.SCAN, new GradeReport.DetectorRecall(1, 1))
                .containsEntry(Detector.EXFILTRATION, new GradeReport.DetectorRecall(0, 1))
                .hasSize(5);
        assertThat(r.byDetector().get(Detector.EXFILTRATION).recall()).isZero();
    }

    @Test
    void inputCounts() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        assertThat(r.lines()).isEqualTo(eve().size());
        assertThat(r.otherRecords()).isEqualTo(3);
        assertThat(r.malformedLines()).isEqualTo(4);
    }

    @Test
    void timesToDetect() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        ActivityResult scan = r.activity("recon-scan").orElseThrow();
        assertThat(scan.firstDetection()).isEqualTo(Instant.parse("2026-03-02T08:59:30.25Z"));
        assertThat(scan.timeToDetect()).as("30 s early, within slack").isEqualTo(Duration.ZERO);
        assertThat(r.activity("ssh-bruteforce").orElseThrow().timeToDetect()).isEqualTo(Duration.ofMillis(70_500));
        assertThat(r.activity("dns-c2").orElseThrow().timeToDetect()).isEqualTo(Duration.ofMinutes(20));
        // the EVE lists the 13:40 alert after the 11:30 one; the first detection is the earlier
        assertThat(r.activity("beacon-https").orElseThrow().firstDetection()).isEqualTo(Instant.parse("2026-03-02T11:30:00Z"));
        assertThat(r.activity("beacon-https").orElseThrow().timeToDetect()).isEqualTo(Duration.ofMinutes(30));
        // 0, 70.5 s, 20 min, 30 min
        assertThat(r.medianTimeToDetect()).contains(Duration.ofMillis((70_500 + 1_200_000) / 2));
        assertThat(r.maxTimeToDetect()).contains(Duration.ofMinutes(30));
        assertThat(r.firstDetection()).contains(Instant.parse("2026-03-02T08:59:30.25Z"));
        assertThat(r.timeToFirstDetection()).contains(Duration.ZERO);
    }

    @Test
    void slackAndLatenessAreOptions() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS.withLateness(Duration.ofMinutes(30)).withSlack(Duration.ofSeconds(10)));
        // the 13:40 beacon alert is now late, the 08:59:30 scan alert early
        assertThat(r.activity("beacon-https").orElseThrow().alerts()).isEqualTo(1);
        assertThat(r.activity("recon-scan").orElseThrow().alerts()).isEqualTo(1);
        assertThat(r.activity("recon-scan").orElseThrow().timeToDetect()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.matchedAlerts()).isEqualTo(4);
        assertThat(r.falseAlerts()).isEqualTo(7);
    }

    @Test
    void timeWindowEndsAreInclusive() throws Exception {
        List<String> l = List.of(
                alert("2026-03-02T08:59:00Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "s", none()),
                alert("2026-03-02T10:05:00Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "s", none()),
                alert("2026-03-02T08:58:59.999999Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "s", none()),
                alert("2026-03-02T10:05:00.000001Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "s", none()));
        assertThat(grade(l, Grader.Options.DEFAULTS).activity("recon-scan").orElseThrow().alerts()).isEqualTo(2);
    }

    @Test
    void ipv6AddressesCompareWhateverTheirTextForm() throws Exception {
        AnswerKey k = new AnswerKey("v6", 1, 50, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", List.of("10.0.0.0/8"), List.of(
                new Activity("v6-lateral", "SMB to a server", new Technique("T1021.002", "SMB/Windows Admin Shares"),
                        Party.of("2001:db8:1::5"), Party.of("2001:db8:2::/48", 445), "2026-03-02T10:00:00Z", "2026-03-02T10:10:00Z",
                        Detector.LATERAL_MOVEMENT, null)));
        String eve = alert("2026-03-02T10:01:00.000000+0000", "2001:0db8:0001:0000:0000:0000:0000:0005", 50000,
                "2001:0db8:0002:00ff:0000:0000:0000:0009", 445, 1, "lateral", none()) + "\n"
                + alert("2026-03-02T10:01:00.000000+0000", "2001:0db8:0001:0000:0000:0000:0000:0005", 50000,
                "2001:0db8:0003:0000:0000:0000:0000:0009", 445, 1, "lateral", none()) + "\n";
        GradeReport r = Grader.grade(k, new StringReader(eve), Grader.Options.DEFAULTS);
        assertThat(r.matchedAlerts()).isEqualTo(1);
        // 1 false alert, 50 hosts, 1 day
        assertThat(r.falseAlertsPer50HostsPerDay().orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(r.passes(1.0)).isTrue();
        assertThat(r.passes(0.5)).isFalse();
    }

    @Test
    void trainingHintsOnlyForMissedActivities() throws Exception {
        GradeReport r = grade(eve(), Grader.Options.DEFAULTS);
        String training = printed(r, true);
        assertThat(training).contains("exfil-https", EXFIL_HINT, TrainingHints.forDetector(Detector.EXFILTRATION));
        assertThat(training).doesNotContain(SSH_HINT, TrainingHints.forDetector(Detector.BRUTEFORCE),
                TrainingHints.forDetector(Detector.DNS_TUNNEL));
        String plain = printed(r, false);
        assertThat(plain).doesNotContain(EXFIL_HINT, TrainingHints.forDetector(Detector.EXFILTRATION));
        assertThat(plain).contains("MISSED", "6/11", "4/5", "2.50 per 50 hosts per day", "1m10s",
                "median 10m35s, max 30m00s");
        assertThat(training).startsWith(plain);
    }

    @Test
    void everyDetectorKindHasAGenericHint() {
        for (String kind : Detector.ALL) assertThat(TrainingHints.forDetector(kind)).as(kind).isNotBlank();
        assertThat(TrainingHints.forDetector("dns-tunnel")).contains("unique long subdomains");
    }

    @Test
    void precisionIsUndefinedWithoutAlerts() throws Exception {
        GradeReport r = grade(List.of(
                "{\"timestamp\":\"2026-03-02T09:00:00.000000+0000\",\"event_type\":\"flow\"}"), Grader.Options.DEFAULTS);
        assertThat(r.alerts()).isZero();
        assertThat(r.precision()).isEmpty();
        assertThat(r.recall().orElseThrow()).isZero();
        assertThat(r.falseAlertsPer50HostsPerDay().orElseThrow()).isZero();
        assertThat(r.medianTimeToDetect()).isEmpty();
        assertThat(printed(r, false)).contains("Precision   0/0 = n/a");
        JsonNode j = JSON.readTree(r.toJson());
        assertThat(j.path("totals").get("precision").isNull()).isTrue();
        assertThat(j.path("totals").get("median_time_to_detect_seconds").isNull()).isTrue();
    }

    @Test
    void jsonReport() throws Exception {
        JsonNode j = JSON.readTree(grade(eve(), Grader.Options.DEFAULTS).toJson());
        assertThat(j.path("scenario").asText()).isEqualTo("espionage-test");
        assertThat(j.path("matching").path("lateness_seconds").asDouble()).isEqualTo(3600);
        JsonNode t = j.path("totals");
        assertThat(t.path("precision").asDouble()).isCloseTo(6.0 / 11, within(1e-12));
        assertThat(t.path("recall").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(t.path("false_alerts").asLong()).isEqualTo(5);
        assertThat(t.path("false_alerts_per_50_hosts_per_day").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(t.path("missed")).hasSize(1);
        assertThat(t.path("missed").get(0).asText()).isEqualTo("exfil-https");
        assertThat(t.path("max_time_to_detect_seconds").asDouble()).isEqualTo(1800);
        JsonNode ssh = j.path("activities").get(1);
        assertThat(ssh.path("id").asText()).isEqualTo("ssh-bruteforce");
        assertThat(ssh.path("time_to_detect_seconds").asDouble()).isEqualTo(70.5);
        assertThat(ssh.path("first_detection").asText()).isEqualTo("2026-03-02T09:31:10.500Z");
        assertThat(ssh.path("signatures").get(0).path("signature_id").asLong()).isEqualTo(SSH_SID);
        assertThat(j.path("activities").get(4).path("time_to_detect_seconds").isNull()).isTrue();
        assertThat(j.path("detectors").path("exfiltration").path("found").asInt()).isZero();
        assertThat(j.path("input").path("malformed_lines").asLong()).isEqualTo(4);
    }

    @Test
    void readsFilesPlainAndGzipped(@TempDir Path tmp) throws Exception {
        Path plain = tmp.resolve("eve.json");
        Files.write(plain, eve(), StandardCharsets.UTF_8);
        Path gz = tmp.resolve("eve.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((String.join("\r\n", eve()) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Path p : List.of(plain, gz)) {
            GradeReport r = Grader.grade(key(), p);
            assertThat(r.matchedAlerts()).as(p.toString()).isEqualTo(6);
            assertThat(r.alerts()).as(p.toString()).isEqualTo(11);
            assertThat(r.malformedLines()).as(p.toString()).isEqualTo(4);
        }
    }

    @Test
    void overlongLinesAreSkippedNotKept() throws Exception {
        String big = alert("2026-03-02T09:01:00Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "x".repeat(5000), none());
        String small = alert("2026-03-02T09:01:00Z", HOST, 1, "10.0.1.1", 80, SCAN_SID, "s", none());
        GradeReport r = grade(List.of(big, small), new Grader.Options(Duration.ofSeconds(60), Duration.ofHours(1), 1000));
        assertThat(r.malformedLines()).isEqualTo(1);
        assertThat(r.alerts()).isEqualTo(1);
        assertThat(r.matchedAlerts()).isEqualTo(1);
    }

    @Test
    void unusableKeysAreRejectedWithTheActivityNamed() {
        AnswerKey bad = new AnswerKey("bad", 1, 10, "2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z", List.of("10.0.0.0/8"), List.of(
                new Activity("broken", "d", new Technique("T1046", "n"), Party.of("10.0.0.300"), Party.of("10.0.0.1"),
                        "2026-03-02T00:10:00Z", "2026-03-02T00:20:00Z", Detector.SCAN, null)));
        assertThatThrownBy(() -> Grader.grade(bad, new StringReader(""), Grader.Options.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");
    }

    static String printed(GradeReport r, boolean training) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        r.print(new PrintStream(b, true, StandardCharsets.UTF_8), training);
        return b.toString(StandardCharsets.UTF_8);
    }
}
