package dev.vigil.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A parser's record as a whole EVE line (a fixed envelope, then the record's fields), and validation
 * against the published schema of its event type; or only what follows the envelope.
 */
public final class EveJson {
    public static final ObjectMapper JSON = new ObjectMapper();

    private EveJson() {}

    public static JsonNode line(AppRecord r) {
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("timestamp", "2023-11-14T22:13:20.123456+0000");
                g.writeNumberField("flow_id", 1234567);
                g.writeNumberField("pcap_cnt", 5);
                g.writeStringField("event_type", r.eventType());
                g.writeStringField("src_ip", "10.0.0.1");
                g.writeNumberField("src_port", 40000);
                g.writeStringField("dest_ip", "10.0.0.2");
                g.writeNumberField("dest_port", 22);
                g.writeStringField("proto", "TCP");
                r.writeFields(g);
                g.writeEndObject();
            }
            return JSON.readTree(w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's own fields as one JSON object's text, exactly as {@link AppRecord#writeFields} writes them. */
    public static String text(AppRecord r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            r.writeFields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The record as {@code {"event_type": ..., <its fields>}}: what the output stage writes after the envelope. */
    public static ObjectNode fields(AppRecord r) {
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("event_type", r.eventType());
                r.writeFields(g);
                g.writeEndObject();
            }
            return (ObjectNode) JSON.readTree(w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonSchema schema(String eventType) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = EveJson.class.getResourceAsStream("/eve-schema/" + eventType + ".schema.json")) {
            if (in == null) throw new AssertionError("no schema resource for " + eventType);
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of the 2020-12 meta-schema by a schema resource. */
    public static Set<ValidationMessage> metaViolations(String eventType) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema meta = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = EveJson.class.getResourceAsStream("/eve-schema/" + eventType + ".schema.json")) {
            return meta.validate(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
