package dev.vigil.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.Atom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    private static ObjectNode indicator(String pattern) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                .put("pattern", pattern).put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z").put("confidence", 85);
        return n;
    }

    private static List<String> clauses(String pattern) {
        IndicatorCompiler.Result r = IndicatorCompiler.compile(indicator(pattern), NOW, List.of());
        assertThat(r.refused()).as(pattern).isNull();
        return r.indicator().clauses().stream().map(c -> c.stream().map(IndicatorCompilerTest::show).sorted().toList().toString()).toList();
    }

    private static String show(Atom a) {
        return a.field() + (a.kind() == Atom.Kind.EQUALS ? "=" : a.kind() == Atom.Kind.IN_BLOCK ? " in " : " under ") + a.value() + (a.prefixBits() >= 0 ? "/" + a.prefixBits() : "");
    }

    private static String refused(String pattern) {
        IndicatorCompiler.Result r = IndicatorCompiler.compile(indicator(pattern), NOW, List.of());
        assertThat(r.indicator()).as(pattern).isNull();
        return r.refused();
    }

    @Test
    void theLineRatePartCompiles() {
        assertThat(clauses("[ipv4-addr:value = '198.51.100.1']")).containsExactly("[IP=198.51.100.1]");
        assertThat(clauses("[ipv4-addr:value ISSUBSET '198.51.100.0/24']")).containsExactly("[IP in 198.51.100.0/24]");
        assertThat(clauses("[domain-name:value = 'Evil.Example'] OR [url:value = 'http://x.test/a']"))
                .containsExactly("[DOMAIN=evil.example]", "[URL=http://x.test/a]");
        assertThat(clauses("[domain-name:value IN ('a.test', 'b.test')]")).containsExactly("[DOMAIN=a.test]", "[DOMAIN=b.test]");
        assertThat(clauses("[domain-name:value LIKE '%.c2.test']")).containsExactly("[DOMAIN under c2.test]");
        // MISP's ip-dst|port: a type guard, an address and a port (as a string) in one observation
        assertThat(clauses("[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '5.6.7.8' AND network-traffic:dst_port = '5678']"))
                .containsExactly("[DST_IP=5.6.7.8, DST_PORT=5678]");
        assertThat(clauses("[file:hashes.'SHA-256' = '" + "AB".repeat(32) + "' OR file:hashes.MD5 = '" + "cd".repeat(16) + "']"))
                .containsExactly("[SHA256=" + "ab".repeat(32) + "]", "[MD5=" + "cd".repeat(16) + "]");
        assertThat(clauses("[x509-certificate:hashes.'SHA-1' = '46aba99aa7158e4609aaa72b50990842fd22ae86']")).containsExactly("[X509_SHA1=46aba99aa7158e4609aaa72b50990842fd22ae86]");
        assertThat(clauses("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla Firefox']")).containsExactly("[USER_AGENT=Mozilla Firefox]");
        assertThat(clauses("[x-ja3:value = 'e7d705a3286e19ea42f587b344ee6865']")).containsExactly("[JA3=e7d705a3286e19ea42f587b344ee6865]");
        assertThat(clauses("[email-message:from_ref.value = 'Boss@Example.org']")).containsExactly("[EMAIL=boss@example.org]");
        // (a OR b) AND c distributes
        assertThat(clauses("[(domain-name:value = 'a.test' OR domain-name:value = 'b.test') AND network-traffic:dst_port = 443]")).hasSize(2);
    }

    @Test
    void whatOneRecordCannotDecideIsNotApproximated() {
        assertThat(refused("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.test']")).contains("several observations");
        assertThat(refused("[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'x.test']")).contains("several observations");
        assertThat(refused("[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES")).contains("several observations");
        assertThat(refused("[ipv4-addr:value != '1.2.3.4']")).contains("NEQ");
        assertThat(refused("[domain-name:value MATCHES '^a.*']")).contains("MATCHES");
        assertThat(refused("[process:name = 'evil.exe']")).contains("no record carries");
        assertThat(refused("[domain-name:value LIKE 'ev%il.test']")).contains("LIKE");
        assertThat(refused("[ipv4-addr:value = 'not-an-address']")).contains("not an IP address");
        // one undecidable alternative drops only itself
        IndicatorCompiler.Result r = IndicatorCompiler.compile(indicator("[process:name = 'x'] OR [domain-name:value = 'y.test']"), NOW, List.of());
        assertThat(r.indicator().clauses()).hasSize(1);
        assertThat(r.droppedClauses()).isEqualTo(1);
        // a NOT inside an AND poisons that clause only
        r = IndicatorCompiler.compile(indicator("[domain-name:value = 'a.test' OR (domain-name:value = 'b.test' AND domain-name:value NOT = 'c.test')]"), NOW, List.of());
        assertThat(r.indicator().clauses()).hasSize(1);
    }

    @Test
    void onlyActiveIndicatorsCompile() {
        ObjectNode n = indicator("[ipv4-addr:value = '1.2.3.4']");
        n.put("valid_until", "2026-06-01T00:00:00Z");
        assertThat(IndicatorCompiler.compile(n, NOW, List.of()).refused()).startsWith("expired");
        n = indicator("[ipv4-addr:value = '1.2.3.4']");
        n.put("revoked", true);
        assertThat(IndicatorCompiler.compile(n, NOW, List.of()).refused()).isEqualTo("revoked");
        n = indicator("[ipv4-addr:value = '1.2.3.4']");
        n.put("valid_from", "2027-01-01T00:00:00Z");
        assertThat(IndicatorCompiler.compile(n, NOW, List.of()).refused()).startsWith("not valid before");
        n = indicator("alert tcp any any -> any any (sid:1;)");
        n.put("pattern_type", "suricata");
        assertThat(IndicatorCompiler.compile(n, NOW, List.of()).refused()).contains("suricata");
    }

    @Test
    void theAlertDescriptionCarriesLabelsConfidenceAndTechniques() {
        ObjectNode n = indicator("[ipv4-addr:value = '1.2.3.4']");
        n.put("name", "C2 server").put("valid_until", "2027-01-01T00:00:00Z");
        n.putArray("indicator_types").add("malicious-activity");
        n.putArray("external_references").addObject().put("source_name", "mitre-attack").put("external_id", "T1071.001");
        CompiledIndicator c = IndicatorCompiler.compile(n, NOW, List.of("T1573", "not-a-technique")).indicator();
        assertThat(c.info().name()).isEqualTo("C2 server");
        assertThat(c.info().confidence()).isEqualTo(85);
        assertThat(c.info().validUntil()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(c.info().labels()).containsExactly("malicious-activity");
        assertThat(c.info().techniques()).containsExactly("T1573", "T1071.001");
    }
}
