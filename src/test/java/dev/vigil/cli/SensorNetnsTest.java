package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Ci;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil sensor} on a real interface: two network namespaces joined by a veth pair, a corpus
 * capture replayed by {@code tcpreplay} into one end, the sensor (a process of its own, in the other
 * namespace) capturing on the other. Nothing leaves the namespaces the test creates. Needs root, iproute2
 * and tcpreplay: under CI their absence fails the test, elsewhere it is skipped loudly.
 */
class SensorNetnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ");

    @TempDir
    Path tmp;

    private final String tag = Long.toString(ProcessHandle.current().pid() % 100000);
    private final String senderNs = "vgl-s" + tag, sensorNs = "vgl-r" + tag;
    private final String senderIf = "vgs" + tag, sensorIf = "vgr" + tag;
    private Process sensor;
    /** What the sensor said on stdout/stderr after it started capturing. */
    private final List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void namespaces() {
        Tools.require("ip");
        Tools.require("tcpreplay");
        boolean root = "0".equals(Tools.run(10, "id", "-u").stdout().trim());
        if (!root) {
            String msg = "NOT ROOT: network namespaces for the live sensor test need root (CI runs as root)";
            System.err.println("*** " + msg + " ***");
            if (Ci.active()) throw new AssertionError(msg);
            assumeTrue(false, msg);
        }
        cleanup();
        sh("ip", "netns", "add", senderNs);
        sh("ip", "netns", "add", sensorNs);
        sh("ip", "link", "add", senderIf, "type", "veth", "peer", "name", sensorIf);
        sh("ip", "link", "set", senderIf, "netns", senderNs);
        sh("ip", "link", "set", sensorIf, "netns", sensorNs);
        for (String[] x : new String[][] {{senderNs, senderIf}, {sensorNs, sensorIf}}) {
            // no addresses and no IPv6: the kernel sends nothing of its own on the link, the sensor sees only the replay
            sh("ip", "netns", "exec", x[0], "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
            sh("ip", "-n", x[0], "link", "set", x[1], "mtu", "9000", "up");
        }
    }

    @AfterEach
    void cleanup() {
        if (sensor != null && sensor.isAlive()) sensor.destroyForcibly();
        // deleting a namespace deletes the veth end in it, and with it the pair
        Tools.run(10, "ip", "netns", "del", senderNs);
        Tools.run(10, "ip", "netns", "del", sensorNs);
    }

    @Test
    void liveRecordsEqualTheFilesAndAnAlertFiresWithinASecond() throws Exception {
        Path pcap = Corpus.file("realistic/ndpi-reddit.pcap");
        Path rules = tmp.resolve("live.rules");
        Files.writeString(rules, "alert tls any any -> any any (msg:\"reddit sni\"; tls.sni; content:\"reddit\"; sid:9000001; rev:1;)\n");
        Path liveOut = tmp.resolve("live");
        // the settings from a vigil.yaml, the interface and output directory from the command line
        Path yaml = tmp.resolve("vigil.yaml");
        Files.writeString(yaml, "sensor: {workers: 2, stats-interval: 1}\nrules: live.rules\noutputs: {eve: {rotate-size-mb: 0}}\n");
        startSensor(liveOut, "512m", "--config", yaml.toString());

        Path eve = liveOut.resolve("eve.json");
        // when each alert line first shows in the file, by the wall clock (polled every 10 ms)
        Map<String, Long> alertSeen = new HashMap<>();
        AtomicLong stop = new AtomicLong();
        Thread tail = Thread.ofPlatform().start(() -> tailAlerts(eve, alertSeen, stop));
        Tools.Result replay = Tools.run(120, "ip", "netns", "exec", senderNs, "tcpreplay", "-i", senderIf, "--pps", "1000", pcap.toString());
        assertThat(replay.exitCode()).as(replay.stdout()).isZero();
        assertThat(replay.stdout()).contains("Successful packets:        1942");
        Thread.sleep(1500);
        stop.set(1);
        tail.join();
        stopSensor();

        List<JsonNode> live = records(eve);
        for (JsonNode r : live) {
            assertThat(dev.vigil.testing.EveJson.schema(r.path("event_type").asText()).validate(r)).as(r.toString()).isEmpty();
        }
        Path fileOut = tmp.resolve("file");
        assertThat(Main.run("analyze", "--workers", "2", "-S", rules.toString(), "-l", fileOut.toString(), "--no-progress", pcap.toString())).isZero();
        List<JsonNode> file = records(fileOut.resolve("eve.json"));

        // flow and app-layer records: equal but for what depends on the clock (times, flow ids, end reasons)
        Map<String, Integer> fromFile = counts(file), fromLive = counts(live);
        int fileTotal = fromFile.values().stream().mapToInt(Integer::intValue).sum();
        int common = 0;
        for (Map.Entry<String, Integer> e : fromFile.entrySet()) common += Math.min(e.getValue(), fromLive.getOrDefault(e.getKey(), 0));
        assertThat(fileTotal).as("flow and app records of the file").isGreaterThan(100);
        assertThat((double) common / fileTotal).as("share of the file's records the live sensor wrote alike").isGreaterThanOrEqualTo(0.99);
        int liveTotal = fromLive.values().stream().mapToInt(Integer::intValue).sum();
        assertThat((double) common / liveTotal).as("and no records of its own").isGreaterThanOrEqualTo(0.99);

        // the rule's alert: fired live as on the file, and was in eve.json within a second of its packet
        List<JsonNode> liveAlerts = live.stream().filter(SensorNetnsTest::signatureAlert).toList();
        long fileAlerts = file.stream().filter(SensorNetnsTest::signatureAlert).count();
        assertThat(fileAlerts).isPositive();
        assertThat((long) liveAlerts.size()).isEqualTo(fileAlerts);
        synchronized (alertSeen) {
            assertThat(alertSeen).hasSize(liveAlerts.size());
            for (JsonNode a : liveAlerts) {
                long packetMillis = OffsetDateTime.parse(a.path("timestamp").asText(), EVE_TIME).toInstant().toEpochMilli();
                long seen = alertSeen.get(a.path("flow_id").asLong() + "@" + a.path("timestamp").asText());
                assertThat(seen - packetMillis).as("alert in eve.json after its packet, ms").isLessThan(1000);
            }
        }

        // the capture's own counters: every frame seen, none dropped
        JsonNode stats = live.stream().filter(r -> r.path("event_type").asText().equals("stats")).reduce((x, y) -> y).orElseThrow();
        assertThat(stats.at("/stats/capture/frames").asLong()).isEqualTo(1942);
        assertThat(stats.at("/stats/capture/kernel_drops").asLong()).isZero();
        assertThat(stats.at("/stats/capture/ring_drops").asLong()).isZero();
        assertThat(stats.at("/stats/decoder/pkts").asLong()).isEqualTo(1942);
        assertThat(stats.at("/stats/worker/1/pkts").isMissingNode()).as("two workers, as vigil.yaml says").isFalse();
        assertThat(live.stream().filter(r -> r.path("event_type").asText().equals("stats")).count()).as("a stats record a second").isGreaterThan(2);
    }

    @Test
    void anArpSweepOnTheWireIsReportedWithinSecondsByTheBehaviouralDetectors() throws Exception {
        Path pcap = Corpus.root().resolve("behavior/slips-test8-arp-scan/test8-malicious.pcap");
        Path out = tmp.resolve("arp");
        startSensor(out, "512m", "--workers", "2");
        Tools.Result replay = Tools.run(120, "ip", "netns", "exec", senderNs, "tcpreplay", "-i", senderIf, "--pps", "500", pcap.toString());
        assertThat(replay.exitCode()).as(replay.stdout()).isZero();
        long replayed = System.currentTimeMillis();
        Path eve = out.resolve("eve.json");
        JsonNode sweep = null;
        // live, the detectors wait a few seconds for stragglers (live_lateness_seconds: 5), then write what they found
        while (sweep == null && System.currentTimeMillis() - replayed < 20_000) {
            Thread.sleep(200);
            if (!Files.exists(eve)) continue;
            for (JsonNode r : records(eve)) if (r.path("event_type").asText().equals("alert") && r.has("behavior")) sweep = r;
        }
        long seenAfter = System.currentTimeMillis() - replayed;
        stopSensor();
        assertThat(sweep).as("a behavioural alert while the sensor still ran").isNotNull();
        assertThat(sweep.at("/alert/signature_id").asInt()).isEqualTo(7100032);
        assertThat(sweep.path("src_ip").asText()).isEqualTo("192.168.1.247");
        assertThat(sweep.path("proto").asText()).isEqualTo("ARP");
        assertThat(seenAfter).as("ms from the end of the replay to the alert in eve.json").isLessThan(10_000);
        assertThat(dev.vigil.testing.EveJson.schema("alert").validate(sweep)).isEmpty();
    }

    @Test
    void liveHttpDnsFtpSshAndSmbRecordsEqualTheFiles() throws Exception {
        // HTTP with files; DNS, FTP, HTTP and SSH on their ports; SMB2 with files
        for (String capture : List.of("realistic/zeek-bro.org.pcap", "realistic/zeek-var-services-std-ports.pcap", "realistic/sv-smb2-peter.pcap")) {
            // the SMB capture was taken on a host that left its checksums to the NIC: a file's sample shows it
            // before the first packet, a live sensor only after its first 1,000 packets (more than the capture
            // has), validating meanwhile as Suricata does; both are told here instead
            String checks = capture.contains("smb2") ? "none" : "auto";
            Path pcap = Corpus.file(capture);
            Path out = tmp.resolve("live-" + pcap.getFileName());
            startSensor(out, "512m", "--workers", "2", "-k", checks);
            Tools.Result replay = Tools.run(120, "ip", "netns", "exec", senderNs, "tcpreplay", "-i", senderIf, "--pps", "1000", pcap.toString());
            assertThat(replay.exitCode()).as(replay.stdout()).isZero();
            Thread.sleep(1000);
            stopSensor();
            Path fileOut = tmp.resolve("file-" + pcap.getFileName());
            assertThat(Main.run("analyze", "--workers", "2", "-k", checks, "-l", fileOut.toString(), "--no-progress", pcap.toString())).isZero();
            Map<String, Integer> fromFile = counts(records(fileOut.resolve("eve.json"))), fromLive = counts(records(out.resolve("eve.json")));
            int fileTotal = fromFile.values().stream().mapToInt(Integer::intValue).sum();
            int liveTotal = fromLive.values().stream().mapToInt(Integer::intValue).sum();
            int common = 0;
            for (Map.Entry<String, Integer> e : fromFile.entrySet()) common += Math.min(e.getValue(), fromLive.getOrDefault(e.getKey(), 0));
            assertThat(fileTotal).as(capture).isGreaterThan(20);
            assertThat((double) common / fileTotal).as("%s: share of the file's records written alike live", capture).isGreaterThanOrEqualTo(0.99);
            assertThat((double) common / liveTotal).as("%s: and no records of its own", capture).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void overloadIsCountedAsDropsAndMemoryStaysWithinItsCaps() throws Exception {
        // one SMB transfer replayed 20 times as fast as the veth takes it, into one worker with a 1 MiB kernel
        // buffer and a 1 MiB ring: the sensor cannot keep up and must say so, not grow
        Path pcap = Corpus.file("realistic/sv-filecontainer-smb.pcap");
        Path out = tmp.resolve("overload");
        startSensor(out, "256m", "--workers", "1", "--ring-size", "1", "--buffer-size", "1", "--stats-interval", "1");
        long sent = 20 * 7276;
        Tools.Result replay = Tools.run(180, "ip", "netns", "exec", senderNs, "tcpreplay", "-i", senderIf, "--topspeed", "--loop", "20", pcap.toString());
        assertThat(replay.exitCode()).as(replay.stdout()).isZero();
        assertThat(replay.stdout()).contains("Successful packets:        " + sent);
        Thread.sleep(2500);
        assertThat(sensor.isAlive()).as("the sensor is still up").isTrue();
        long peakRss = peakRssKiB(sensor.pid());
        stopSensor();

        List<JsonNode> stats = records(out.resolve("eve.json")).stream().filter(r -> r.path("event_type").asText().equals("stats")).toList();
        assertThat(stats.size()).isGreaterThan(2);
        JsonNode last = stats.getLast().path("stats");
        long frames = last.at("/capture/frames").asLong(), kernelDrops = last.at("/capture/kernel_drops").asLong();
        long ringDrops = last.at("/capture/ring_drops").asLong();
        assertThat(kernelDrops + ringDrops).as("drops reported").isPositive();
        // every packet sent is accounted for: dropped by the kernel, dropped at the ring, or decoded
        assertThat(frames + kernelDrops).isEqualTo(sent);
        assertThat(last.at("/decoder/pkts").asLong() + ringDrops).isEqualTo(frames);
        assertThat(last.at("/worker/0/ring_drops").asLong()).isEqualTo(ringDrops);
        // drops are reported while they happen, not only at the end
        assertThat(stats.subList(0, stats.size() - 1)).anySatisfy(r -> assertThat(r.at("/stats/capture/ring_drops").asLong()
                + r.at("/stats/capture/kernel_drops").asLong()).isPositive());
        // the memcaps held, and the process stayed within its heap cap plus the JVM's own and the two buffers
        for (JsonNode r : stats.subList(0, stats.size() - 1)) {
            JsonNode s = r.path("stats");
            if (s.at("/flow/memcap").isMissingNode()) continue;
            assertThat(s.at("/flow/memuse").asLong()).isLessThanOrEqualTo(s.at("/flow/memcap").asLong());
            assertThat(s.at("/tcp/reassembly_memuse").asLong()).isLessThanOrEqualTo(s.at("/tcp/reassembly_memcap").asLong());
        }
        assertThat(peakRss).as("peak RSS, KiB").isPositive().isLessThan((256 + 256) * 1024);
    }

    @Test
    void rulesReplacedUnderLoadOnSighupWithoutAPacketLost() throws Exception {
        // an iodine DNS tunnel replayed 12 times at 400 packets/s; the rules are replaced halfway
        Path pcap = Corpus.file("dns/ndpi-dns-tunnel-iodine.pcap");
        Path rules = tmp.resolve("reload.rules");
        String match = "content:\"|06|pirate|03|sea\"; nocase;";
        Files.writeString(rules, "alert udp any any -> any 53 (msg:\"old rules\"; " + match + " sid:1;)\n");
        Path out = tmp.resolve("reload");
        startSensor(out, "512m", "--workers", "2", "--stats-interval", "1", "-S", rules.toString());
        int loops = 12;
        Thread replay = Thread.ofPlatform().start(() -> Tools.run(120, "ip", "netns", "exec", senderNs, "tcpreplay", "-i", senderIf,
                "--pps", "400", "--loop", Integer.toString(loops), pcap.toString()));
        Thread.sleep(5000);
        Files.writeString(rules, "alert udp any any -> any 53 (msg:\"new rules\"; " + match + " sid:2;)\n");
        long asked = System.currentTimeMillis();
        assertThat(Tools.run(10, "kill", "-HUP", Long.toString(sensor.pid())).exitCode()).isZero();
        long deadline = System.currentTimeMillis() + 30_000, done = 0;
        while (done == 0 && System.currentTimeMillis() < deadline) {
            synchronized (said) {
                if (said.stream().anyMatch(l -> l.contains("rules reloaded"))) done = System.currentTimeMillis();
            }
            Thread.sleep(5);
        }
        assertThat(done).as("the sensor said it reloaded: %s", said).isPositive();
        assertThat(replay.isAlive()).as("the reload happened under load").isTrue();
        replay.join();
        Thread.sleep(1500);
        stopSensor();

        List<JsonNode> records = records(out.resolve("eve.json"));
        List<JsonNode> alerts = records.stream().filter(SensorNetnsTest::signatureAlert).toList();
        List<Long> oldTimes = new ArrayList<>(), newTimes = new ArrayList<>();
        for (JsonNode a : alerts) {
            long t = OffsetDateTime.parse(a.path("timestamp").asText(), EVE_TIME).toInstant().toEpochMilli();
            (a.at("/alert/signature_id").asLong() == 1 ? oldTimes : newTimes).add(t);
        }
        assertThat(oldTimes).as("old rules alerted before the reload").isNotEmpty();
        assertThat(newTimes).as("new rules alerted after it").isNotEmpty();
        // each packet met one rule set, with one switch in the packets' order: the old rules up to it, the new
        // from it. The switch lies between the SIGHUP and the reload's end, less what a packet waits before a
        // worker sees it: timestamps are the kernel's, and frames reach the sensor in blocks the kernel hands
        // over at the latest every read timeout (100 ms)
        long lastOld = oldTimes.stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstNew = newTimes.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(lastOld).isLessThan(firstNew);
        assertThat(lastOld).isLessThanOrEqualTo(done);
        assertThat(firstNew).isGreaterThanOrEqualTo(asked - 250);
        // no gap: every packet sent was decoded, none dropped, all of them alerting queries inspected
        JsonNode stats = records.stream().filter(r -> r.path("event_type").asText().equals("stats")).reduce((x, y) -> y).orElseThrow().path("stats");
        long sent = (long) loops * 438;
        assertThat(stats.at("/capture/frames").asLong()).isEqualTo(sent);
        assertThat(stats.at("/decoder/pkts").asLong()).isEqualTo(sent);
        assertThat(stats.at("/capture/kernel_drops").asLong() + stats.at("/capture/ring_drops").asLong()).isZero();
        assertThat(stats.at("/detect/engine/reloads").asLong()).isEqualTo(1);
        long queries = (long) loops * countQueries(pcap);
        assertThat((long) alerts.size()).as("one alert per query to port 53, old or new rules").isEqualTo(queries);
    }

    /** Packets to UDP port 53 naming pirate.sea, as tshark counts them. */
    private static long countQueries(Path pcap) {
        Tools.require("tshark");
        Tools.Result r = Tools.run(60, "tshark", "-r", pcap.toString(), "-Y", "udp.dstport == 53 && frame contains \"pirate\"", "-T", "fields", "-e", "frame.number");
        return r.lines().stream().filter(l -> !l.isBlank()).count();
    }

    /** The process's peak resident set (VmHWM), KiB. */
    private static long peakRssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new AssertionError("no VmHWM for " + pid);
    }

    private void startSensor(Path out, String heap, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sensorNs,
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED", "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main", "sensor", "-i", sensorIf, "-l", out.toString()));
        cmd.addAll(List.of(options));
        sensor = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(sensor.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder early = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = r.readLine();
            if (line == null) break;
            early.append(line).append('\n');
            if (line.contains("capturing on")) {
                // keep draining its output so that it never blocks on a full pipe
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        String l;
                        while ((l = r.readLine()) != null) said.add(l);
                    } catch (IOException e) {
                        // the sensor is gone
                    }
                });
                return;
            }
        }
        throw new AssertionError("the sensor did not start capturing:\n" + early);
    }

    private void stopSensor() throws InterruptedException {
        // SIGTERM: the sensor ends its flows and writes its last records before it exits
        sensor.destroy();
        assertThat(sensor.waitFor(60, TimeUnit.SECONDS)).as("the sensor exits on SIGTERM").isTrue();
    }

    private static void tailAlerts(Path eve, Map<String, Long> seen, AtomicLong stop) {
        long read = 0;
        StringBuilder partial = new StringBuilder();
        while (stop.get() == 0) {
            try {
                if (Files.exists(eve) && Files.size(eve) > read) {
                    byte[] all = Files.readAllBytes(eve);
                    long now = System.currentTimeMillis();
                    partial.append(new String(all, (int) read, all.length - (int) read, StandardCharsets.UTF_8));
                    read = all.length;
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, nl);
                        partial.delete(0, nl + 1);
                        if (line.contains("\"event_type\":\"alert\"") && !line.contains("\"behavior\":{")) {
                            synchronized (seen) {
                                JsonNode a = JSON.readTree(line);
                                seen.putIfAbsent(a.path("flow_id").asLong() + "@" + a.path("timestamp").asText(), now);
                            }
                        }
                    }
                }
                Thread.sleep(10);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** An alert of a rule (the behavioural detectors' findings carry a behavior object and are checked on their own). */
    private static boolean signatureAlert(JsonNode r) {
        return r.path("event_type").asText().equals("alert") && !r.has("behavior");
    }

    private static List<JsonNode> records(Path eve) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(eve)) if (!line.isBlank()) out.add(JSON.readTree(line));
        return out;
    }

    /** Flow and app-layer records (no stats, no alerts) without their clock-dependent fields, counted. */
    private static Map<String, Integer> counts(List<JsonNode> records) {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode r : records) {
            String type = r.path("event_type").asText();
            if (type.equals("stats") || type.equals("alert")) continue;
            ObjectNode o = r.deepCopy();
            o.remove(List.of("timestamp", "flow_id", "pcap_cnt", "parent_id"));
            if (o.get("flow") instanceof ObjectNode f) f.remove(List.of("start", "end", "age", "reason"));
            m.merge(canonical(o), 1, Integer::sum);
        }
        return m;
    }

    private static String canonical(JsonNode n) {
        try {
            return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsString(JSON.convertValue(n, Object.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sh(String... cmd) {
        Tools.Result r = Tools.run(30, cmd);
        if (r.exitCode() != 0) throw new AssertionError("failed (" + r.exitCode() + "): " + String.join(" ", cmd));
    }
}
