package dev.vigil.pipeline;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live sensor's figures for Prometheus: every counter of the periodic {@code stats} record as a gauge
 * named after it ({@code capture.kernel_drops} is {@code vigil_capture_kernel_drops}), served at
 * {@code GET /metrics} in Prometheus' text format by Micrometer's registry. The values are those of the
 * last stats record, so a scrape never waits for the workers. One thread serves; anything but GET
 * /metrics gets a 404 or 405.
 */
public final class SensorMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final HttpServer server;

    public SensorMetrics(InetSocketAddress bind) throws IOException {
        server = HttpServer.create(bind, 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().add("Allow", "GET");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The address it listens on (the port chosen when asked for 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Takes the figures of a stats record. */
    public void update(Map<String, Long> counters) {
        counters.forEach((name, value) -> values.computeIfAbsent(name, this::register).set(value));
    }

    private AtomicLong register(String name) {
        AtomicLong v = new AtomicLong();
        Gauge.builder("vigil." + name, v, AtomicLong::get).register(registry);
        return v;
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
