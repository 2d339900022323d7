package dev.vigil.applayer.quic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * quic.schema.json is a valid 2020-12 schema, every record our parser writes for the corpus' QUIC
 * captures validates against it (inside an envelope like the output stage writes), and it rejects
 * what the contract forbids.
 */
class QuicSchemaTest {
    static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = QuicSchemaTest.class.getResourceAsStream("/eve-schema/quic.schema.json")) {
            assertThat(in).isNotNull();
            schema = factory.getSchema(in, config);
        }
    }

    @Test
    void schemaIsValidDraft202012() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema meta = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = QuicSchemaTest.class.getResourceAsStream("/eve-schema/quic.schema.json")) {
            assertThat(meta.validate(QuicReplay.JSON.readTree(in))).isEmpty();
        }
    }

    @Test
    void everyCorpusRecordValidates() throws IOException {
        int n = 0;
        List<String> errors = new ArrayList<>();
        for (var capture : QuicTsharkTest.captures()) {
            for (QuicReplay.Out o : QuicReplay.of(capture).records) {
                JsonNode rec = envelope(o.json());
                var v = schema.validate(rec);
                if (!v.isEmpty()) errors.add(capture.getFileName() + " " + o.frame() + " " + v);
                n++;
            }
        }
        assertThat(errors).isEmpty();
        assertThat(n).isGreaterThan(150);
        Corpus.root();
    }

    @Test
    void schemaRejectsWhatTheContractForbids() {
        ObjectNode ok = envelope(QuicReplay.JSON.createObjectNode().set("quic", QuicReplay.JSON.createObjectNode().put("version", "1")));
        assertThat(schema.validate(ok)).isEmpty();
        ObjectNode numeric = ok.deepCopy();
        ((ObjectNode) numeric.get("quic")).put("version", 1);
        assertThat(schema.validate(numeric)).isNotEmpty();
        ObjectNode extra = ok.deepCopy();
        ((ObjectNode) extra.get("quic")).put("alpn", "h3");
        assertThat(schema.validate(extra)).isNotEmpty();
        ObjectNode badJa4 = ok.deepCopy();
        ((ObjectNode) badJa4.get("quic")).put("ja4", "t13d0310h3_55b375c5d22e_cd85d2d88918");
        assertThat(schema.validate(badJa4)).isNotEmpty();
    }

    static ObjectNode envelope(JsonNode fields) {
        ObjectNode e = QuicReplay.JSON.createObjectNode();
        e.put("timestamp", "2023-11-14T22:13:20.123456+0000").put("flow_id", 7).put("pcap_cnt", 1).put("event_type", "quic")
                .put("src_ip", "10.0.0.1").put("src_port", 50000).put("dest_ip", "10.0.0.2").put("dest_port", 443).put("proto", "UDP");
        e.set("quic", fields.get("quic"));
        return e;
    }
}
