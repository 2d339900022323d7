package dev.vigil.intel.taxii;

import static dev.vigil.intel.taxii.TaxiiTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's retries, fallback paging, incremental pulls and adds, against real loopback servers. */
class TaxiiClientTest {
    private HttpServer fake;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (fake != null) fake.stop(0);
    }

    /** A loopback server answering every request with what {@code answer} returns for the request number (1-based). */
    private URI fakeServer(Function<Integer, Reply> answer) throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", (HttpExchange ex) -> {
            Reply r = answer.apply(requests.incrementAndGet());
            byte[] b = r.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", TaxiiMediaTypes.TAXII_21);
            r.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) ex.getResponseBody().write(b);
            ex.close();
        });
        fake.start();
        return URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/");
    }

    record Reply(int status, Map<String, String> headers, String body) {}

    private TaxiiClient client(int attempts) {
        return TaxiiClient.builder().basic("alice", ALICE_PASSWORD).retry(attempts, Duration.ofMillis(100), Duration.ofSeconds(10))
                .requestTimeout(Duration.ofSeconds(10)).sleeper(sleeps::add).build();
    }

    @Test
    void retriesServerErrorsWithGrowingJitteredBackoffThenSucceeds() throws Exception {
        URI base = fakeServer(n -> n <= 3 ? new Reply(503, Map.of(), "{\"title\":\"Busy\"}") : new Reply(200, Map.of(), "{\"title\":\"Fake\"}"));
        ObjectNode d = client(5).discovery(base.resolve("taxii2/"));
        assertThat(d.path("title").asText()).isEqualTo("Fake");
        assertThat(requests.get()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        // attempt k waits within [base*2^(k-1)/2, base*2^(k-1)]
        for (int k = 0; k < 3; k++) assertThat(sleeps.get(k).toMillis()).isBetween(50L << k, 100L << k);
    }

    @Test
    void honoursRetryAfterOn429AndGivesUpAfterTheLastAttemptNamingUrlAndTitle() throws Exception {
        URI base = fakeServer(n -> new Reply(429, Map.of("Retry-After", "7"), "{\"title\":\"Too many requests\",\"http_status\":\"429\"}"));
        URI url = base.resolve("taxii2/");
        assertThatThrownBy(() -> client(3).discovery(url)).isInstanceOfSatisfying(TaxiiClientException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.taxiiTitle()).isEqualTo("Too many requests");
            assertThat(e.url()).isEqualTo(url);
            assertThat(e.getMessage()).contains(url.toString()).contains("Too many requests");
        });
        assertThat(requests.get()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        URI base = fakeServer(n -> new Reply(403, Map.of(), "{\"title\":\"Forbidden\",\"http_status\":\"403\"}"));
        assertThatThrownBy(() -> client(5).discovery(base.resolve("taxii2/"))).isInstanceOfSatisfying(TaxiiClientException.class,
                e -> assertThat(e.taxiiTitle()).isEqualTo("Forbidden"));
        assertThat(requests.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void connectionFailuresAreRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/taxii2/");
        assertThatThrownBy(() -> client(4).discovery(url)).isInstanceOfSatisfying(TaxiiClientException.class, e -> {
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains(url.toString());
        });
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void fallsBackToDateAddedLastOnlyWhenAServerOmitsNext() throws Exception {
        List<String> queries = new CopyOnWriteArrayList<>();
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            queries.add(q == null ? "" : q);
            boolean first = q == null || !q.contains("added_after");
            String body = first ? "{\"more\":true,\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--a\"}]}"
                    : "{\"more\":false,\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--b\"}]}";
            ex.getResponseHeaders().set("X-TAXII-Date-Added-First", first ? "2026-01-01T00:00:00.000000Z" : "2026-01-02T00:00:00.000000Z");
            ex.getResponseHeaders().set("X-TAXII-Date-Added-Last", first ? "2026-01-01T00:00:00.000000Z" : "2026-01-02T00:00:00.000000Z");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        fake.start();
        URI root = URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/api/");
        List<String> ids = new ArrayList<>();
        TaxiiClient.PullResult r = client(1).pull(root, "c1", Map.of("match[type]", "indicator"), o -> ids.add(o.path("id").asText()));
        assertThat(ids).containsExactly("indicator--a", "indicator--b");
        assertThat(r.pages()).isEqualTo(2);
        assertThat(queries.get(1)).contains("added_after=2026-01-01T00%3A00%3A00.000000Z").contains("match%5Btype%5D=indicator");
    }

    @Test
    void objectsAPartnerSendsWithDuplicateKeysAreSkippedAndReportedNotTakenLastWins() throws Exception {
        URI base = fakeServer(n -> new Reply(200, Map.of(), n == 1
                ? "{\"more\":true,\"next\":\"p2\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--a\"},"
                        + "{\"type\":\"indicator\",\"id\":\"indicator--b\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern\":\"[ipv4-addr:value = '198.51.100.1']\"},42]}"
                : "{\"more\":false,\"objects\":[{\"type\":\"note\",\"id\":\"note--c\",\"content\":\"\\udc00\"},{\"type\":\"indicator\",\"id\":\"indicator--d\"}]}"));
        List<String> ids = new ArrayList<>();
        TaxiiClient.PullResult r = client(1).pull(base.resolve("api/"), "c", Map.of(), o -> ids.add(o.path("id").asText()));
        assertThat(ids).containsExactly("indicator--a", "indicator--d");
        assertThat(r.pages()).isEqualTo(2);
        assertThat(r.skippedCount()).isEqualTo(3);
        assertThat(r.skipped()).containsExactly("indicator--b: duplicate property 'pattern' (I-JSON requires unique names)",
                "#2: not a JSON object", "note--c: " + dev.vigil.intel.stix.IJson.LONE_SURROGATE);
    }

    @Test
    void aServerThatNeverAdvancesIsStoppedNotLoopedOn() throws Exception {
        URI base = fakeServer(n -> new Reply(200, Map.of("X-TAXII-Date-Added-Last", "2026-01-01T00:00:00Z"), "{\"more\":true,\"next\":\"same\",\"objects\":[]}"));
        assertThatThrownBy(() -> client(1).pull(base.resolve("api/"), "c", Map.of(), o -> {})).isInstanceOf(TaxiiClientException.class)
                .hasMessageContaining("repeated");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void incrementalPullsFetchOnlyWhatIsNewAndAddsWaitForTheirStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MedallionFixture fixture = new MedallionFixture();
        try (TaxiiServer server = new TaxiiServer(TaxiiServerConfig.loopback(partners(fixture.fixtureAccess)), fixture.seed(1000, "alice")).start()) {
            URI root = server.baseUri().resolve(MedallionFixture.ROOT + "/");
            TaxiiClient c = TaxiiClient.builder().basic("alice", ALICE_PASSWORD).build();
            PullState state = new PullState();
            Map<String, String> all = Map.of("match[version]", "all", "match[spec_version]", "2.0,2.1");
            List<ObjectNode> got = new ArrayList<>();
            assertThat(c.pullIncremental(root, MedallionFixture.HIGH_VALUE, state, all, got::add).objects()).isEqualTo(8);
            assertThat(c.pullIncremental(root, MedallionFixture.HIGH_VALUE, state, all, got::add).objects()).isZero();

            List<ObjectNode> fresh = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fresh.add(JsonNodeFactory.instance.objectNode().put("type", "indicator").put("spec_version", "2.1")
                        .put("id", "indicator--0000000" + i + "-1111-4222-8333-444444444444").put("created", "2026-03-01T00:00:00Z")
                        .put("modified", "2026-03-01T00:00:00Z").put("pattern", "[domain-name:value = 'x" + i + ".example']").put("pattern_type", "stix")
                        .put("valid_from", "2026-03-01T00:00:00Z"));
            }
            ObjectNode status = c.addObjects(root, MedallionFixture.HIGH_VALUE, fresh, Duration.ofSeconds(5));
            assertThat(status.path("status").asText()).isEqualTo("complete");
            assertThat(status.path("success_count").asInt()).isEqualTo(3);

            state.save(dir.resolve("pull.properties"));
            PullState reloaded = PullState.load(dir.resolve("pull.properties"));
            got.clear();
            assertThat(c.pullIncremental(root, MedallionFixture.HIGH_VALUE, reloaded, all, got::add).objects()).isEqualTo(3);
            assertThat(got).extracting(o -> o.path("id").asText()).containsExactlyInAnyOrderElementsOf(fresh.stream().map(o -> o.path("id").asText()).toList());
            assertThat(c.pullIncremental(root, MedallionFixture.HIGH_VALUE, reloaded, all, got::add).objects()).isZero();
            assertThat(c.collections(root)).hasSize(4);
            assertThat(c.apiRoot(root).path("versions").get(0).asText()).isEqualTo(TaxiiMediaTypes.TAXII_21);
        }
    }
}
