package dev.vigil.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * tshark's output for a capture, kept under {@code target/tshark-cache} and keyed by the capture (absolute
 * path, size, modification time), the command, the extra environment and the tshark version. Starting
 * tshark costs about half a CPU-second, and the oracle tests ask it about hundreds of captures; the same
 * question asked again in the same build (another test class, another run on a developer machine) is
 * answered from the file. {@code VIGIL_TSHARK_CACHE=off} (or the older {@code VIGIL_ORACLE_CACHE=off})
 * always reruns tshark. A clean clone starts empty, so the saving in CI comes from asking less.
 */
public final class TsharkCache {
    private TsharkCache() {}

    /** {@code target/tshark-cache}, or {@code $VIGIL_TSHARK_CACHE_DIR} to keep answers across clean clones. */
    static final Path DIR = dir();
    private static volatile String version;

    /** A tshark run's exit code and stdout (stderr is discarded). */
    public record Output(int exitCode, String text) {
        public List<String> lines() {
            return new ArrayList<>(text.lines().toList());
        }
    }

    /** The first line of {@code tshark -v}: part of every key, so an upgrade does not reuse old answers. */
    public static String version() {
        if (version == null) version = Tools.run(60, "tshark", "-v").lines().stream().findFirst().orElse("unknown");
        return version;
    }

    /** Runs {@code cmd}, which reads {@code capture}, or returns its cached output. */
    public static Output run(Path capture, List<String> cmd) {
        return run(capture, cmd, Map.of(), 600);
    }

    /**
     * As {@link #run(Path, List)}, with extra environment variables (e.g. {@code LC_ALL=C}) and a timeout;
     * a timeout or a tshark that cannot start fails the test.
     */
    public static Output run(Path capture, List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        Path cached = cacheFile(capture, cmd, env);
        try {
            if (cached != null && Files.isRegularFile(cached)) {
                String all = Files.readString(cached);
                int nl = all.indexOf('\n');
                return new Output(Integer.parseInt(all.substring(0, nl).trim()), all.substring(nl + 1));
            }
            Output out = exec(cmd, env, timeoutSeconds);
            if (cached != null) {
                Files.createDirectories(cached.getParent());
                Path tmp = Files.createTempFile(cached.getParent(), "run", ".tmp");
                Files.writeString(tmp, out.exitCode() + "\n" + out.text());
                Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("tshark cache: " + e, e);
        }
    }

    private static Output exec(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path dir() {
        String d = System.getenv("VIGIL_TSHARK_CACHE_DIR");
        return d != null && !d.isBlank() ? Path.of(d) : Path.of("target", "tshark-cache");
    }

    private static boolean disabled() {
        for (String var : List.of("VIGIL_TSHARK_CACHE", "VIGIL_ORACLE_CACHE")) {
            String mode = System.getenv(var);
            if (mode != null && (mode.equalsIgnoreCase("off") || mode.equals("0"))) return true;
        }
        return false;
    }

    private static Path cacheFile(Path capture, List<String> cmd, Map<String, String> env) {
        if (disabled()) return null;
        try {
            StringBuilder id = new StringBuilder();
            id.append(capture.toAbsolutePath()).append('\0').append(Files.size(capture)).append('\0')
                    .append(Files.getLastModifiedTime(capture).toMillis()).append('\0').append(version());
            for (String c : cmd) id.append('\0').append(c);
            for (var e : new TreeMap<>(env).entrySet()) id.append('\0').append(e.getKey()).append('=').append(e.getValue());
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.toString().getBytes(StandardCharsets.UTF_8));
            return DIR.resolve(HexFormat.of().formatHex(digest) + ".txt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            return null; // an unreadable capture: let tshark say so
        }
    }
}
