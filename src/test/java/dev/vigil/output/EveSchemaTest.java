package dev.vigil.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.capture.CaptureFile;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.DemoCapture;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EVE JSON Schemas (src/main/resources/eve-schema, draft 2020-12) are the published contract of
 * the records Vigil writes: every record of the demo capture and of a sample of the corpus must have a
 * schema for its {@code event_type} and validate against it, and the schemas themselves must be valid
 * 2020-12 schemas. Validation uses networknt json-schema-validator 1.5.x, the line built on Jackson 2
 * like Vigil (2.x and later moved to Jackson 3).
 */
class EveSchemaTest {
    static final List<String> TYPES = List.of("flow", "anomaly", "stats", "dns", "dhcp", "http", "fileinfo", "tls", "quic", "ssh", "smb", "smtp", "ftp", "ftp_data", "socks", "alert", "arp", "decoy");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, JsonSchema> SCHEMAS = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (String t : TYPES) {
            try (InputStream in = EveSchemaTest.class.getResourceAsStream("/eve-schema/" + t + ".schema.json")) {
                assertThat(in).as("schema resource for " + t).isNotNull();
                SCHEMAS.put(t, factory.getSchema(in, config));
            }
        }
    }

    @Test
    void schemasAreValidDraft202012() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema meta = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String t : TYPES) {
            try (InputStream in = EveSchemaTest.class.getResourceAsStream("/eve-schema/" + t + ".schema.json")) {
                JsonNode schema = JSON.readTree(in);
                assertThat(meta.validate(schema)).as(t + ".schema.json against the 2020-12 meta-schema").isEmpty();
                assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            }
        }
    }

    @Test
    void schemasRejectWhatTheContractForbids() throws IOException {
        JsonNode flow = JSON.readTree("""
                {"timestamp":"2023-11-14T22:13:20.123456+0000","flow_id":7,"event_type":"flow","src_ip":"10.0.0.1",
                 "src_port":1,"dest_ip":"10.0.0.2","dest_port":2,"ip_v":4,"proto":"TCP",
                 "flow":{"pkts_toserver":1,"pkts_toclient":0,"bytes_toserver":60,"bytes_toclient":0,
                   "start":"2023-11-14T22:13:20.123456+0000","end":"2023-11-14T22:13:20.123456+0000","age":0,
                   "state":"new","reason":"shutdown","alerted":false},
                 "tcp":{"tcp_flags":"02","tcp_flags_ts":"02","tcp_flags_tc":"00","syn":true,"state":"syn_sent"}}""");
        assertThat(SCHEMAS.get("flow").validate(flow)).isEmpty();
        ObjectNode missing = flow.deepCopy();
        missing.remove("flow_id");
        assertThat(SCHEMAS.get("flow").validate(missing)).isNotEmpty();
        ObjectNode retyped = flow.deepCopy();
        ((ObjectNode) retyped.get("flow")).put("age", "0");
        assertThat(SCHEMAS.get("flow").validate(retyped)).isNotEmpty();
        ObjectNode unknown = flow.deepCopy();
        unknown.put("surprise", 1);
        assertThat(SCHEMAS.get("flow").validate(unknown)).as("every written field is in the schema").isNotEmpty();
        ObjectNode badState = flow.deepCopy();
        ((ObjectNode) badState.get("tcp")).put("state", "SYN_SENT");
        assertThat(SCHEMAS.get("flow").validate(badState)).isNotEmpty();
    }

    @Test
    void demoCaptureOutputMatchesSchemas(@TempDir Path tmp) throws IOException {
        Path pcap = DemoCapture.write(tmp.resolve("demo.pcap"));
        Tally tally = new Tally();
        validateRun(pcap, tally);
        System.out.println("EVE schema check, demo capture: " + tally);
        assertThat(tally.errors).as("schema violations").isEmpty();
        assertThat(tally.perType.keySet()).contains("flow", "stats");
    }

    @Test
    void behaviouralAlertsOfAScenarioMatchTheAlertSchema(@TempDir Path tmp) throws IOException {
        Path pcap = tmp.resolve("day.pcap");
        var key = dev.vigil.scenario.ScenarioGenerator.generate(dev.vigil.scenario.campaign.Campaigns.all().getFirst(),
                new dev.vigil.scenario.ScenarioOptions(4, 3, 8, dev.vigil.scenario.ScenarioOptions.DEFAULT_START), pcap).key();
        Tally tally = new Tally();
        validateRun(pcap, tally, key.homeNetVariable());
        System.out.println("EVE schema check, scenario day: " + tally + ", behavioural alerts " + tally.behavioural);
        assertThat(tally.errors).as("schema violations").isEmpty();
        assertThat(tally.behavioural).as("behavioural alerts written").isGreaterThanOrEqualTo(3);
    }

    @Test
    void arpRecordsMatchTheirSchemaWhenEnabled() throws IOException {
        Tally tally = new Tally();
        SensorConfig config = new SensorConfig();
        config.eveTypes = EveTypes.of(EveTypes.KNOWN);
        validateRun(Corpus.root().resolve("behavior/slips-test8-arp-scan/test8-malicious.pcap"), tally, config);
        System.out.println("EVE schema check, ARP sweep with arp records: " + tally);
        assertThat(tally.errors).as("schema violations").isEmpty();
        assertThat(tally.perType.get("arp")).isGreaterThan(500);
        assertThat(tally.behavioural).isEqualTo(1);
    }

    @Test
    void corpusSampleOutputMatchesSchemas() throws IOException {
        List<Path> all = Corpus.allCaptures();
        Path root = Corpus.pcapDir();
        List<Path> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String rel = root.relativize(all.get(i)).toString();
            // every 5th file, plus the folders with the most varied records (tunnels, VLANs, ICMP, IPv6, broken input)
            if (i % 5 == 0 || rel.startsWith("tunnels/") || rel.startsWith("l2/") || rel.startsWith("icmp/")
                    || rel.startsWith("ipv6/") || rel.startsWith("malformed/") || rel.startsWith("fragments/")) {
                sample.add(all.get(i));
            }
        }
        Tally tally = new Tally();
        for (Path f : sample) validateRun(f, tally);
        System.out.println("EVE schema check, " + sample.size() + " corpus files: " + tally);
        assertThat(tally.errors).as("schema violations (first ones)").isEmpty();
        assertThat(tally.perType.keySet()).contains("flow", "anomaly", "stats");
    }

    static final class Tally {
        final Map<String, Integer> perType = new TreeMap<>();
        final List<String> errors = new ArrayList<>();
        int files, unreadable, behavioural;

        @Override
        public String toString() {
            return files + " files (" + unreadable + " not readable by Vigil yet), records " + perType + ", " + errors.size() + " violations";
        }
    }

    static void validateRun(Path capture, Tally tally) throws IOException {
        validateRun(capture, tally, (String) null);
    }

    static void validateRun(Path capture, Tally tally, String homeNet) throws IOException {
        SensorConfig config = new SensorConfig();
        if (homeNet != null) config.ruleVars.put("HOME_NET", homeNet);
        validateRun(capture, tally, config);
    }

    static void validateRun(Path capture, Tally tally, SensorConfig config) throws IOException {
        config.workers = 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile file = CaptureFile.open(capture); EveSink sink = new EveSink(out)) {
            new Sensor(config).run(List.of(file), sink, null);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("worker failed")) throw e;
            tally.unreadable++;
            return;
        }
        tally.files++;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode rec = JSON.readTree(line);
            String type = rec.path("event_type").asText();
            tally.perType.merge(type, 1, Integer::sum);
            if (rec.has("behavior")) tally.behavioural++;
            JsonSchema schema = SCHEMAS.get(type);
            if (schema == null) {
                if (tally.errors.size() < 20) tally.errors.add(capture.getFileName() + ": no schema for event_type '" + type + "'");
                continue;
            }
            Set<ValidationMessage> errs = schema.validate(rec);
            if (!errs.isEmpty() && tally.errors.size() < 20) {
                tally.errors.add(capture.getFileName() + ": " + errs + " in " + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
            }
        }
    }
}
