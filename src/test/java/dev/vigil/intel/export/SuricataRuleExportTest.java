package dev.vigil.intel.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.detect.engine.DetectEngine;
import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorField;
import dev.vigil.detect.ioc.IndicatorInfo;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.intel.CompiledIndicator;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.SeenValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported rules are rules: every one loads, and run on the capture the indicators were taken from, the
 * rules for values the capture shows alert and the rules for absent values do not.
 */
class SuricataRuleExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTURE = "realistic/ndpi-android.pcap";

    private static CompiledIndicator ind(String name, List<List<Atom>> clauses) {
        return new CompiledIndicator(new IndicatorInfo("indicator--" + java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name, null, 80, List.of(), List.of()), clauses);
    }

    private static List<JsonNode> run(CaptureFile cf, SensorConfig c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EveSink sink = new EveSink(out)) {
            new Sensor(c).run(List.of(cf), sink, null);
        }
        List<JsonNode> l = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) l.add(JSON.readTree(line));
        return l;
    }

    @Test
    void exportedRulesLoadAndAlertWhereTheIndicatorsWouldMatch(@TempDir Path tmp) throws IOException {
        try (CaptureFile cf = CaptureFile.open(Corpus.file(CAPTURE))) {
            SensorConfig plain = new SensorConfig();
            plain.behavior.enabled = false;
            SeenValues seen = SeenValues.of(run(cf, plain));
            assertThat(seen.complete()).as(seen.toString()).isTrue();
            String parent = seen.tlsSni().substring(seen.tlsSni().indexOf('.') + 1);
            List<CompiledIndicator> inds = List.of(
                    ind("dns", List.of(List.of(Atom.equal(IndicatorField.DOMAIN, seen.dnsName())))),
                    ind("sni-parent", List.of(List.of(Atom.underDomain(parent)))),
                    ind("url", List.of(List.of(Atom.equal(IndicatorField.URL, seen.httpUrl())))),
                    ind("ja3", List.of(List.of(Atom.equal(IndicatorField.JA3, seen.ja3())))),
                    ind("server", List.of(List.of(Atom.equal(IndicatorField.DST_IP, seen.tlsServer()), Atom.equal(IndicatorField.DST_PORT, "443")))),
                    ind("absent", List.of(List.of(Atom.equal(IndicatorField.DOMAIN, "never\"seen;.invalid")), List.of(Atom.equal(IndicatorField.IP, "192.0.2.0/24")))),
                    ind("hash", List.of(List.of(Atom.equal(IndicatorField.SHA256, "ab".repeat(32))))));
            SuricataRuleExport.Result r = SuricataRuleExport.export(inds);
            assertThat(r.skipped()).singleElement().asString().contains("sha256");
            Path file = tmp.resolve("intel.rules");
            Files.write(file, r.rules());
            RuleLoader.Result loaded = RuleLoader.forFiles(List.of(file), RuleVars.defaults()).load(List.of(file));
            assertThat(loaded.rejected()).as("every exported rule loads").isEmpty();
            assertThat(loaded.rules()).hasSize(r.rules().size());
            SensorConfig c = new SensorConfig();
            c.behavior.enabled = false;
            c.classifications = loaded.classifications();
            c.detect = new DetectEngine(loaded.rules(), c.stream.depth);
            Set<String> alerted = new TreeSet<>();
            for (JsonNode a : run(cf, c)) {
                if (!a.path("event_type").asText().equals("alert")) continue;
                String msg = a.path("alert").path("signature").asText();
                alerted.add(msg.substring(msg.lastIndexOf(' ') + 1));
            }
            assertThat(alerted).containsExactlyInAnyOrder("dns", "sni-parent", "url", "ja3", "server");
        }
    }

    @Test
    void contentEscapesWhatRulesGiveMeaningTo() {
        assertThat(SuricataRuleExport.content("a\"b;c\\d|e")).isEqualTo("a|22|b|3B|c|5C|d|7C|e");
        assertThat(SuricataRuleExport.content("\";")).isEqualTo("|22 3B|");
    }
}
