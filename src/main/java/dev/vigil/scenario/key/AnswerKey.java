package dev.vigil.scenario.key;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a generated capture contains: the scenario, the seed that reproduces it, the network's size
 * and time span, and every malicious activity in it.
 */
public record AnswerKey(String scenario, long seed, int hosts, String start, String end, List<Activity> activities) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static AnswerKey read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), AnswerKey.class);
    }
}
