package dev.vigil.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the test run: initdb in a temp dir, started on a free port of
 * 127.0.0.1, stopped and deleted when the JVM ends. Each test gets its own schema. As root (the CI
 * machines) the server runs as the {@code postgres} OS user, since initdb refuses root.
 * Without PostgreSQL the test is skipped loudly, and fails under CI.
 */
public final class TestPostgres {
    private static final String USER = "vigil";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static TestPostgres instance;
    private static String unavailable;

    private final Path base;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;

    private TestPostgres(Path base, Path bin, boolean asPostgresUser, int port) {
        this.base = base;
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** A fresh, empty schema on the shared server, as a JDBC URL whose search_path is that schema. */
    public static synchronized String freshSchemaUrl() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (Exception e) {
                unavailable = "PostgreSQL could not be started: " + e.getMessage();
            }
        }
        if (instance == null) {
            System.err.println("*** POSTGRESQL MISSING: " + unavailable + " ***");
            if (Ci.active()) throw new AssertionError(unavailable);
            assumeTrue(false, unavailable);
        }
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        String url = "jdbc:postgresql://127.0.0.1:" + instance.port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot create schema: " + e.getMessage(), e);
        }
        return url + "?currentSchema=" + schema;
    }

    public static String user() {
        return USER;
    }

    private static TestPostgres start() throws IOException, InterruptedException {
        Path bin = findBin();
        if (bin == null) throw new IOException("no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Files.createTempDirectory("vigil-pg");
        if (root) {
            UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(base, postgres);
        }
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestPostgres pg = new TestPostgres(base, bin, root, port);
        pg.run("initdb", "-D", base.resolve("data").toString(), "-U", USER, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync");
        pg.run("pg_ctl", "-D", base.resolve("data").toString(), "-l", base.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -h 127.0.0.1 -k " + base + " -F -c max_connections=200", "start");
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "stop-test-postgres"));
        return pg;
    }

    private void stop() {
        try {
            run("pg_ctl", "-D", base.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (Exception e) {
            System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp dir left behind is not worth failing a finished run
        }
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(base.resolve(tool + ".out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(tool + " exited " + p.exitValue() + ": " + Files.readString(base.resolve(tool + ".out")).strip());
        }
    }

    /** Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<major>/bin; prefer the newest. */
    private static Path findBin() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> majors = Files.list(debian)) {
                Path best = majors.map(m -> m.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> major(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (best != null) return best;
            }
        }
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path initdb = Path.of(dir, "initdb");
            if (Files.isExecutable(initdb) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                // a wrapper script or symlink on PATH: run the real binaries from where it points
                return initdb.toRealPath().getParent();
            }
        }
        return null;
    }

    private static int major(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
