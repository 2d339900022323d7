package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureFile;
import dev.vigil.intel.taxii.PasswordHash;
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
 * Two Vigil instances on loopback, through the CLI: A imports a TLP:GREEN and a TLP:RED indicator into a
 * collection and serves it over TAXII 2.1; B pulls the collection, its analysis of a capture that shows
 * both indicators' values alerts on the GREEN one, B pushes its sighting back, A lists it. The RED
 * indicator never reaches B.
 */
class IntelSharingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTURE = "realistic/ndpi-android.pcap";
    private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    private static final String COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    private static final String GREEN_ID = "indicator--a1a1a1a1-1111-4111-8111-111111111111";
    private static final String RED_ID = "indicator--b2b2b2b2-2222-4222-8222-222222222222";

    @Test
    void aPartnersGreenIndicatorDetectsAndTheSightingComesBackButRedNeverLeaves(@TempDir Path tmp) throws Exception {
        SeenValues seen;
        try (CaptureFile cf = CaptureFile.open(Corpus.file(CAPTURE))) {
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
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        ObjectNode bundle = JSON.createObjectNode().put("type", "bundle").put("id", "bundle--0f3a61c1-34c5-4b2e-8f0e-8d5c1b9e2a77");
        ArrayNode objs = bundle.putArray("objects");
        ObjectNode green = IntelCommandTest.indicator(GREEN_ID.substring("indicator--".length()), "partner C2 domain", "[domain-name:value = '" + seen.dnsName() + "']", null);
        ((ArrayNode) green.get("object_marking_refs")).removeAll().add(GREEN);
        ObjectNode red = IntelCommandTest.indicator(RED_ID.substring("indicator--".length()), "red source", "[domain-name:value = '" + seen.tlsSni() + "']", null);
        ((ArrayNode) red.get("object_marking_refs")).removeAll().add(RED);
        objs.add(green);
        objs.add(red);
        Path file = tmp.resolve("a-intel.json");
        Files.writeString(file, JSON.writeValueAsString(bundle));
        VigilCli.Run imp = VigilCli.run("intel", "import", file.toString(), "--collection", COLLECTION, "--data-dir", a.toString());
        assertThat(imp.exit()).as(imp.out() + imp.err()).isZero();

        String password = "correct horse battery staple";
        Path pwFile = tmp.resolve("b.pw");
        Files.writeString(pwFile, password + "\n");
        Path config = tmp.resolve("serve.yaml");
        Files.writeString(config, """
                server:
                  bindAddress: 127.0.0.1
                  port: 0
                  allowPlainHttp: true
                  partners:
                    - name: partner-b
                      username: b
                      passwordHash: "%s"
                      collections:
                        "%s": read-write
                api_roots:
                  api1:
                    title: A's sharing root
                    collections:
                      - id: "%s"
                        title: shared indicators
                """.formatted(PasswordHash.hash(password.toCharArray()), COLLECTION, COLLECTION));
        try (ServeCommand.Serving served = ServeCommand.start(config, a)) {
            String url = "http://127.0.0.1:" + served.server().port() + "/api1/collections/" + COLLECTION + "/";
            VigilCli.Run pull = VigilCli.run("intel", "pull", url, "--user", "b", "--password-file", pwFile.toString(), "--data-dir", b.toString());
            assertThat(pull.exit()).as(pull.out() + pull.err()).isZero();
            assertThat(pull.out()).contains("1 stored");
            assertThat(VigilCli.run("intel", "show", RED_ID, "--data-dir", b.toString()).exit()).as("TLP:RED never reaches B").isNotZero();
            assertThat(VigilCli.run("intel", "show", GREEN_ID, "--data-dir", b.toString()).exit()).isZero();

            Path out = tmp.resolve("b-out");
            VigilCli.Run an = VigilCli.run("analyze", Corpus.file(CAPTURE).toString(), "-o", out.toString(), "--data-dir", b.toString(), "--no-behavior");
            assertThat(an.exit()).as(an.err()).isZero();
            List<String> alerted = new ArrayList<>();
            for (String l : Files.readAllLines(out.resolve("eve.json"))) {
                JsonNode r = JSON.readTree(l);
                if (r.has("indicator")) alerted.add(r.path("indicator").path("id").asText());
            }
            assertThat(alerted).contains(GREEN_ID).doesNotContain(RED_ID);

            VigilCli.Run push = VigilCli.run("intel", "push", url, "--user", "b", "--password-file", pwFile.toString(), "--data-dir", b.toString());
            assertThat(push.exit()).as(push.out() + push.err()).isZero();
            assertThat(push.out()).contains("0 failed");
        }
        VigilCli.Run list = VigilCli.run("intel", "list", "--type", "sighting", "--data-dir", a.toString());
        assertThat(list.out().lines().toList()).singleElement().asString().startsWith("sighting--").contains("sighting of " + GREEN_ID);
        // the sighting arrived whole: its observed-data and the observable that matched
        assertThat(VigilCli.run("intel", "list", "--type", "observed-data", "--data-dir", a.toString()).out().lines().toList()).hasSize(1);
        assertThat(VigilCli.run("intel", "list", "--type", "domain-name", "--data-dir", a.toString()).out())
                .contains(seen.dnsName().toLowerCase(java.util.Locale.ROOT));
    }
}
