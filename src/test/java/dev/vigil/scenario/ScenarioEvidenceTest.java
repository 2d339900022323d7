package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import dev.vigil.testing.Corpus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign as a sensor sees it: Vigil's own analysis of the generated capture shows each
 * activity's evidence where the answer key says, and ET Open's signatures, graded against the key,
 * find what signatures can find.
 */
class ScenarioEvidenceTest {
    @TempDir
    static Path tmp;
    static AnswerKey key;
    static List<JsonNode> eve = new ArrayList<>();

    @BeforeAll
    static void generateAndAnalyze() throws Exception {
        Path pcap = tmp.resolve("ec.pcap");
        key = ScenarioGenerator.generate(Campaigns.get(Campaigns.ESPIONAGE_CONTRACTOR),
                new ScenarioOptions(5, 6, 24, ScenarioOptions.DEFAULT_START), pcap).key();
        Path rules = Corpus.root().resolve("rules/et-open");
        eve.addAll(VigilAnalysis.eve(pcap, tmp, "-S", rules.toString(), "--var", "HOME_NET=" + key.homeNetVariable()));
    }

    static Activity activity(String id) {
        return key.activities().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    static List<JsonNode> records(String type, Activity a, Predicate<JsonNode> also) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals(type))
                .filter(n -> n.path("src_ip").asText().equals(a.source().ip()) || n.path("dest_ip").asText().equals(a.source().ip()))
                .filter(also).toList();
    }

    @Test
    void dnsTunnelQueriesAndDnsC2AreInTheDnsLog() {
        Activity tunnel = activity("exfil-dns-tunnel");
        long queries = records("dns", tunnel, n -> n.at("/dns/type").asText().equals("request")
                && n.at("/dns/queries/0/rrname").asText().endsWith("." + tunnel.destination().domain())).size();
        assertThat(queries).isEqualTo(2_400);
        Activity c2 = activity("c2-dns");
        List<JsonNode> c2q = records("dns", c2, n -> n.at("/dns/type").asText().equals("request")
                && n.at("/dns/queries/0/rrname").asText().endsWith("." + c2.destination().domain()));
        double hours = Duration.between(Instant.parse(c2.start()), Instant.parse(c2.end())).toSeconds() / 3600.0;
        // a check-in every 5 minutes ± 20%, plus task fetches
        assertThat(c2q.stream().filter(n -> n.at("/dns/queries/0/rrtype").asText().equals("A")).count()).isBetween((long) (hours * 12 * 0.85), (long) (hours * 12 * 1.15) + 1);
        assertThat(c2q).anyMatch(n -> n.at("/dns/queries/0/rrtype").asText().equals("TXT"));
    }

    @Test
    void theHttpsBeaconIsOneTlsSessionAboutEveryMinuteWithTheImplantsFingerprint() {
        Activity b = activity("c2-https-beacon");
        List<JsonNode> tls = records("tls", b, n -> n.at("/tls/sni").asText().equals(b.destination().domain()));
        double minutes = Duration.between(Instant.parse(b.start()), Instant.parse(b.end())).toSeconds() / 60.0;
        assertThat((double) tls.size()).isBetween(minutes * 0.9, minutes * 1.1 + 1);
        assertThat(tls.stream().map(n -> n.at("/tls/ja4").asText()).distinct().toList()).hasSize(1);
        // the user's browser has another fingerprint than the implant
        List<JsonNode> browsing = records("tls", b, n -> !n.at("/tls/sni").asText().equals(b.destination().domain())
                && n.at("/tls/sni").asText().startsWith("www."));
        assertThat(browsing).isNotEmpty();
        assertThat(browsing.getFirst().at("/tls/ja4").asText()).isNotEqualTo(tls.getFirst().at("/tls/ja4").asText());
    }

    @Test
    void bruteForceLateralMovementAndHoneytokenShowInTheirProtocolLogs() {
        Activity brute = activity("ssh-bruteforce");
        List<JsonNode> ssh = records("ssh", brute, n -> n.path("dest_ip").asText().equals(brute.destination().ip()));
        assertThat(ssh).hasSize(60);
        assertThat(ssh).allMatch(n -> n.at("/ssh/client/software_version").asText().startsWith("libssh"));

        Activity lateral = activity("smb-lateral-movement");
        List<JsonNode> smb = records("smb", lateral, n -> n.path("dest_ip").asText().equals(lateral.destination().ip()));
        assertThat(smb).anyMatch(n -> n.at("/smb/share").asText().endsWith("ADMIN$"));
        assertThat(smb).anyMatch(n -> n.at("/smb/filename").asText().endsWith(".exe"));
        assertThat(smb).anyMatch(n -> n.at("/smb/named_pipe").asText().contains("svcctl") || n.at("/smb/filename").asText().contains("svcctl"));

        Activity token = activity("honeytoken-use");
        List<JsonNode> http = records("http", token, n -> n.path("dest_ip").asText().equals(token.destination().ip()));
        assertThat(http).extracting(n -> n.at("/http/status").asInt()).containsOnly(401);
        assertThat(http).extracting(n -> n.at("/http/url").asText()).contains("/admin/backup/");
    }

    @Test
    void etOpenGradedAgainstTheKeyFindsTheSignatureActivitiesAndTheGraderCountsTheRest() throws Exception {
        GradeReport r = Grader.grade(key, tmp.resolve("out/eve.json"));
        Map<String, Boolean> found = r.activities().stream().collect(Collectors.toMap(a -> a.id(), a -> a.found()));
        assertThat(found).containsEntry("exploit-public-app", true).containsEntry("recon-scan", true).containsEntry("exfil-dns-tunnel", true);
        assertThat(r.activity("exploit-public-app").orElseThrow().signatures()).anyMatch(s -> s.name().contains("log4j"));
        long alerts = eve.stream().filter(n -> n.path("event_type").asText().equals("alert")).count();
        assertThat(r.alerts()).isEqualTo(alerts);
        assertThat(r.matchedAlerts() + r.falseAlerts()).isEqualTo(alerts);
    }
}
