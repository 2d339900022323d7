package dev.vigil.applayer.http;

import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The http and fileinfo records the parser writes, with an envelope like the output stage's, validate
 * against their schemas; the schemas are valid 2020-12 and reject what the contract forbids.
 */
class HttpSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String type) {
        return EveJson.schema(type);
    }

    static JsonNode withEnvelope(AppRecord r) {
        return EveJson.line(r);
    }

    @Test
    void schemasAreValidDraft202012() throws IOException {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String t : List.of("http", "fileinfo")) {
            try (InputStream in = getClass().getResourceAsStream("/eve-schema/" + t + ".schema.json")) {
                assertThat(meta.validate(JSON.readTree(in))).as(t).isEmpty();
            }
        }
    }

    @Test
    void recordsOfVariedConversationsValidate() throws IOException {
        JsonSchema http = schema("http"), fileinfo = schema("fileinfo");
        List<RecordingContext> runs = new ArrayList<>();
        runs.add(HttpParserTest.run("GET http://a.example:8080/x HTTP/1.1\r\nHost: a\r\nUser-Agent: \u00e9\u00ff\r\nReferer: r\r\n\r\n",
                "HTTP/1.1 302 F\r\nLocation: /y\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1)));
        runs.add(HttpParserTest.run("GET /q HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 2XX ?\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1)));
        runs.add(HttpParserTest.run("POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\n12", new byte[0]));
        runs.add(HttpParserTest.run("", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".getBytes(StandardCharsets.ISO_8859_1)));
        int checked = 0;
        for (RecordingContext ctx : runs) {
            for (AppRecord r : ctx.records) {
                JsonNode n = withEnvelope(r);
                JsonSchema s = r.eventType().equals("http") ? http : fileinfo;
                assertThat(s.validate(n)).as(n.toString()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).as("4 http records, 3 files (the response without a request names no file)").isEqualTo(7);
    }

    @Test
    void schemasRejectWhatTheContractForbids() throws IOException {
        JsonSchema http = schema("http");
        RecordingContext ctx = HttpParserTest.run("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ObjectNode ok = (ObjectNode) withEnvelope(ctx.of(HttpRecord.class).getFirst());
        assertThat(http.validate(ok)).isEmpty();
        ObjectNode retyped = ok.deepCopy();
        ((ObjectNode) retyped.get("http")).put("status", "200");
        assertThat(http.validate(retyped)).isNotEmpty();
        ObjectNode unknown = ok.deepCopy();
        ((ObjectNode) unknown.get("http")).put("surprise", 1);
        assertThat(http.validate(unknown)).isNotEmpty();
        ObjectNode noTx = ok.deepCopy();
        noTx.remove("tx_id");
        assertThat(http.validate(noTx)).isNotEmpty();
    }
}
