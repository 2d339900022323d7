package dev.vigil.intel.taxii;

import static dev.vigil.intel.taxii.TaxiiTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.store.Database;
import dev.vigil.store.StixCollection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaxiiServer} over {@link StoreTaxiiBackend} on SQLite, end to end over loopback HTTP. */
class StoreTaxiiServerTest {
    private static final String ROOT = "vigil";
    private static final String COLL = "1d4c9a2e-7b3f-4c1a-9e5d-6f8a0b2c3d4e";
    private static final String RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"; // TLP:RED (2.1)

    @TempDir
    Path tmp;
    private Database db;
    private TaxiiServer server;
    private URI objects;

    @BeforeEach
    void start() {
        db = Database.sqlite(tmp.resolve("data"));
        StoreTaxiiBackend backend = new StoreTaxiiBackend(db, Map.of(ROOT, new StoreTaxiiBackend.ApiRootConfig("Vigil", "shared intel",
                List.of(new StixCollection(COLL, "indicators", null, null, List.of(TaxiiMediaTypes.STIX_21))))));
        // bob is an outside partner: TLP:RED is withheld from him, alice (who posts) sees everything
        TaxiiServerConfig cfg = TaxiiServerConfig.loopback(partners(Map.of(COLL, "read-write"))).withLimits(1000, 1 << 20);
        server = new TaxiiServer(cfg, backend, (partner, o) -> partner.name().equals("bob") && o.toString().contains(RED) ? null : o).start();
        objects = server.baseUri().resolve(ROOT + "/collections/" + COLL + "/objects/");
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    private static ObjectNode indicator(int n, boolean red) {
        ObjectNode o = JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1")
                .put("id", "indicator--%08x-1111-4222-8333-444444444444".formatted(n))
                .put("created", "2024-01-01T00:00:00.000Z").put("modified", "2024-01-01T00:00:00.000Z")
                .put("pattern", "[ipv4-addr:value = '203.0.113." + n + "']").put("pattern_type", "stix").put("valid_from", "2024-01-01T00:00:00Z");
        if (red) o.putArray("object_marking_refs").add(RED);
        return o;
    }

    @Test
    void postThenPageWithNextWhileTheTlpViewWithholdsOneObject() throws Exception {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < 5; i++) list.add(indicator(i, i == 2));
        // one more whose name holds half a surrogate pair: refused alone, the rest stored
        list.add(indicator(5, false).put("name", "beacon LONE domain"));
        // and one with its confidence twice (the second spelt DUPLICATE until the text is written)
        list.add(indicator(6, false).put("confidence", 10).put("DUPLICATE", 95));
        String envelope = JSON.createObjectNode().set("objects", list).toString().replace("LONE", "\\ud800").replace("DUPLICATE", "confidence");
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(objects).POST(HttpRequest.BodyPublishers.ofString(envelope))
                .header("Content-Type", TaxiiMediaTypes.TAXII_21).header("Accept", TaxiiMediaTypes.TAXII_21)
                .header("Authorization", aliceBasic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode status = body(posted);
        assertThat(status.path("success_count").asInt()).isEqualTo(5);
        assertThat(status.path("failures")).hasSize(2).anySatisfy(f -> {
            assertThat(f.path("id").asText()).isEqualTo(id(5));
            assertThat(f.path("message").asText()).contains("surrogate");
        }).anySatisfy(f -> {
            assertThat(f.path("id").asText()).isEqualTo(id(6));
            assertThat(f.path("message").asText()).startsWith("duplicate property 'confidence'");
        });
        assertThat(body(get(server.baseUri().resolve(ROOT + "/status/" + status.path("id").asText() + "/"))).path("total_count").asInt()).isEqualTo(7);

        List<String> bobSees = pageThrough("Bearer " + BOB_TOKEN, 2);
        assertThat(bobSees).containsExactly(id(0), id(1), id(3), id(4));
        assertThat(pageThrough(aliceBasic(), 2)).containsExactly(id(0), id(1), id(2), id(3), id(4));
    }

    /** GETs every page with {@code limit} and {@code next}, checking that more and next agree. */
    private List<String> pageThrough(String auth, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            URI url = URI.create(objects + "?limit=" + limit + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            HttpResponse<String> r = get(url, auth, TaxiiMediaTypes.TAXII_21);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode env = body(r);
            assertThat(env.path("objects").size()).isLessThanOrEqualTo(limit);
            env.path("objects").forEach(o -> ids.add(o.path("id").asText()));
            next = env.path("more").asBoolean() ? env.path("next").asText(null) : null;
            assertThat(env.path("more").asBoolean()).isEqualTo(next != null);
            assertThat(++pages).isLessThan(10);
        } while (next != null);
        assertThat(pages).isEqualTo((ids.size() + limit - 1) / limit); // no empty trailing page at this size
        return ids;
    }

    private static String id(int n) {
        return "indicator--%08x-1111-4222-8333-444444444444".formatted(n);
    }
}
