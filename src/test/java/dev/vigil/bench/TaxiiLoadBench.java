package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.taxii.MemoryTaxiiBackend;
import dev.vigil.intel.taxii.PasswordHash;
import dev.vigil.intel.taxii.TaxiiMediaTypes;
import dev.vigil.intel.taxii.TaxiiServer;
import dev.vigil.intel.taxii.TaxiiServerConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load on the TAXII server (issue 8's acceptance: GET objects pages of 100 at &ge; 2,000 requests/s with
 * p99 &lt; 50 ms on 2 cores). The server runs on loopback over plain HTTP with a {@link MemoryTaxiiBackend}
 * of 10,000 indicators (bulk-published: five date_added values); N client threads on keep-alive
 * connections each issue {@code GET .../objects/?limit=100}, half of them with a random page's
 * {@code next} token, bearer-authenticated. The client is a minimal blocking HTTP/1.1 reader so that
 * the measured cost is the server's, but it shares the JVM and cores with it. Prints requests/s,
 * latency percentiles and process CPU time per request (the figure to trust on a shared machine).
 * <pre>bin/bench-taxii.sh [threads=8] [seconds=20] [warmupSeconds=5] [objects=10000] [memory|store]</pre>
 * {@code store}: the SQLite-backed backend {@code vigil serve} uses. Both run every object through a TLP filter, as serve does.
 * A sixth argument, writes per second, adds a publisher posting one new indicator at that rate while the
 * partners page (each post changes the store, so no page computed before it is served again).
 */
public final class TaxiiLoadBench {
    private static final String ROOT = "bench";
    private static final String COLL = "1d7f0d9e-2f4b-4b7c-9a52-6a0b1f6c2e11";
    private static final String TOKEN = "bench-token-5b0f8e7c1a2d4e6f";

    private TaxiiLoadBench() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int objects = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        boolean store = args.length > 4 && args[4].equals("store");
        double writesPerSecond = args.length > 5 ? Double.parseDouble(args[5]) : 0;

        TaxiiServerConfig cfg = TaxiiServerConfig.loopback(List.of(new TaxiiServerConfig.PartnerConfig("bench", null, null,
                List.of(PasswordHash.tokenDigest(TOKEN)), Map.of(COLL, "read"))));
        java.nio.file.Path dir = store ? java.nio.file.Files.createTempDirectory("taxii-bench") : null;
        dev.vigil.store.Database db = store ? dev.vigil.store.Database.sqlite(dir) : null;
        dev.vigil.intel.taxii.TaxiiBackend backend = store ? storeBackend(db, objects) : backend(objects);
        // as vigil serve runs it: every object through the partner's TLP filter
        dev.vigil.intel.tlp.MarkingFilter tlp = new dev.vigil.intel.tlp.MarkingFilter(
                dev.vigil.intel.tlp.SharingPolicy.parse("organisation: self\npartners:\n  - id: bench\n    community: true\n", true),
                new dev.vigil.intel.tlp.MarkingDefinitions());
        try (db; TaxiiServer server = new TaxiiServer(cfg, backend, (partner, o) -> tlp.outbound(partner.name(), o)).start()) {
            System.out.println("backend: " + (store ? "SQLite store (" + dir + ")" : "memory") + ", TLP filter on");
            int port = server.port();
            String path = "/" + ROOT + "/collections/" + COLL + "/objects/?limit=100";
            List<String> targets = pageTargets(port, path);
            System.out.printf("TAXII load: %d objects, %d pages of 100, %d client threads, %d s warm-up + %d s measured, %d cores%n",
                    objects, targets.size(), threads, warmup, seconds, Runtime.getRuntime().availableProcessors());
            run(port, targets, threads, warmup, false);
            java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(writesPerSecond > 0);
            java.util.concurrent.atomic.AtomicLong posted = new java.util.concurrent.atomic.AtomicLong();
            Thread publisher = new Thread(() -> {
                List<ObjectNode> fresh = objects(objects + 100_000).subList(objects, objects + 100_000);
                long every = (long) (1e9 / Math.max(writesPerSecond, 1e-9));
                long next = System.nanoTime();
                while (publishing.get() && posted.get() < fresh.size()) {
                    backend.add(ROOT, COLL, List.of(fresh.get((int) posted.getAndIncrement())), "publisher");
                    next += every;
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "publisher");
            if (writesPerSecond > 0) publisher.start();
            long cpu0 = processCpuNanos();
            Result r = run(port, targets, threads, seconds, true);
            long cpu = processCpuNanos() - cpu0;
            publishing.set(false);
            publisher.join();
            if (writesPerSecond > 0) System.out.printf("publisher: %d objects posted during the run (%.1f/s)%n", posted.get(), writesPerSecond);
            long[] lat = r.latencies;
            Arrays.sort(lat);
            double rps = lat.length / (r.elapsedNanos / 1e9);
            System.out.printf("requests: %d in %.1f s = %.0f req/s; errors: %d%n", lat.length, r.elapsedNanos / 1e9, rps, r.errors);
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", pct(lat, 50), pct(lat, 90), pct(lat, 99),
                    pct(lat, 99.9), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
            System.out.printf("process CPU: %.1f s over %.1f s wall (%.2f cores busy), %.0f us CPU per request (server + client)%n", cpu / 1e9,
                    r.elapsedNanos / 1e9, cpu / (double) r.elapsedNanos, cpu / 1e3 / Math.max(1, lat.length));
            System.out.printf("acceptance (>= 2000 req/s, p99 < 50 ms): %s%n", rps >= 2000 && pct(lat, 99) < 50 ? "MET" : "NOT MET");
        }
    }

    /** The same objects in the SQLite store, posted in five batches (five date_added values, as a bulk publish). */
    static dev.vigil.intel.taxii.TaxiiBackend storeBackend(dev.vigil.store.Database db, int n) {
        var roots = new java.util.LinkedHashMap<String, dev.vigil.intel.taxii.StoreTaxiiBackend.ApiRootConfig>();
        roots.put(ROOT, new dev.vigil.intel.taxii.StoreTaxiiBackend.ApiRootConfig("bench", null,
                List.of(new dev.vigil.store.StixCollection(COLL, "bench", null, null, List.of("application/stix+json;version=2.1")))));
        dev.vigil.intel.taxii.StoreTaxiiBackend b = new dev.vigil.intel.taxii.StoreTaxiiBackend(db, roots);
        List<ObjectNode> all = objects(n);
        int per = (all.size() + 4) / 5;
        for (int i = 0; i < all.size(); i += per) b.add(ROOT, COLL, all.subList(i, Math.min(all.size(), i + per)), "bench");
        return b;
    }

    static MemoryTaxiiBackend backend(int n) {
        MemoryTaxiiBackend b = new MemoryTaxiiBackend(n + 1);
        b.addApiRoot(ROOT, JsonNodeFactory.instance.objectNode().put("title", "bench"));
        b.addCollection(ROOT, JsonNodeFactory.instance.objectNode().put("id", COLL).put("title", "bench"));
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<ObjectNode> all = objects(n);
        for (int i = 0; i < n; i++) b.put(ROOT, COLL, all.get(i), base.plusSeconds(i % 5));
        return b;
    }

    static List<ObjectNode> objects(int n) {
        List<ObjectNode> out = new ArrayList<>(n);
        SplittableRandom rnd = new SplittableRandom(42);
                for (int i = 0; i < n; i++) {
            String uuid = new UUID((rnd.nextLong() & ~0xF000L) | 0x4000L, (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + uuid)
                    .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                    .put("name", "bench indicator " + i).put("indicator_types", "malicious-activity")
                    .put("pattern", "[ipv4-addr:value = '10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "']")
                    .put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z");
            // TLP:GREEN, what a community collection holds (unmarked objects count as AMBER and stay home)
            o.putArray("object_marking_refs").add("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
            out.add(o);
        }
        return out;
    }

    /** The first page and every page's next token, found by paging once. */
    static List<String> pageTargets(int port, String path) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (Conn c = new Conn(port)) {
            String target = path;
            while (target != null) {
                out.add(target);
                JsonNode env = json.readTree(c.get(target));
                target = env.path("more").asBoolean() ? path + "&next=" + env.path("next").asText() : null;
            }
        }
        return out;
    }

    record Result(long[] latencies, long elapsedNanos, long errors) {}

    static Result run(int port, List<String> targets, int threads, int seconds, boolean keep) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        long[] errors = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads), go = new CountDownLatch(1), done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                SplittableRandom rnd = new SplittableRandom(id * 7919L + 1);
                try (Conn c = new Conn(port)) {
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        String target = rnd.nextBoolean() ? targets.getFirst() : targets.get(rnd.nextInt(targets.size()));
                        long t0 = System.nanoTime();
                        try {
                            c.get(target);
                        } catch (IOException e) {
                            errors[id]++;
                            continue;
                        }
                        long d = System.nanoTime() - t0;
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = d;
                    }
                } catch (Exception e) {
                    errors[id]++;
                    ready.countDown();
                } finally {
                    lat[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            }, "taxii-bench-" + t);
            th.setDaemon(true);
            th.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long elapsed = System.nanoTime() - t0;
        done.await();
        if (!keep) return new Result(new long[0], elapsed, 0);
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(lat[t], 0, all, pos, counts[t]);
            pos += counts[t];
        }
        return new Result(all, elapsed, Arrays.stream(errors).sum());
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One keep-alive HTTP/1.1 connection; reads Content-Length and chunked bodies. */
    static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final int port;

        Conn(int port) throws IOException {
            this.port = port;
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        byte[] get(String target) throws IOException {
            String req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: " + TaxiiMediaTypes.TAXII_21
                    + "\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) throw new IOException("unexpected status: " + status);
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(h.substring(15).trim());
                if (h.regionMatches(true, 0, "transfer-encoding:", 0, 18) && h.toLowerCase().contains("chunked")) chunked = true;
            }
            if (!chunked) {
                if (length < 0) throw new IOException("no Content-Length");
                return in.readNBytes(length);
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String t = line(); !t.isEmpty(); t = line()) {
                // trailers: none expected
            }
            return body.toByteArray();
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.append((char) c);
            if (c == -1) throw new IOException("connection closed");
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
