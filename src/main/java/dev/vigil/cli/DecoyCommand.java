package dev.vigil.cli;

import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.TokenLookup;
import dev.vigil.deception.decoy.TokenUse;
import dev.vigil.deception.decoy.dns.CanaryDnsConfig;
import dev.vigil.deception.decoy.dns.CanaryDnsResponder;
import dev.vigil.deception.decoy.http.HttpDecoy;
import dev.vigil.deception.decoy.http.HttpDecoyConfig;
import dev.vigil.deception.decoy.tcp.BannerDecoy;
import dev.vigil.deception.decoy.tcp.BannerDecoyConfig;
import dev.vigil.deception.token.TokenDirectory;
import dev.vigil.deception.token.TokenFactory;
import dev.vigil.deception.token.TokenStore;
import dev.vigil.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil decoy}: the decoy services (SSH, login portal, canary DNS, FTP/Telnet/Redis/MySQL banners)
 * of a config file, or all of them on loopback, writing every interaction to one EVE file. They know the
 * data directory's honeytokens (re-read every 30 s, so a token made while they run is known at once).
 */
@Command(name = "decoy", mixinStandardHelpOptions = true,
        description = "Run decoy services that record intruders and feed them false information (SSH, HTTP portal, canary DNS, TCP banners).")
public final class DecoyCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "YAML", description = "Decoys and their policy; see docs/DECEPTION.md. Without it every decoy runs on 127.0.0.1 (ssh 2222, portal 8443, dns 5353, ftp 2121, telnet 2323, redis 6380, mysql 3307).")
    Path config;

    @Option(names = {"-o", "-l", "--output"}, paramLabel = "DIR", description = "Directory for eve.json (default: ./vigil-out).")
    Path outDir = Path.of("vigil-out");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory: honeytokens, host keys (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    /** Decoys running, and the log they share; closing stops them all and writes the digest of held-back alerts. */
    public record Running(List<AutoCloseable> decoys, DecoyLog log, java.util.concurrent.ScheduledExecutorService refresh) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            refresh.shutdownNow();
            for (AutoCloseable d : decoys) {
                try {
                    d.close();
                } catch (Exception e) {
                    System.err.println("vigil: closing a decoy: " + e.getMessage());
                }
            }
            log.close();
        }
    }

    /** The tokens of a data directory as decoys see them, swapped for a fresh read every 30 s. */
    static final class LiveTokens implements TokenLookup {
        private final Path dataDir;
        private volatile TokenLookup current = TokenLookup.NONE;

        LiveTokens(Path dataDir) {
            this.dataDir = dataDir;
            refresh();
        }

        void refresh() {
            if (!Files.exists(dataDir.resolve(Database.FILE_NAME))) return;
            try (TokenStore s = TokenStore.open(dataDir)) {
                current = new TokenDirectory(s.active());
            } catch (RuntimeException e) {
                // a store busy with an import: the tokens known so far stay until the next round
                System.err.println("vigil: honeytokens not re-read: " + e.getMessage());
            }
        }

        @Override public TokenUse credential(String user, String password) { return current.credential(user, password); }
        @Override public TokenUse dnsName(String name) { return current.dnsName(name); }
        @Override public TokenUse url(String host, String path) { return current.url(host, path); }
    }

    /** Starts the decoys of {@code cfg}, writing to {@code eve}; on failure nothing is left running. */
    static Running start(DecoyYaml cfg, Path eve, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        // the documents plant their tokens first, so the decoys know them from the first login
        Map<String, byte[]> documents = cfg.ssh().isEmpty() ? Map.of() : DecoyDocumentsSetup.forShell(cfg, dataDir);
        LiveTokens tokens = new LiveTokens(dataDir);
        var refresh = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-decoy-tokens");
            t.setDaemon(true);
            return t;
        });
        refresh.scheduleWithFixedDelay(tokens::refresh, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
        DecoyLog log = new DecoyLog(dev.vigil.output.EveSink.toFile(eve), true, cfg.policy(), tokens, java.time.Clock.systemUTC());
        List<AutoCloseable> started = new ArrayList<>();
        Running running = new Running(started, log, refresh);
        try {
            for (DecoyYaml.Service s : cfg.ssh()) started.add(DecoySsh.start(s, cfg, dataDir, log, documents));
            for (DecoyYaml.Service s : cfg.http()) {
                DecoyYaml.keys(s, "http", Set.of("theme", "server_header", "organisation"));
                HttpDecoy d = HttpDecoy.start(new HttpDecoyConfig(s.name(), s.host(), s.port(), s.settings().path("theme").asText("vpn"),
                        s.settings().path("organisation").asText(cfg.organisation()), s.settings().path("server_header").asText(null), cfg.limits()), log);
                started.add(d);
                System.err.printf("vigil: decoy %s (http portal) on %s:%d%n", s.name(), s.host(), d.port());
            }
            for (DecoyYaml.Service s : cfg.dns()) {
                DecoyYaml.keys(s, "dns", Set.of("zone", "answer", "answer_ipv6", "ttl", "responses_per_second"));
                String zone = s.settings().path("zone").asText(cfg.canaryZone());
                CanaryDnsResponder d = CanaryDnsResponder.start(new CanaryDnsConfig(s.name(), s.host(), s.port(), zone,
                        s.settings().path("answer").asText("127.0.0.1"), s.settings().path("answer_ipv6").asText(null),
                        s.settings().path("ttl").asLong(60), s.settings().path("responses_per_second").asInt(20), cfg.limits()), log);
                started.add(d);
                System.err.printf("vigil: decoy %s (canary DNS for %s) on %s:%d (UDP and TCP)%n", s.name(), zone, s.host(), d.port());
            }
            for (DecoyYaml.Service s : cfg.banners()) {
                DecoyYaml.keys(s, "banner", Set.of("kind", "banner"));
                String kind = s.settings().path("kind").asText("");
                BannerDecoyConfig.Kind k;
                try {
                    k = BannerDecoyConfig.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("banner decoy " + s.name() + ": kind is ftp, telnet, redis or mysql, not '" + kind + "'");
                }
                BannerDecoy d = BannerDecoy.start(new BannerDecoyConfig(s.name(), s.host(), s.port(), k, s.settings().path("banner").asText(null), cfg.limits()), log);
                started.add(d);
                System.err.printf("vigil: decoy %s (%s banner) on %s:%d%n", s.name(), k.appProto, s.host(), d.port());
            }
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    @Override
    public Integer call() throws Exception {
        Path data = DataDir.resolve(dataDir);
        dev.vigil.deception.DeceptionSettings site;
        try {
            site = dev.vigil.deception.DeceptionSettings.load(data);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("vigil decoy: " + e.getMessage());
            return 2;
        }
        String zone = site.canaryZone();
        DecoyYaml cfg;
        try {
            cfg = config == null ? DecoyYaml.loopbackDefaults(zone == null ? TokenFactory.DEFAULT_ZONE : zone, site.organisationName())
                    : DecoyYaml.load(config, zone == null ? TokenFactory.DEFAULT_ZONE : zone, site.organisationName());
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("vigil decoy: --config " + config + ": no such file");
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("vigil decoy: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(outDir);
        Path eve = outDir.resolve("eve.json");
        Running r;
        try {
            r = start(cfg, eve, data);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil decoy: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("vigil decoy: cannot start: " + e.getMessage());
            return 1;
        }
        System.err.println("vigil: decoy records and alerts to " + eve.toAbsolutePath());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                r.close();
            } catch (IOException e) {
                System.err.println("vigil: closing the decoys: " + e.getMessage());
            }
            stop.countDown();
        }, "vigil-decoy-shutdown"));
        stop.await();
        return 0;
    }
}
