package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorMetricsTest {
    @Test
    void theStatsCountersAreServedForPrometheusOnLoopback() throws Exception {
        try (SensorMetrics m = new SensorMetrics(new InetSocketAddress("127.0.0.1", 0))) {
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("capture.kernel_packets", 1942L);
            counters.put("capture.kernel_drops", 0L);
            counters.put("capture.ring_drops", 7L);
            counters.put("worker.1.load_percent", 35L);
            m.update(counters);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + m.address().getPort();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).containsPattern("(?m)^vigil_capture_kernel_packets 1942(\\.0)?$")
                    .containsPattern("(?m)^vigil_capture_ring_drops 7(\\.0)?$")
                    .containsPattern("(?m)^vigil_worker_1_load_percent 35(\\.0)?$")
                    .contains("# TYPE vigil_capture_kernel_drops gauge");
            // the next stats record's figures replace the last ones
            counters.put("capture.ring_drops", 9L);
            m.update(counters);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .containsPattern("(?m)^vigil_capture_ring_drops 9(\\.0)?$");
            // anything else is refused
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/admin")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }
}
