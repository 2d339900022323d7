package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.EveValues;
import dev.vigil.detect.ioc.IndicatorSet;
import dev.vigil.detect.ioc.ObservedValues;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.intel.IndicatorCompiler;
import dev.vigil.intel.export.SuricataRuleExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of an indicator's way from a partner's STIX pattern to a detection: the input is
 * [pattern text] NUL [an EVE record]. The pattern is compiled (or refused with a reason), the compiled
 * indicator is matched against the record's values, and exported as Suricata rules. Must hold: nothing
 * escapes but the compiler's refusal; an indicator compiles to at least one non-empty clause; every
 * exported rule parses with Vigil's own rule parser (a partner's value never breaks out of its content).
 */
class IndicatorFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    static Stream<Arguments> seeds() {
        String rec = "{\"timestamp\":\"2026-03-02T00:21:03.494168+0000\",\"flow_id\":7,\"event_type\":\"dns\",\"src_ip\":\"10.0.0.1\",\"src_port\":5353,"
                + "\"dest_ip\":\"203.0.113.9\",\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"version\":3,\"queries\":[{\"rrname\":\"c2.example.test\"}]},"
                + "\"http\":{\"hostname\":\"c2.example.test\",\"url\":\"/a\"},\"tls\":{\"sni\":\"c2.example.test\",\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\"}}}";
        return Stream.of(
                        "[domain-name:value = 'c2.example.test'] OR [ipv4-addr:value ISSUBSET '203.0.113.0/24']",
                        "[url:value = 'http://c2.example.test/a' AND network-traffic:dst_port = 80]",
                        "[domain-name:value LIKE '%.example.test' OR x-ja3:value = 'e7d705a3286e19ea42f587b344ee6865']",
                        "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.9' AND network-traffic:dst_port = '53']",
                        "[file:hashes.'SHA-256' = '" + "ab".repeat(32) + "' OR x509-certificate:subject = 'CN=a\\\";|b']")
                .map(p -> Arguments.of((Object) (p + "\0" + rec).getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void compileMatchExport(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String pattern = nul < 0 ? text : text.substring(0, nul);
        ObjectNode ind = JSON.createObjectNode();
        ind.put("type", "indicator").put("id", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f").put("pattern", pattern).put("pattern_type", "stix")
                .put("valid_from", "2026-01-01T00:00:00Z").put("name", pattern);
        IndicatorCompiler.Result r = IndicatorCompiler.compile(ind, NOW, List.of());
        if (r.indicator() == null) {
            if (r.refused() == null || r.refused().isEmpty()) throw new IllegalStateException("refused without a reason: " + pattern);
            return;
        }
        if (r.indicator().clauses().isEmpty() || r.indicator().clauses().stream().anyMatch(List::isEmpty)) throw new IllegalStateException("empty clause: " + pattern);
        IndicatorSet set = new IndicatorSet.Builder().add(r.indicator().info(), r.indicator().clauses()).build();
        if (nul >= 0) {
            JsonNode rec;
            try {
                rec = JSON.readTree(text.substring(nul + 1));
            } catch (IOException e) {
                rec = null;
            }
            if (rec != null) {
                ObservedValues v = new ObservedValues();
                EveValues.fill(rec, v);
                set.match(v, m -> {
                    if (m.indicator() != r.indicator().info()) throw new IllegalStateException("a match names another indicator");
                });
            }
        }
        RuleParser parser = new RuleParser(RuleVars.defaults(), Set.of());
        for (String rule : SuricataRuleExport.export(List.of(r.indicator())).rules()) {
            try {
                parser.parse(rule, "intel.rules", 1);
            } catch (RuleException e) {
                throw new IllegalStateException("exported rule does not parse (" + e.getMessage() + "): " + rule);
            }
        }
    }
}
