package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.scenario.wire.Timeline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark over generated captures: its expert errors and malformed packets, and fields it
 * dissects. Tests that use it fail loudly when tshark is missing (CI installs it).
 */
public final class TsharkCheck {
    private TsharkCheck() {}

    /** Writes a timeline to {@code file} as an Ethernet pcap with nanosecond timestamps. */
    public static Path write(Timeline timeline, Path file) throws IOException {
        try (PcapWriter w = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), LinkType.ETHERNET, 262_144, true)) {
            timeline.write(w::write);
        }
        return file;
    }

    /**
     * Expert-info entries of severity error (which include malformed packets), one line each:
     * "frame-number protocol message"; empty when tshark finds none.
     */
    public static List<String> expertErrors(Path pcap) throws IOException, InterruptedException {
        dev.vigil.testing.Tools.require("tshark");
        List<String> out = new ArrayList<>();
        for (String line : run("tshark", "-n", "-r", pcap.toString(), "-Y", "_ws.expert.severity == error || _ws.malformed",
                "-T", "fields", "-E", "separator=|", "-e", "frame.number", "-e", "frame.protocols", "-e", "_ws.expert.message")) {
            if (!line.isBlank()) out.add(line);
        }
        return out;
    }

    /** tshark's fields for every packet matching {@code filter}, separator '|'. */
    public static List<String> fields(Path pcap, String filter, String... fields) throws IOException, InterruptedException {
        dev.vigil.testing.Tools.require("tshark");
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields", "-E", "separator=|"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        return run(cmd.toArray(String[]::new));
    }

    public static List<String> run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            // stderr discarded, not read: reading it first would block tshark on a full stdout pipe
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("tshark is required for this test (apt-get install tshark); " + e.getMessage(), e);
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("exit of " + String.join(" ", cmd)).isZero();
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isEmpty()) lines.add(l);
        return lines;
    }
}
