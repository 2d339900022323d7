package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoGeneratesTheEspionageScenarioAnalyzesAndGradesIt() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("demo", "-o", tmp.toString(), "--hosts", "4", "--hours", "12");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        AnswerKey key = AnswerKey.read(tmp.resolve("espionage-contractor.answers.json"));
        assertThat(key.scenario()).isEqualTo("espionage-contractor");
        assertThat(key.hosts()).isEqualTo(4);
        assertThat(key.activities()).hasSizeGreaterThanOrEqualTo(10);
        // every activity's traffic reached the analysis: a flow between its source and its destination
        ObjectMapper json = new ObjectMapper();
        Set<String> pairs = new HashSet<>();
        for (String l : Files.readAllLines(tmp.resolve("eve.json"))) {
            JsonNode n = json.readTree(l);
            if (!n.path("event_type").asText().equals("flow")) continue;
            pairs.add(n.get("src_ip").asText() + ">" + n.get("dest_ip").asText());
        }
        for (Activity a : key.activities()) {
            if (a.destination().ip().contains("/")) {
                String prefix = a.destination().ip().startsWith("10.10.") ? "10.10.0." : "198.51.100.";
                assertThat(pairs).as(a.id()).anyMatch(p -> p.startsWith(a.source().ip() + ">" + prefix));
            } else {
                assertThat(pairs).as(a.id()).contains(a.source().ip() + ">" + a.destination().ip());
            }
        }
        assertThat(text).contains("Recall").contains(key.activities().getFirst().id()).contains("vigil scenario grade --training");
    }
}
