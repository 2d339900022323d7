package dev.vigil.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External oracle tools (tshark, capinfos, tcpdump): required under CI, loudly skipped elsewhere. */
public final class Tools {
    private Tools() {}

    public static void require(String tool) {
        if (available(tool)) return;
        String msg = "TOOL MISSING: " + tool + " (install wireshark-common/tshark/tcpdump; .ci/run does)";
        System.err.println("*** " + msg + " ***");
        if (Ci.active()) throw new AssertionError(msg);
        assumeTrue(false, msg);
    }

    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Runs a command and returns its stdout; stderr is discarded. Fails on timeout. */
    public static Result run(long timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public record Result(int exitCode, String stdout) {
        public List<String> lines() {
            return new ArrayList<>(stdout.lines().toList());
        }
    }
}
