package dev.vigil.applayer.dns;

import dev.vigil.testing.EveJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AppContext} for parser tests: keeps each emitted record as the JSON object the output
 * stage would write after the envelope (plus "event_type" and a "_from_server" marker), and the anomalies.
 */
public final class RecordingContext implements AppContext {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final Flow flow = new Flow();
    public final List<ObjectNode> records = new ArrayList<>();
    public final List<String> anomalies = new ArrayList<>();
    public long packet;

    public RecordingContext(int proto) {
        flow.proto = proto;
    }

    @Override public Flow flow() { return flow; }

    @Override public long timeNanos() { return 1_700_000_000_000_000_000L; }

    @Override public long packetNumber() { return packet; }

    @Override
    public void emit(AppRecord record) {
        records.add(toJson(record));
    }

    @Override
    public void anomaly(String event) {
        anomalies.add(event);
    }

    public static ObjectNode toJson(AppRecord record) {
        ObjectNode n = EveJson.fields(record);
        n.put("_from_server", record.fromServer());
        return n;
    }

    public static JsonNode path(JsonNode n, String dotted) {
        for (String part : dotted.split("\\.")) n = n.path(part);
        return n;
    }
}
