package dev.vigil.scenario.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a generated capture contains: the scenario, the seed that reproduces it, the network's size
 * (workstations) and time span, the organisation's own address blocks (what a sensor's HOME_NET
 * should hold), every malicious activity in it, and the honeytokens the defenders had planted.
 */
public record AnswerKey(String scenario, long seed, int hosts, String start, String end,
        @JsonProperty("home_net") List<String> homeNet, List<Activity> activities,
        @JsonProperty("planted_tokens") List<PlantedToken> plantedTokens) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A key without planted tokens (keys written before they were recorded read the same way). */
    public AnswerKey(String scenario, long seed, int hosts, String start, String end, List<String> homeNet, List<Activity> activities) {
        this(scenario, seed, hosts, start, end, homeNet, activities, List.of());
    }

    /** HOME_NET as Suricata rule variables write it: {@code [10.0.0.0/8,198.51.100.0/26]}. */
    public String homeNetVariable() {
        return "[" + String.join(",", homeNet == null ? List.of() : homeNet) + "]";
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static AnswerKey read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), AnswerKey.class);
    }
}
