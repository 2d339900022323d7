package dev.vigil.cli;

import dev.vigil.capture.CaptureException;
import dev.vigil.capture.LiveCapture;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.LiveSensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.pipeline.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil sensor}: live capture from one or more interfaces until SIGINT/SIGTERM, EVE records to
 * {@code eve.json} as they happen. The analysis options are {@code vigil analyze}'s.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = "Capture from network interfaces in real time and write EVE JSON until stopped (SIGINT/SIGTERM).")
public final class SensorCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    AnalysisOptions analysis = new AnalysisOptions();

    @Option(names = "--config", paramLabel = "YAML", description = "vigil.yaml (docs/vigil.yaml documents every key); options given here win over it.")
    Path configFile;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", description = "Interface to capture on (repeatable; or sensor.interfaces in --config).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = {"-o", "-l", "--output"}, paramLabel = "DIR", description = "Output directory (default: ./vigil-out).")
    Path outDir = Path.of("vigil-out");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory: its intel store's active indicators are matched, sightings stored back (default: $VIGIL_HOME or ~/.vigil).")
    Path dataDir;

    @Option(names = "--bpf", paramLabel = "FILTER", description = "BPF filter (tcpdump syntax), applied in the kernel.")
    String bpf;

    @Option(names = "--snaplen", paramLabel = "N", description = "Bytes kept of each frame (default: ${DEFAULT-VALUE}).")
    int snaplen = LiveCapture.Options.DEFAULT.snaplen();

    @Option(names = "--buffer-size", paramLabel = "MB", description = "Kernel capture buffer per interface, MiB (default: ${DEFAULT-VALUE}).")
    int bufferMb = LiveCapture.Options.DEFAULT.bufferBytes() >> 20;

    @Option(names = "--ring-size", paramLabel = "MB", description = "Hand-off ring from each interface to each worker, MiB; a full ring drops and counts (default: ${DEFAULT-VALUE}).")
    int ringMb = 32;

    @Option(names = "--no-promisc", description = "Do not put the interfaces in promiscuous mode.")
    boolean noPromisc;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", description = "Write a stats record this often; 0: only at the end (default: ${DEFAULT-VALUE}).")
    int statsInterval = 8;

    @Option(names = "--rotate-size", paramLabel = "MB", description = "Start a new eve.json when it holds this many MiB (0: never; default: ${DEFAULT-VALUE}).")
    long rotateMb = 0;

    @Option(names = "--rotate-interval", paramLabel = "SECONDS", description = "Start a new eve.json this often (0: never; default: ${DEFAULT-VALUE}).")
    long rotateSeconds = 0;

    @Option(names = "--rotate-keep", paramLabel = "N", description = "Rotated eve.json files kept, the oldest deleted (0: all; default: ${DEFAULT-VALUE}).")
    int rotateKeep = 0;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve the stats counters for Prometheus at http://HOST:PORT/metrics (e.g. 127.0.0.1:9102). Default: off.")
    String metrics;

    /** True when the user gave {@code option} on the command line (it then wins over --config). */
    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Takes from vigil.yaml what the command line did not say. */
    private void applyYaml(SensorYamlConfig y, SensorConfig config) {
        if (y.interfaces() != null && interfaces.isEmpty()) interfaces.addAll(y.interfaces());
        if (y.workers() != null && !given("--workers")) analysis.workers = y.workers();
        if (y.bpf() != null && !given("--bpf")) bpf = y.bpf();
        if (y.snaplen() != null && !given("--snaplen")) snaplen = y.snaplen();
        if (y.bufferMb() != null && !given("--buffer-size")) bufferMb = y.bufferMb();
        if (y.ringMb() != null && !given("--ring-size")) ringMb = y.ringMb();
        if (y.promiscuous() != null && !given("--no-promisc")) noPromisc = !y.promiscuous();
        if (y.statsInterval() != null && !given("--stats-interval")) statsInterval = y.statsInterval();
        if (y.rules() != null && !given("-S")) analysis.rules = y.rules();
        if (y.outputDir() != null && !given("-l")) outDir = y.outputDir();
        if (y.rotateMb() != null && !given("--rotate-size")) rotateMb = y.rotateMb();
        if (y.rotateSeconds() != null && !given("--rotate-interval")) rotateSeconds = y.rotateSeconds();
        if (y.rotateKeep() != null && !given("--rotate-keep")) rotateKeep = y.rotateKeep();
        if (y.checksumChecks() != null && !given("-k")) analysis.checksumMode = y.checksumChecks();
        if (y.metrics() != null && !given("--metrics")) metrics = y.metrics();
        if (y.eveTypes() != null) config.eveTypes = dev.vigil.output.EveTypes.of(y.eveTypes());
        if (y.behavior() != null) config.behavior = y.behavior();
        config.ruleVars.putAll(y.vars());
        // the file's settings first, so that --set on the command line is applied after them and wins
        List<String> both = new ArrayList<>(y.settings());
        both.addAll(analysis.sets);
        analysis.sets = both;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SensorConfig config = new SensorConfig();
        if (configFile != null) {
            try {
                applyYaml(SensorYamlConfig.load(configFile), config);
            } catch (java.nio.file.NoSuchFileException e) {
                System.err.println("vigil sensor: --config " + configFile + ": no such file");
                return 2;
            } catch (IllegalArgumentException e) {
                System.err.println("vigil sensor: --config " + e.getMessage());
                return 2;
            }
        }
        if (interfaces.isEmpty()) {
            System.err.println("vigil sensor: no interface (-i IFACE, or sensor.interfaces in --config)");
            return 2;
        }
        if (snaplen < 64 || bufferMb < 1 || ringMb < 1 || statsInterval < 0 || rotateMb < 0 || rotateSeconds < 0 || rotateKeep < 0) {
            System.err.println("vigil sensor: --snaplen must be >= 64, --buffer-size and --ring-size >= 1, --stats-interval and --rotate-* >= 0");
            return 2;
        }
        String wrong = analysis.applyTo(config, System.err);
        if (wrong != null) {
            System.err.println("vigil sensor: " + wrong);
            return 2;
        }
        // rules may change while it runs (SIGHUP): keep the HTTP bodies Suricata inspects whatever today's rules need
        config.app.settings.putIfAbsent(dev.vigil.applayer.http.HttpProtocol.INSPECT_BODY_LIMIT, String.valueOf(100 * 1024));
        LiveCapture.Options capture = new LiveCapture.Options(snaplen, (int) Math.min(Integer.MAX_VALUE, (long) bufferMb << 20),
                LiveCapture.Options.DEFAULT.timeoutMillis(), !noPromisc, false, bpf);
        Path data = DataDir.resolve(dataDir);
        analysis.loadRules(config, data, System.err);
        IntelSetup.load(data, config, System.err);
        LiveSensor sensor = new LiveSensor(config, new LiveSensor.Options(interfaces, capture, (long) ringMb << 20, statsInterval));
        Path eve = outDir.resolve("eve.json");
        dev.vigil.pipeline.SensorMetrics endpoint = null;
        if (metrics != null && !metrics.isBlank()) {
            int colon = metrics.lastIndexOf(':');
            try {
                endpoint = new dev.vigil.pipeline.SensorMetrics(new java.net.InetSocketAddress(colon > 0 ? metrics.substring(0, colon) : "127.0.0.1",
                        Integer.parseInt(metrics.substring(colon + 1))));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("vigil sensor: --metrics " + metrics + ": " + e.getMessage());
                return 2;
            }
            sensor.onStats(endpoint::update);
            System.err.println("vigil: metrics at http://" + endpoint.address().getHostString() + ":" + endpoint.address().getPort() + "/metrics");
        }
        // SIGINT/SIGTERM: stop capturing, let the workers end every flow and write the last records
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sensor.stop();
            try {
                // the JVM ends when this hook returns: wait for the last records and the summary
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        reloadOnHangup(sensor, config, data);
        try {
            int rc = capture(sensor, eve, config.workers);
            IntelSetup.record(data, config, System.err);
            return rc;
        } finally {
            if (endpoint != null) endpoint.close();
            done.countDown();
        }
    }

    /**
     * SIGHUP reloads the {@code -S} rules: built on a thread of their own while the workers go on with the
     * old ones, then taken up by every worker between two packets. A rule set that fails to load leaves the
     * old one in place.
     */
    private void reloadOnHangup(LiveSensor sensor, SensorConfig config, Path data) {
        java.util.concurrent.ExecutorService reloader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-reload");
            t.setDaemon(true);
            return t;
        });
        try {
            // sun.misc.Signal (module jdk.unsupported, kept by the JDK for exactly this) is Java's only way to a SIGHUP
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloader.execute(() -> {
                Path rules = analysis.rules;
                long t0 = System.nanoTime();
                try {
                    java.util.Map<String, java.util.List<String>> own = analysis.ownRules(data, System.err);
                    if (rules == null && own.isEmpty()) {
                        System.err.println("vigil: SIGHUP: no rules to reload");
                        return;
                    }
                    RuleSetup.Loaded l = RuleSetup.build(rules, own, config, System.err);
                    boolean all = sensor.reload(l.engine(), l.classifications(), 10_000);
                    System.err.printf("vigil: rules reloaded from %s in %.2f s: %d rules inspected%s%n", rules == null ? "the honeytokens" : rules, (System.nanoTime() - t0) / 1e9,
                            l.engine().inspectedRules(), all ? "" : " (a worker has not taken them up yet)");
                } catch (IOException | RuntimeException e) {
                    System.err.println("vigil: SIGHUP: rules not reloaded, the old ones stay: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: SIGHUP cannot be handled here (" + e.getMessage() + "); rules are not reloaded on it");
        }
    }

    private int capture(LiveSensor sensor, Path eve, int workerCount) throws IOException {
        Summary s;
        try (EveSink sink = EveSink.toFile(eve, new dev.vigil.output.RotatingFile.Policy(rotateMb << 20, rotateSeconds * 1000, rotateKeep))) {
            s = sensor.run(sink, () -> System.err.printf("vigil: capturing on %s (%d workers, %s); eve.json: %s%n",
                    String.join(", ", interfaces), workerCount, LiveCapture.libraryVersion(), eve.toAbsolutePath()));
        } catch (CaptureException e) {
            System.err.println("vigil sensor: " + e.getMessage());
            return 1;
        }
        for (String problem : s.problems()) System.err.println("vigil: " + problem);
        System.err.printf("vigil: %,d packets, %,d flows, %,d records; eve.json: %s%n", s.packets(), s.flows(), s.eveRecords(), eve.toAbsolutePath());
        if (!Files.exists(eve)) return 1;
        return s.problems().isEmpty() ? 0 : 1;
    }
}
