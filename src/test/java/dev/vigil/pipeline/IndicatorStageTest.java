package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorField;
import dev.vigil.detect.ioc.IndicatorInfo;
import dev.vigil.detect.ioc.IndicatorSet;
import dev.vigil.detect.ioc.IndicatorSightings;
import dev.vigil.output.EveSink;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.SeenValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Indicators for values a real capture shows (taken from a first run of the sensor without indicators:
 * a DNS name, an HTTP URL, a TLS SNI and JA3, a server address) alert through the right field, once per
 * flow, with the same alerts for 1 and 3 workers; indicators for values the capture does not show stay
 * silent; the sightings count every match.
 */
class IndicatorStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTURE = "realistic/ndpi-android.pcap";

    private static List<JsonNode> run(CaptureFile cf, int workers, IndicatorSet set, IndicatorSightings sightings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EveSink sink = new EveSink(out)) {
            SensorConfig cfg = new SensorConfig();
            cfg.workers = workers;
            cfg.behavior.enabled = false;
            cfg.indicators = set;
            cfg.sightings = sightings;
            new Sensor(cfg).run(List.of(cf), sink, null);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) records.add(JSON.readTree(line));
        return records;
    }

    private static IndicatorInfo info(String name) {
        return new IndicatorInfo("indicator--" + java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name, "2099-01-01T00:00:00Z", 90, List.of("test"), List.of());
    }

    @Test
    void valuesSeenInACaptureAlertThroughTheirField() throws IOException {
        try (CaptureFile cf = CaptureFile.open(Corpus.file(CAPTURE))) {
            List<JsonNode> plain = run(cf, 1, IndicatorSet.EMPTY, null);
            SeenValues seen = SeenValues.of(plain);
            assertThat(seen.complete()).as(CAPTURE + " shows DNS, HTTP and TLS: " + seen).isTrue();
            String dns = seen.dnsName(), url = seen.httpUrl(), ja3 = seen.ja3(), server = seen.tlsServer();
            IndicatorSet set = new IndicatorSet.Builder()
                    .add(info("dns"), List.of(List.of(Atom.equal(IndicatorField.DOMAIN, dns.toUpperCase(java.util.Locale.ROOT) + "."))))
                    .add(info("url"), List.of(List.of(Atom.equal(IndicatorField.URL, url))))
                    .add(info("ja3"), List.of(List.of(Atom.equal(IndicatorField.JA3, ja3))))
                    .add(info("server"), List.of(List.of(Atom.equal(IndicatorField.DST_IP, server), Atom.equal(IndicatorField.DST_PORT, "443"))))
                    .add(info("absent-domain"), List.of(List.of(Atom.equal(IndicatorField.DOMAIN, "never-seen.invalid"))))
                    .add(info("absent-net"), List.of(List.of(Atom.equal(IndicatorField.IP, "192.0.2.0/24"))))
                    .build();
            IndicatorSightings sightings = new IndicatorSightings();
            List<JsonNode> one = run(cf, 1, set, sightings);
            List<JsonNode> three = run(cf, 3, set, null);
            Map<String, TreeSet<String>> byIndicator = alerts(one);
            assertThat(byIndicator.keySet()).containsExactlyInAnyOrder("dns", "url", "ja3", "server");
            assertThat(alerts(three)).isEqualTo(byIndicator);
            for (JsonNode a : one) {
                if (!a.has("indicator")) continue;
                assertThat(a.path("alert").path("signature_id").asInt()).isBetween(7_200_000, 7_209_999);
                assertThat(a.path("alert").path("metadata").path("indicator_id").path(0).asText()).isEqualTo(a.path("indicator").path("id").asText());
                assertThat(a.path("indicator").path("valid_until").asText()).isEqualTo("2099-01-01T00:00:00Z");
                assertThat(a.has("flow_id")).isTrue();
            }
            // once per flow and indicator
            Map<String, Integer> perFlow = new HashMap<>();
            for (JsonNode a : one) if (a.has("indicator")) perFlow.merge(a.path("flow_id").asText() + a.path("indicator").path("id").asText(), 1, Integer::sum);
            assertThat(perFlow.values()).allMatch(n -> n == 1);
            // sightings count matches, alerts or not
            long alertCount = one.stream().filter(a -> a.has("indicator")).count();
            long sighted = sightings.sightings().stream().mapToLong(IndicatorSightings.Sighting::count).sum();
            assertThat(sighted).isGreaterThanOrEqualTo(alertCount);
            assertThat(sightings.sightings()).extracting(s -> s.indicator().name()).containsExactlyInAnyOrder("dns", "url", "ja3", "server");
            JsonNode stats = one.stream().filter(r -> r.path("event_type").asText().equals("stats")).findFirst().orElseThrow();
            assertThat(stats.toString()).contains("\"ioc\"");
        }
    }

    /** indicator name -> the alerts' (flow, field, value), as a set: independent of worker interleaving. */
    private static Map<String, TreeSet<String>> alerts(List<JsonNode> records) {
        Map<String, TreeSet<String>> m = new HashMap<>();
        for (JsonNode a : records) {
            if (!a.has("indicator")) continue;
            JsonNode i = a.path("indicator");
            m.computeIfAbsent(i.path("name").asText(), k -> new TreeSet<>()).add(a.path("flow_id").asText() + " " + i.path("field").asText() + "=" + i.path("value").asText());
        }
        return m;
    }
}
