package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorListImporterTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static List<String> patterns(IndicatorListImporter.Result r) {
        return r.indicators().stream().map(o -> o.get("pattern").asText()).toList();
    }

    @Test
    void plainListInfersTypesAndCountsBadLines() {
        String text = "# a blocklist\n"
                + "198.51.100.7\n"
                + "2001:db8::/32\n"
                + "evil.example  # c2\n"
                + "http://evil.example/x'y\n"
                + "b2a5abfeef9e36964281a31e17b57c97\n"
                + "2920d5e6c579fce772e5506caf03af65579088bd\n"
                + "7fa3abc229fd3cb9a0a6f07d9da15e35528c630d0ad5902d5422b305cae7eaa4\n"
                + "phish@evil.example\n"
                + "not a value at all\n"
                + "999.1.2.3\n"
                + "198.51.100.7\n"
                + "\n";
        IndicatorListImporter.Result r = new IndicatorListImporter(IndicatorListImporter.Options.at(T)).importPlain(text.getBytes(StandardCharsets.UTF_8));
        assertThat(patterns(r)).containsExactly(
                "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.7']",
                "[network-traffic:dst_ref.type = 'ipv6-addr' AND network-traffic:dst_ref.value ISSUBSET '2001:db8::/32']",
                "[domain-name:value = 'evil.example']",
                "[url:value = 'http://evil.example/x\\'y']",
                "[file:hashes.MD5 = 'b2a5abfeef9e36964281a31e17b57c97']",
                "[file:hashes.'SHA-1' = '2920d5e6c579fce772e5506caf03af65579088bd']",
                "[file:hashes.'SHA-256' = '7fa3abc229fd3cb9a0a6f07d9da15e35528c630d0ad5902d5422b305cae7eaa4']",
                "[email-addr:value = 'phish@evil.example']");
        assertThat(r.bad()).extracting(IndicatorListImporter.BadLine::line).containsExactly(10, 11);
        assertThat(r.badCount()).isEqualTo(2);
        assertThat(r.duplicates()).isEqualTo(1);
        r.bad().forEach(b -> System.out.println("bad line " + b));
        for (ObjectNode o : r.indicators()) {
            PatternShape.assertWellFormed(o.get("pattern").asText());
            assertThat(o.get("valid_from").asText()).isEqualTo("2026-11-01T00:00:00Z");
        }
    }

    @Test
    void csvWithHeaderTypeColumnAndJa3() {
        String csv = "comment,indicator,type\n"
                + "\"known C2, port 443\",198.51.100.9,ip\n"
                + "tls client,e7d705a3286e19ea42f587b344ee6865,ja3\n"
                + "a hash,e7d705a3286e19ea42f587b344ee6865,\n"
                + "wrong type,evil.example,md5\n"
                + "odd,\"unterminated,domain\n"
                + "unknown type,x,whatever\n";
        IndicatorListImporter.Result r = new IndicatorListImporter(IndicatorListImporter.Options.at(T)).importCsv(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(patterns(r)).containsExactly(
                "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.9']",
                "[network-traffic:x_misp_ja3_fingerprint_md5 = 'e7d705a3286e19ea42f587b344ee6865']",
                "[file:hashes.MD5 = 'e7d705a3286e19ea42f587b344ee6865']");
        assertThat(r.indicators().getFirst().get("description").asText()).isEqualTo("known C2, port 443");
        assertThat(r.bad()).extracting(IndicatorListImporter.BadLine::line).containsExactly(5, 6, 7);
        r.bad().forEach(b -> System.out.println("bad line " + b));
    }

    @Test
    void headerlessCsvAndWarninglistAndStableIds() throws Exception {
        Warninglists w = Warninglists.load(MispEventImporterTest.misp().resolve("warninglists"));
        String csv = "10.0.0.1\nd41d8cd98f00b204e9800998ecf8427e,md5\nc2.example,domain,seen 2026\n";
        var opts = IndicatorListImporter.Options.at(T).withWarninglists(w);
        IndicatorListImporter.Result r = new IndicatorListImporter(opts).importCsv(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(patterns(r)).containsExactly("[domain-name:value = 'c2.example']");
        assertThat(r.warninglisted()).extracting(IndicatorListImporter.BadLine::line).containsExactly(1, 2);
        IndicatorListImporter.Result again = new IndicatorListImporter(opts).importPlain("c2.example\n".getBytes(StandardCharsets.UTF_8));
        assertThat(again.indicators().getFirst().get("id")).isEqualTo(r.indicators().getFirst().get("id"));
    }
}
