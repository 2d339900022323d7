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

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", required = true, description = "Interface to capture on (repeatable).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = {"-o", "-l", "--output"}, paramLabel = "DIR", description = "Output directory (default: ./vigil-out).")
    Path outDir = Path.of("vigil-out");

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

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: available cores).")
    Integer workers;

    @Option(names = "-S", paramLabel = "RULES", description = "Rules file or directory of *.rules (Suricata's flag).")
    Path rules;

    @Option(names = "-c", paramLabel = "YAML", description = "suricata.yaml: the eve-log types and app-layer protocol switches are honoured.")
    Path suricataYaml;

    @Option(names = "-k", paramLabel = "MODE", description = "Checksum checks: auto (default: all, until the first packets show offloading), all, or none.")
    String checksumMode = "auto";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (flow.memcap, defrag.memcap, flow-timeouts.*).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        SensorConfig config = new SensorConfig();
        if (workers != null) config.workers = Math.max(1, workers);
        if (checksumMode.equalsIgnoreCase("none")) config.checksumValidation = false;
        else if (checksumMode.equalsIgnoreCase("all")) config.checksumAuto = false;
        else if (!checksumMode.equalsIgnoreCase("auto")) {
            System.err.println("vigil sensor: -k takes 'all', 'none' or 'auto', not '" + checksumMode + "'");
            return 2;
        }
        if (snaplen < 64 || bufferMb < 1 || ringMb < 1 || statsInterval < 0) {
            System.err.println("vigil sensor: --snaplen must be >= 64, --buffer-size and --ring-size >= 1, --stats-interval >= 0");
            return 2;
        }
        if (suricataYaml != null) {
            for (String n : SuricataYamlConfig.apply(suricataYaml, config)) System.err.println("vigil: " + n);
        }
        for (String s : sets) {
            String note = Settings.apply(s, config);
            if (note != null) System.err.println("vigil: " + note);
        }
        if (rules != null) RuleSetup.load(rules, config, System.err);
        // rules may change while it runs (SIGHUP): keep the HTTP bodies Suricata inspects whatever today's rules need
        config.app.settings.putIfAbsent(dev.vigil.applayer.http.HttpProtocol.INSPECT_BODY_LIMIT, String.valueOf(100 * 1024));
        LiveCapture.Options capture = new LiveCapture.Options(snaplen, (int) Math.min(Integer.MAX_VALUE, (long) bufferMb << 20),
                LiveCapture.Options.DEFAULT.timeoutMillis(), !noPromisc, false, bpf);
        LiveSensor sensor = new LiveSensor(config, new LiveSensor.Options(interfaces, capture, (long) ringMb << 20, statsInterval));
        Path eve = outDir.resolve("eve.json");
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
        reloadOnHangup(sensor, config);
        try {
            return capture(sensor, eve, config.workers);
        } finally {
            done.countDown();
        }
    }

    /**
     * SIGHUP reloads the {@code -S} rules: built on a thread of their own while the workers go on with the
     * old ones, then taken up by every worker between two packets. A rule set that fails to load leaves the
     * old one in place.
     */
    private void reloadOnHangup(LiveSensor sensor, SensorConfig config) {
        java.util.concurrent.ExecutorService reloader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-reload");
            t.setDaemon(true);
            return t;
        });
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloader.execute(() -> {
                if (rules == null) {
                    System.err.println("vigil: SIGHUP: no -S rules to reload");
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    RuleSetup.Loaded l = RuleSetup.build(rules, config, System.err);
                    boolean all = sensor.reload(l.engine(), l.classifications(), 10_000);
                    System.err.printf("vigil: rules reloaded from %s in %.2f s: %d rules inspected%s%n", rules, (System.nanoTime() - t0) / 1e9,
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
        try (EveSink sink = EveSink.toFile(eve)) {
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
