package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code vigil analyze} in this JVM on a generated capture and returns its EVE records. */
public final class VigilAnalysis {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VigilAnalysis() {}

    /** Analyzes {@code pcap} into {@code work}/out (extra arguments appended) and reads eve.json. */
    public static List<JsonNode> eve(Path pcap, Path work, String... extra) throws Exception {
        Path out = work.resolve("out");
        List<String> args = new ArrayList<>(List.of("analyze", pcap.toString(), "-o", out.toString(), "--data-dir", work.resolve("data").toString()));
        args.addAll(List.of(extra));
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
            code = Main.run(args.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("eve.json"))) records.add(JSON.readTree(l));
        return records;
    }
}
