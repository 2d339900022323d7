package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.SeenValues;
import dev.vigil.testing.VigilCli;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intel commands end to end in one data directory: a bundle of indicators for values a real capture
 * shows is imported; {@code analyze} alerts on them and stores sightings; list, show, export (STIX and
 * Suricata) and sign/verify work on what is stored.
 */
class IntelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTURE = "realistic/ndpi-android.pcap";

    static ObjectNode indicator(String uuid, String name, String pattern, String validUntil) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + uuid).put("created", "2026-01-01T00:00:00.000Z")
                .put("modified", "2026-01-01T00:00:00.000Z").put("name", name).put("pattern", pattern).put("pattern_type", "stix")
                .put("valid_from", "2026-01-01T00:00:00Z").put("confidence", 90);
        if (validUntil != null) n.put("valid_until", validUntil);
        n.putArray("object_marking_refs").add("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
        return n;
    }

    @Test
    void importAnalyzeSightListExportSign(@TempDir Path tmp) throws Exception {
        Path capture = Corpus.file(CAPTURE);
        SeenValues seen;
        try (CaptureFile cf = CaptureFile.open(capture)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SensorConfig c = new SensorConfig();
            c.behavior.enabled = false;
            try (EveSink sink = new EveSink(out)) {
                new Sensor(c).run(List.of(cf), sink, null);
            }
            List<JsonNode> recs = new ArrayList<>();
            for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) recs.add(JSON.readTree(l));
            seen = SeenValues.of(recs);
        }
        assertThat(seen.complete()).isTrue();
        Path data = tmp.resolve("data");
        ObjectNode bundle = JSON.createObjectNode().put("type", "bundle").put("id", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d");
        ArrayNode objs = bundle.putArray("objects");
        objs.add(indicator("11111111-1111-4111-8111-111111111111", "dns c2", "[domain-name:value = '" + seen.dnsName() + "']", "2099-01-01T00:00:00Z"));
        objs.add(indicator("22222222-2222-4222-8222-222222222222", "tls c2", "[domain-name:value = '" + seen.tlsSni() + "'] OR [x-ja3:value = '" + seen.ja3() + "']", null));
        objs.add(indicator("33333333-3333-4333-8333-333333333333", "expired", "[ipv4-addr:value = '" + seen.tlsServer() + "']", "2026-02-01T00:00:00Z"));
        objs.add(indicator("44444444-4444-4444-8444-444444444444", "broken", "[ipv4-addr:value = ", null));
        Path file = tmp.resolve("intel.json");
        Files.writeString(file, JSON.writeValueAsString(bundle));

        VigilCli.Run imp = VigilCli.run("intel", "import", file.toString(), "--data-dir", data.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("4 objects read, 3 stored").contains("refused indicator--44444444");

        Path out = tmp.resolve("out");
        VigilCli.Run an = VigilCli.run("analyze", capture.toString(), "-o", out.toString(), "--data-dir", data.toString(), "--no-behavior");
        assertThat(an.exit()).as(an.err()).isZero();
        assertThat(an.err()).contains("indicators: 2 active of 3");
        assertThat(an.out()).contains("sightings: 2 indicators sighted");
        List<String> alerted = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("eve.json"))) {
            JsonNode r = JSON.readTree(l);
            if (r.has("indicator")) alerted.add(r.path("indicator").path("name").asText());
        }
        assertThat(alerted).contains("dns c2", "tls c2").doesNotContain("expired");

        VigilCli.Run list = VigilCli.run("intel", "list", "--type", "sighting", "--data-dir", data.toString());
        assertThat(list.out().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("sighting--"));
        assertThat(list.out()).contains("sighting of indicator--11111111-1111-4111-8111-111111111111").contains("sighting of indicator--22222222");
        String sid = list.out().lines().findFirst().orElseThrow().split("\t")[0];
        JsonNode sighting = JSON.readTree(VigilCli.run("intel", "show", sid, "--data-dir", data.toString()).out());
        assertThat(sighting.path("count").asInt()).isPositive();
        assertThat(sighting.path("observed_data_refs")).hasSize(1);
        assertThat(sighting.path("where_sighted_refs").path(0).asText()).startsWith("identity--").isEqualTo(sighting.path("created_by_ref").asText());

        VigilCli.Run rules = VigilCli.run("intel", "export", "--format", "suricata", "--data-dir", data.toString());
        assertThat(rules.out()).contains("dns.query; content:\"" + seen.dnsName()).contains("ja3.hash; content:\"" + seen.ja3());

        Path exported = tmp.resolve("export.json");
        assertThat(VigilCli.run("intel", "export", "--type", "indicator", "-o", exported.toString(), "--data-dir", data.toString()).exit()).isZero();
        JsonNode ex = JSON.readTree(exported.toFile());
        assertThat(ex.path("objects")).hasSize(3);
        Path key = tmp.resolve("keys/signing.jwk");
        Files.createDirectories(key.getParent());
        assertThat(VigilCli.run("intel", "keygen", "--out", key.toString()).exit()).isZero();
        assertThat(VigilCli.run("intel", "sign", exported.toString(), "--key", key.toString()).exit()).isZero();
        JsonNode pub = JSON.readTree(key.resolveSibling("signing.jwk.pub.json").toFile());
        ObjectNode trust = JSON.createObjectNode();
        ((ObjectNode) trust.putArray("keys").addObject().setAll((ObjectNode) pub)).put("partner", "us");
        trust.putObject("partners").putObject("us").put("require_signature", true);
        Path trustFile = tmp.resolve("trust.json");
        Files.writeString(trustFile, JSON.writeValueAsString(trust));
        VigilCli.Run ok = VigilCli.run("intel", "verify", exported.toString(), "--trust-list", trustFile.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).startsWith("valid: signed by us");
        Files.writeString(exported, Files.readString(exported).replace("dns c2", "dns C2"));
        VigilCli.Run bad = VigilCli.run("intel", "verify", exported.toString(), "--trust-list", trustFile.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).startsWith("INVALID");
        // a partner that must sign is refused without the signature
        VigilCli.Run refused = VigilCli.run("intel", "import", exported.toString(), "--trust-list", trustFile.toString(), "--partner", "us", "--data-dir", data.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("refused");
    }

    @Test
    void aMispFeedDirectoryImportsItsEventsOnceAndThenOnlyWhatChanged(@TempDir Path tmp) throws Exception {
        Path feed = tmp.resolve("feed");
        java.nio.file.Files.createDirectories(feed);
        Path sample = Corpus.root().resolve("intel/misp/feed-sample");
        for (String f : new String[] {"manifest.json", "57c4445b-c548-4654-af0b-4be3950d210f.json"}) java.nio.file.Files.copy(sample.resolve(f), feed.resolve(f));
        String data = tmp.resolve("data").toString();
        VigilCli.Run first = VigilCli.run("intel", "import", feed.toString(), "--data-dir", data);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("(misp-feed): 1 events imported, 0 unchanged").contains("10 stored");
        VigilCli.Run listed = VigilCli.run("intel", "list", "--type", "indicator", "--data-dir", data);
        assertThat(listed.out().lines().filter(l -> l.startsWith("indicator--"))).isNotEmpty();
        VigilCli.Run again = VigilCli.run("intel", "import", feed.toString(), "--data-dir", data);
        assertThat(again.out()).contains("0 events imported, 1 unchanged");
        // the publisher changes the event: its manifest timestamp moves on, and the event is read again
        com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(feed.resolve("manifest.json").toFile());
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) manifest.elements().next();
        entry.put("timestamp", String.valueOf(entry.path("timestamp").asLong() + 60));
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(feed.resolve("manifest.json").toFile(), manifest);
        assertThat(VigilCli.run("intel", "import", feed.toString(), "--data-dir", data).out()).contains("1 events imported, 0 unchanged");
        VigilCli.Run notAFeed = VigilCli.run("intel", "import", tmp.resolve("data").toString(), "--data-dir", tmp.resolve("d2").toString());
        assertThat(notAFeed.exit()).isNotZero();
        assertThat(notAFeed.err() + notAFeed.out()).contains("without manifest.json");
    }
}
