package dev.vigil.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.intel.taxii.StoreTaxiiBackend;
import dev.vigil.intel.taxii.TaxiiServer;
import dev.vigil.intel.taxii.TaxiiServerConfig;
import dev.vigil.intel.tlp.MarkingDefinitions;
import dev.vigil.intel.tlp.MarkingFilter;
import dev.vigil.intel.tlp.SharingPolicy;
import dev.vigil.store.Database;
import dev.vigil.store.StixCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil serve}: the data directory's store as a TAXII 2.1 server for partners. Every object a partner
 * reads passes the TLP filter of the sharing policy first (before paging: a partner's pages, {@code more} and
 * date headers only reflect what it may see); without a policy, partners get TLP:CLEAR and GREEN, never AMBER
 * or RED.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the intel store over TAXII 2.1 (HTTPS, HTTP Basic or API tokens, per-collection rights, TLP enforced).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "YAML", description = "Server, partners, API roots and collections; see docs/INTEL.md.")
    Path config;

    @Option(names = "--hash-password", description = "Read a partner's password from standard input and print the passwordHash for the config, then exit.")
    boolean hashPassword;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    /** TAXII status resources are kept this long after their POST (clients poll them soon after), then purged hourly. */
    static final java.time.Duration STATUS_RETENTION = java.time.Duration.ofDays(7);

    /** A running server, the store under it, and the housekeeping that purges old statuses. */
    public record Serving(TaxiiServer server, Database db, java.util.concurrent.ScheduledExecutorService housekeeping) implements AutoCloseable {
        @Override
        public void close() {
            housekeeping.shutdownNow();
            server.close();
            db.close();
        }
    }

    private static java.util.concurrent.ScheduledExecutorService purgeStatuses(Database db) {
        var ex = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-serve-housekeeping");
            t.setDaemon(true);
            return t;
        });
        dev.vigil.store.StatusRepository statuses = new dev.vigil.store.StatusRepository(db);
        ex.scheduleWithFixedDelay(() -> {
            try {
                java.time.Instant before = java.time.Instant.now().minus(STATUS_RETENTION);
                int n = statuses.purgeSavedBefore(before.getEpochSecond() * 1_000_000L + before.getNano() / 1_000);
                if (n > 0) System.err.println("vigil: purged " + n + " TAXII status resources older than " + STATUS_RETENTION.toDays() + " days");
            } catch (RuntimeException e) {
                // a busy or closing store: the next round tries again
                System.err.println("vigil: status purge skipped: " + e.getMessage());
            }
        }, 1, 3600, java.util.concurrent.TimeUnit.SECONDS);
        return ex;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Starts the server described by {@code configFile} on {@code dataDir}'s store. */
    public static Serving start(Path configFile, Path dataDir) throws Exception {
        JsonNode root = YAML.readTree(configFile.toFile());
        if (root == null || !root.isObject()) throw new IllegalArgumentException(configFile + ": not a YAML mapping");
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("server", "api_roots", "sharing_policy").contains(k)) throw new IllegalArgumentException(configFile + ": unknown key " + k);
        }
        TaxiiServerConfig server = YAML.treeToValue(root.path("server"), TaxiiServerConfig.class);
        Map<String, StoreTaxiiBackend.ApiRootConfig> roots = new LinkedHashMap<>();
        for (var e : root.path("api_roots").properties()) {
            List<StixCollection> cols = new ArrayList<>();
            for (JsonNode c : e.getValue().path("collections")) {
                cols.add(new StixCollection(c.path("id").asText(), c.path("title").asText(c.path("id").asText()), c.path("description").asText(null),
                        c.path("alias").asText(null), List.of("application/stix+json;version=2.1")));
            }
            roots.put(e.getKey(), new StoreTaxiiBackend.ApiRootConfig(e.getValue().path("title").asText(e.getKey()), e.getValue().path("description").asText(null), cols));
        }
        if (roots.isEmpty()) throw new IllegalArgumentException(configFile + ": no api_roots");
        SharingPolicy policy = root.hasNonNull("sharing_policy")
                ? SharingPolicy.load(configFile.toAbsolutePath().getParent().resolve(root.path("sharing_policy").asText()))
                : defaultPolicy(server);
        MarkingFilter filter = new MarkingFilter(policy, new MarkingDefinitions());
        Files.createDirectories(dataDir);
        Database db = Database.sqlite(dataDir);
        try {
            TaxiiServer s = new TaxiiServer(server, new StoreTaxiiBackend(db, roots), (partner, o) -> filter.outbound(partner.name(), o)).start();
            return new Serving(s, db, purgeStatuses(db));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Every configured partner is of the community (GREEN), none is granted more. */
    private static SharingPolicy defaultPolicy(TaxiiServerConfig server) throws Exception {
        ObjectNode p = YAML.createObjectNode();
        p.put("organisation", "self");
        ArrayNode partners = p.putArray("partners");
        for (TaxiiServerConfig.PartnerConfig pc : server.partners()) partners.addObject().put("id", pc.name()).put("community", true);
        return SharingPolicy.fromTree(p);
    }

    @Override
    public Integer call() throws Exception {
        if (hashPassword) {
            String pw = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (pw == null || pw.isEmpty()) throw new IllegalArgumentException("no password on standard input");
            System.out.println(dev.vigil.intel.taxii.PasswordHash.hash(pw.toCharArray()));
            return 0;
        }
        if (config == null) throw new IllegalArgumentException("--config is required");
        Serving s = start(config, DataDir.resolve(dataDir));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            stop.countDown();
        }, "vigil-serve-shutdown"));
        System.err.println("vigil: TAXII 2.1 discovery at " + s.server().discoveryUri());
        stop.await();
        return 0;
    }
}
