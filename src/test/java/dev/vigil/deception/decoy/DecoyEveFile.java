package dev.vigil.deception.decoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.EveJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A decoy log writing to an EVE file, read back the way a SOC reads it (line by line, from the file), every
 * line checked against its published schema; and the real clients (curl, dig) the decoy tests drive.
 */
public final class DecoyEveFile implements AutoCloseable {
    public final Path file;
    public final DecoyLog log;
    private final List<JsonNode> seen = new ArrayList<>();
    private final java.util.Map<String, com.networknt.schema.JsonSchema> schemas = new java.util.HashMap<>();
    private int linesRead;

    public DecoyEveFile(Path dir, TokenLookup tokens) throws IOException {
        this.file = dir.resolve("eve.json");
        this.log = DecoyLog.toFile(file, tokens);
    }

    /** Every record written so far, each one validated against the decoy or alert schema (once: polling rereads only new lines). */
    public synchronized List<JsonNode> records() {
        try {
            if (!Files.exists(file)) return List.copyOf(seen);
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            // the last line may be half written while the decoy is busy: only whole lines count
            int end = text.lastIndexOf('\n');
            List<String> lines = end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
            for (; linesRead < lines.size(); linesRead++) {
                String line = lines.get(linesRead);
                if (line.isBlank()) continue;
                JsonNode r = EveJson.JSON.readTree(line);
                String type = r.path("event_type").asText();
                assertThat(type).as(line).isIn("decoy", "alert");
                assertThat(schemas.computeIfAbsent(type, EveJson::schema).validate(r)).as("schema of " + line).isEmpty();
                seen.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(seen);
    }

    public List<JsonNode> decoy(String action) {
        return records().stream().filter(r -> r.path("event_type").asText().equals("decoy") && r.path("decoy").path("action").asText().equals(action)).toList();
    }

    public List<JsonNode> alerts(int sid) {
        return records().stream().filter(r -> r.path("alert").path("signature_id").asInt() == sid).toList();
    }

    /** Waits (the decoy writes from its own threads) until a record matching {@code p} is in the file. */
    public JsonNode await(Predicate<JsonNode> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (JsonNode r : records()) if (p.test(r)) return r;
            Thread.sleep(20);
        }
        throw new AssertionError("no record " + what + " in " + records());
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    /** A real client: fails loudly when it is not installed (CI installs curl and bind9-dnsutils). */
    public static void require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return;
        }
        throw new AssertionError("TOOL MISSING: " + tool + " is needed by this test (apt-get install curl bind9-dnsutils)");
    }

    public record Run(int exit, String stdout, String stderr) {}

    /** Runs a client to completion within {@code seconds}, output collected in files so a chatty client cannot block. */
    public static Run run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        require(command[0]);
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + seconds + " s: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1), Files.readString(err, StandardCharsets.ISO_8859_1));
    }
}
