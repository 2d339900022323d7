package dev.vigil.applayer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.applayer.AppRecord;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tls record against Suricata's documented output (suricata-verify test.yaml expectations for the
 * same captures), and every record of the TLS corpus against tls.schema.json.
 */
class TlsRecordTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(AppRecord r) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            // the envelope the output stage writes
            g.writeStringField("timestamp", "2024-01-01T00:00:00.000000+0000");
            g.writeNumberField("flow_id", 1);
            g.writeStringField("event_type", r.eventType());
            g.writeStringField("src_ip", "10.0.0.1");
            g.writeNumberField("src_port", 1234);
            g.writeStringField("dest_ip", "10.0.0.2");
            g.writeNumberField("dest_port", 443);
            g.writeStringField("proto", "TCP");
            r.writeFields(g);
            g.writeEndObject();
        }
        return JSON.readTree(w.toString());
    }

    static List<JsonNode> records(String capture) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (TlsCorpus.Session s : TlsCorpus.sessions(Corpus.file(capture)).values()) {
            if (s.ctx == null) continue;
            for (AppRecord r : s.ctx.records) out.add(json(r));
        }
        return out;
    }

    @Test
    void certificateFieldsAsSuricataLogsThem() throws IOException {
        // suricata-verify tests/tls/bug-7286-tls-metadata-01 on tests/ja4-tls/input.pcap
        List<JsonNode> rs = records("fingerprints/suricata/sv-ja4-tls.pcap");
        assertThat(rs).hasSize(1);
        JsonNode tls = rs.getFirst().get("tls");
        assertThat(tls.path("subject").asText()).isEqualTo("C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS");
        assertThat(tls.path("issuerdn").asText()).isEqualTo("C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS");
        assertThat(tls.path("serial").asText()).isEqualTo("00:97:E6:47:09:8E:EA:C9:B4");
        assertThat(tls.path("fingerprint").asText()).isEqualTo("3a:0b:3b:23:15:2c:44:5c:27:ac:6a:0c:41:d6:fa:74:af:b4:09:5b");
        assertThat(tls.path("version").asText()).isEqualTo("TLS 1.2");
        assertThat(tls.path("notbefore").asText()).isEqualTo("2015-02-12T18:07:27");
        assertThat(tls.path("notafter").asText()).isEqualTo("2025-02-09T18:07:27");
    }

    @Test
    void versionNamesAsSuricata() throws IOException {
        // suricata-verify bug-5713-01 and tls/tls13-draft14
        assertThat(records("fingerprints/suricata/sv-TLSv1-Extracted-MaliciousC2.pcap")).extracting(r -> r.path("tls").path("version").asText())
                .containsExactly("TLSv1");
        // tls/tls13-draft19: the draft number from the ServerHello
        assertThat(records("fingerprints/suricata/sv-tls13_draft19.pcap")).extracting(r -> r.path("tls").path("version").asText())
                .hasSize(3).containsOnly("TLS 1.3 draft-19");
        // draft-14 put 0x0304 itself in its ServerHello: Suricata names it "TLS 1.3 draft-<16"
        List<JsonNode> draft = records("fingerprints/suricata/sv-tls13_draft14.pcap");
        assertThat(draft.getFirst().path("tls").path("version").asText()).isEqualTo("TLS 1.3 draft-<16");
        assertThat(draft.getFirst().path("tls").path("ja3").path("hash").asText()).isEqualTo("65825469c473e48f3ee2571129256ab0");
    }

    @Test
    void corpusRecordsMatchSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = TlsRecordTest.class.getResourceAsStream("/eve-schema/tls.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
        int n = 0, withCert = 0;
        List<String> errors = new ArrayList<>();
        for (Path pcap : TlsCorpus.tlsCaptures()) {
            for (TlsCorpus.Session s : TlsCorpus.sessions(pcap).values()) {
                if (s.ctx == null) continue;
                for (AppRecord r : s.ctx.records) {
                    JsonNode j = json(r);
                    n++;
                    if (j.path("tls").has("subject")) withCert++;
                    Set<ValidationMessage> v = schema.validate(j);
                    if (!v.isEmpty()) errors.add(pcap.getFileName() + ": " + v + " in " + j);
                }
            }
        }
        System.out.printf("tls schema: %d records (%d with a certificate), %d invalid%n", n, withCert, errors.size());
        errors.stream().limit(20).forEach(System.out::println);
        assertThat(n).isGreaterThan(200);
        assertThat(withCert).isGreaterThan(50);
        assertThat(errors).isEmpty();
    }
}
