package dev.vigil.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.pipeline.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs Vigil's sensor in-process on one capture and returns its EVE records, parsed. */
final class VigilRun {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param records every EVE line, parsed
     * @param unreadable why the capture could not be opened (Vigil skips such a file), else null
     */
    record Result(List<JsonNode> records, Summary summary, String unreadable) {
        List<JsonNode> ofType(String eventType) {
            return records.stream().filter(r -> eventType.equals(r.path("event_type").asText())).toList();
        }
    }

    private VigilRun() {}

    static SensorConfig defaultConfig(int workers) {
        SensorConfig c = new SensorConfig();
        c.workers = workers;
        c.progress = false;
        return c;
    }

    /**
     * The configuration of the app-layer oracles: as {@link #defaultConfig}, and with
     * {@code stream.midstream} on. Many fingerprint and protocol captures of the corpus were cut to the
     * packets that matter (a ClientHello and its answer, one request) and have no TCP handshake; tshark
     * dissects them regardless, and Suricata users analysing such files turn midstream on, as several
     * suricata-verify tests do. What these oracles measure is the parsing, not the session start.
     */
    static SensorConfig appLayerConfig() {
        SensorConfig c = defaultConfig(1);
        c.flow.midstream = true;
        return c;
    }

    static Result run(Path capture, SensorConfig config) throws IOException {
        CaptureFile file;
        try {
            file = CaptureFile.open(capture);
        } catch (IOException e) {
            return new Result(List.of(), null, e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Summary s;
        try (file; EveSink sink = new EveSink(out)) {
            s = new Sensor(config).run(List.of(file), sink, null);
        } catch (IOException e) {
            // a reader that cannot walk the file (e.g. a format not implemented yet) is "unreadable";
            // a worker that crashed is a bug and stays an error
            if (String.valueOf(e.getMessage()).startsWith("worker failed")) throw e;
            return new Result(List.of(), null, e.getMessage());
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) records.add(JSON.readTree(line));
        }
        return new Result(records, s, null);
    }
}
