package dev.vigil.intel.taxii;

import static dev.vigil.intel.taxii.MedallionFixture.*;
import static dev.vigil.intel.taxii.TaxiiTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint of NOTES (a) over real loopback HTTP, against medallion's own test state. */
class TaxiiServerTest {
    private MedallionFixture fixture;
    private TaxiiServer server;
    private URI root;

    @BeforeEach
    void start() throws Exception {
        fixture = new MedallionFixture();
        TaxiiServerConfig cfg = TaxiiServerConfig.loopback(partners(fixture.fixtureAccess)).withLimits(1000, 4096);
        server = new TaxiiServer(cfg, fixture.seed(10_000, "alice")).start();
        root = server.baseUri().resolve(ROOT + "/");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI objects(String cid, String query) {
        return root.resolve("collections/" + cid + "/objects/" + (query == null ? "" : "?" + query));
    }

    private static void assertTaxii(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct.replace(" ", "")).startsWith(TaxiiMediaTypes.TAXII_21));
        if (status >= 400) {
            JsonNode e = body(r);
            assertThat(e.path("title").asText()).isNotBlank();
            assertThat(e.path("http_status").asText()).isEqualTo(Integer.toString(status));
        }
    }

    private static JsonNode handlerBody(TaxiiResponse r) throws java.io.IOException {
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode env) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : env.path("objects")) out.add(o.path("id").asText() + "@" + o.path(o.has("modified") ? "modified" : "created").asText());
        return out;
    }

    @Test
    void discoveryListsTheRootsAndNeedsCredentialsUnlessConfigured() throws Exception {
        HttpResponse<String> anon = get(server.discoveryUri(), null, TaxiiMediaTypes.TAXII_21);
        assertTaxii(anon, 401);
        assertThat(anon.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        HttpResponse<String> r = get(server.discoveryUri());
        assertTaxii(r, 200);
        JsonNode d = body(r);
        assertThat(d.path("title").asText()).isNotBlank();
        List<String> roots = new ArrayList<>();
        d.path("api_roots").forEach(n -> roots.add(n.asText()));
        assertThat(roots).containsExactly(server.baseUri() + "api1/", server.baseUri() + "api2/", server.baseUri() + "trustgroup1/");

        try (TaxiiServer open = new TaxiiServer(TaxiiServerConfig.loopback(partners(Map.of())).withAnonymousDiscovery(true),
                fixture.seed(100, "alice")).start()) {
            assertTaxii(get(open.discoveryUri(), null, TaxiiMediaTypes.TAXII_21), 200);
            assertTaxii(get(open.baseUri().resolve(ROOT + "/"), null, TaxiiMediaTypes.TAXII_21), 401); // only discovery is open
        }
    }

    @Test
    void apiRootAdvertisesMediaTypesAndTheEnforcedLimit() throws Exception {
        HttpResponse<String> r = get(root);
        assertTaxii(r, 200);
        JsonNode info = body(r);
        assertThat(info.path("title").asText()).isEqualTo(fixture.data.path(ROOT).path("information").path("title").asText());
        assertThat(info.path("versions")).hasSize(1);
        assertThat(info.path("versions").get(0).asText()).isEqualTo(TaxiiMediaTypes.TAXII_21);
        assertThat(info.path("max_content_length").asLong()).isEqualTo(4096);
    }

    @Test
    void collectionsCarryTheCallersRightsAndHideTheInaccessible() throws Exception {
        HttpResponse<String> r = get(root.resolve("collections/"));
        assertTaxii(r, 200);
        Map<String, String> seen = new TreeMap<>();
        for (JsonNode c : body(r).path("collections")) {
            boolean rd = c.path("can_read").asBoolean(), wr = c.path("can_write").asBoolean();
            seen.put(c.path("id").asText(), rd && wr ? "read-write" : rd ? "read" : "write");
            assertThat(c.path("title").asText()).isNotBlank();
        }
        Map<String, String> expected = new TreeMap<>(fixture.fixtureAccess);
        expected.values().removeIf("none"::equals);
        assertThat(seen).isEqualTo(expected);
        assertThat(seen).doesNotContainKey(SECRET);
        assertTaxii(get(root.resolve("collections/" + HIGH_VALUE + "/")), 200);
        assertTaxii(get(root.resolve("collections/" + SECRET + "/")), 404);
        assertTaxii(get(objects(SECRET, null)), 404);
    }

    @Test
    void objectsDefaultToTheLastVersionOfTheLatestSpecVersionInDateAddedOrder() throws Exception {
        HttpResponse<String> r = get(objects(HIGH_VALUE, null));
        assertTaxii(r, 200);
        JsonNode env = body(r);
        assertThat(env.path("more").asBoolean()).isFalse();
        assertThat(env.has("next")).isFalse();
        assertThat(ids(env)).containsExactly(
                "relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463@2014-05-08T09:00:00.000Z",
                "indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z",
                "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da@2017-01-20T00:00:00.000Z",
                // the 2.0 version is newer (2018) but the object's latest spec_version is 2.1 (cti-taxii-server#94)
                MALWARE_2SPEC + "@2017-01-27T13:49:53.997Z",
                INDICATOR_3V + "@2017-01-27T13:49:53.935Z");
        assertThat(r.headers().firstValue("X-TAXII-Date-Added-First")).hasValue("2014-05-08T09:00:00.000000Z");
        assertThat(r.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue("2017-12-31T13:49:53.935000Z");
    }

    @Test
    void filtersCombineAsTheSpecSays() throws Exception {
        String all = "match[version]=all&match[spec_version]=2.0,2.1";
        assertThat(ids(body(get(objects(HIGH_VALUE, all))))).hasSize(fixture.collection(HIGH_VALUE).path("objects").size());
        // two ids in one match[id] (medallion once failed on that, cti-taxii-server#88)
        assertThat(ids(body(get(objects(HIGH_VALUE, "match[id]=" + INDICATOR_3V + "," + MALWARE_2SPEC)))))
                .containsExactly(MALWARE_2SPEC + "@2017-01-27T13:49:53.997Z", INDICATOR_3V + "@2017-01-27T13:49:53.935Z");
        assertThat(ids(body(get(objects(HIGH_VALUE, "match[type]=indicator&match[version]=first")))))
                .containsExactly("indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z", INDICATOR_3V + "@2016-11-03T12:30:59.000Z");
        assertThat(ids(body(get(objects(HIGH_VALUE, "match[spec_version]=2.0"))))).containsExactly(MALWARE_2SPEC + "@2018-02-23T18:30:00.000Z");
        assertThat(ids(body(get(objects(HIGH_VALUE, "match[version]=2016-12-25T12:30:59.444Z")))))
                .containsExactly(INDICATOR_3V + "@2016-12-25T12:30:59.444Z");
        // added_after is exclusive: a record added exactly at the bound is not returned
        List<String> after = ids(body(get(objects(HIGH_VALUE, all + "&added_after=2016-12-27T13:49:59Z"))));
        int expected = 0;
        for (JsonNode m : fixture.collection(HIGH_VALUE).path("manifest"))
            if (TaxiiTime.parseOrNull(m.path("date_added").asText()).isAfter(TaxiiTime.parseOrNull("2016-12-27T13:49:59Z"))) expected++;
        assertThat(after).hasSize(expected).doesNotContain(INDICATOR_3V + "@2016-12-25T12:30:59.444Z");
        assertTaxii(get(objects(HIGH_VALUE, "match[type]=attack-pattern")), 200);
        assertThat(body(get(objects(HIGH_VALUE, "match[type]=attack-pattern"))).path("objects")).isEmpty();
    }

    @Test
    void manifestMatchesTheFixturesManifest() throws Exception {
        HttpResponse<String> r = get(root.resolve("collections/" + HIGH_VALUE + "/manifest/?match[version]=all&match[spec_version]=2.0,2.1"));
        assertTaxii(r, 200);
        Set<String> got = new HashSet<>(), want = new HashSet<>();
        for (JsonNode m : body(r).path("objects")) got.add(manifestKey(m));
        for (JsonNode m : fixture.collection(HIGH_VALUE).path("manifest")) want.add(manifestKey(m));
        assertThat(got).isEqualTo(want);
    }

    private static String manifestKey(JsonNode m) {
        return m.path("id").asText() + "|" + m.path("version").asText() + "|" + TaxiiTime.parseOrNull(m.path("date_added").asText()) + "|"
                + m.path("media_type").asText();
    }

    @Test
    void oneObjectItsVersionsAndDelete() throws Exception {
        URI one = root.resolve("collections/" + HIGH_VALUE + "/objects/" + INDICATOR_3V + "/");
        assertThat(ids(body(get(one)))).containsExactly(INDICATOR_3V + "@2017-01-27T13:49:53.935Z");
        assertThat(ids(body(get(URI.create(one + "?match[version]=all"))))).hasSize(3);
        HttpResponse<String> v = get(one.resolve("versions/"));
        assertTaxii(v, 200);
        List<String> versions = new ArrayList<>();
        body(v).path("versions").forEach(n -> versions.add(n.asText()));
        assertThat(versions).containsExactly("2016-11-03T12:30:59.000Z", "2016-12-25T12:30:59.444Z", "2017-01-27T13:49:53.935Z");
        assertThat(v.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue("2017-12-31T13:49:53.935000Z");
        assertTaxii(get(root.resolve("collections/" + HIGH_VALUE + "/objects/indicator--00000000-0000-4000-8000-000000000000/")), 404);

        HttpResponse<String> del = HTTP.send(HttpRequest.newBuilder(URI.create(one + "?match[version]=first")).DELETE()
                .header("Authorization", aliceBasic()).header("Accept", TaxiiMediaTypes.TAXII_21).build(), HttpResponse.BodyHandlers.ofString());
        assertTaxii(del, 200);
        List<String> left = new ArrayList<>();
        body(get(one.resolve("versions/"))).path("versions").forEach(n -> left.add(n.asText()));
        assertThat(left).containsExactly("2016-12-25T12:30:59.444Z", "2017-01-27T13:49:53.935Z");
        HttpResponse<String> bobDelete = HTTP.send(HttpRequest.newBuilder(one).DELETE().header("Authorization", "Bearer " + BOB_TOKEN)
                .header("Accept", TaxiiMediaTypes.TAXII_21).build(), HttpResponse.BodyHandlers.ofString());
        assertTaxii(bobDelete, 403);
    }

    @Test
    void addObjectsReturns202AndAStatusOnlyItsSubmitterSees() throws Exception {
        String envelope = "{\"objects\":[" + fixture.collection(HIGH_VALUE).path("objects").get(1) + ",{\"type\":\"indicator\",\"id\":\"bad\"},"
                + "{\"type\":\"malware\",\"id\":\"indicator--6770298f-0fd8-471a-ab8c-1c658a46574e\"},"
                // half a surrogate pair: no canonical form, so it would break every signed export that carried it
                + "{\"type\":\"note\",\"id\":\"note--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061\",\"created\":\"2016-05-07T11:22:30.000Z\","
                + "\"modified\":\"2016-05-07T11:22:30.000Z\",\"content\":\"x\\ud800\",\"object_refs\":[\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]},"
                // two patterns: which one a reader keeps differs between readers, so neither is taken
                + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--5ad0bcc4-5c4d-4a5e-9a44-2f4c0dfc1b52\","
                + "\"created\":\"2016-05-07T11:22:30.000Z\",\"modified\":\"2016-05-07T11:22:30.000Z\",\"pattern_type\":\"stix\","
                + "\"pattern\":\"[ipv4-addr:value = '198.51.100.1']\",\"pattern\":\"[ipv4-addr:value = '203.0.113.9']\","
                + "\"valid_from\":\"2016-05-07T11:22:30.000Z\"}]}";
        HttpResponse<String> r = post(objects(READ_WRITE_EMPTY, null), envelope, TaxiiMediaTypes.TAXII_21, aliceBasic());
        assertTaxii(r, 202);
        JsonNode status = body(r);
        assertThat(status.path("status").asText()).isEqualTo("complete");
        assertThat(status.path("total_count").asInt()).isEqualTo(5);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        assertThat(status.path("failure_count").asInt()).isEqualTo(4);
        assertThat(status.path("failures").toString()).contains("note--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061").contains("surrogate");
        assertThat(status.path("failures")).filteredOn(f -> f.path("id").asText().equals("indicator--5ad0bcc4-5c4d-4a5e-9a44-2f4c0dfc1b52"))
                .singleElement().satisfies(f -> {
                    assertThat(f.path("version").asText()).isEqualTo("2016-05-07T11:22:30.000Z");
                    assertThat(f.path("message").asText()).startsWith("duplicate property 'pattern'");
                });
        assertThat(ids(body(get(objects(READ_WRITE_EMPTY, null))))).containsExactly("indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z");

        URI statusUrl = root.resolve("status/" + status.path("id").asText() + "/");
        assertThat(body(get(statusUrl)).path("id").asText()).isEqualTo(status.path("id").asText());
        assertTaxii(get(statusUrl, "Bearer " + BOB_TOKEN, TaxiiMediaTypes.TAXII_21), 404);
        // the fixture's own pending status resource
        JsonNode seeded = body(get(root.resolve("status/2d086da7-4bdc-4f91-900e-d77486753710/")));
        assertThat(seeded.path("status").asText()).isEqualTo("pending");
        assertThat(seeded.path("pending_count").asInt()).isEqualTo(2);

        // idempotent: posting the same version again stores nothing new
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), envelope, TaxiiMediaTypes.TAXII_21, aliceBasic()), 202);
        assertThat(ids(body(get(objects(READ_WRITE_EMPTY, "match[version]=all"))))).hasSize(1);
    }

    private static HttpResponse<String> post(URI url, String body, String contentType, String auth) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType)
                .header("Authorization", auth).header("Accept", TaxiiMediaTypes.TAXII_21).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void negotiationErrors() throws Exception {
        assertTaxii(get(objects(HIGH_VALUE, null), aliceBasic(), "application/json"), 406);
        assertTaxii(get(objects(HIGH_VALUE, null), aliceBasic(), "application/taxii+json;version=2.0"), 406);
        assertTaxii(get(objects(HIGH_VALUE, null), aliceBasic(), null), 406);
        assertTaxii(get(objects(HIGH_VALUE, null), aliceBasic(), "application/json, */*"), 200); // what OpenCTI sends (opencti#4246)
        assertTaxii(get(objects(HIGH_VALUE, null), aliceBasic(), "application/taxii+json"), 200);
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"objects\":[]}", "application/json", aliceBasic()), 415);
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"objects\":[]}", "application/stix+json;version=2.1", aliceBasic()), 415);
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"objects\":[]}", "application/taxii+json; version=2.1", aliceBasic()), 202);
    }

    @Test
    void oversizedBodiesAreRefusedWithAndWithoutContentLength() throws Exception {
        String big = "{\"objects\":[" + "{\"type\":\"x\"},".repeat(400) + "{}]}"; // > 4096 bytes
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), big, TaxiiMediaTypes.TAXII_21, aliceBasic()), 413);
        // chunked: no Content-Length, so the limit must hold while reading
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(objects(READ_WRITE_EMPTY, null))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .header("Content-Type", TaxiiMediaTypes.TAXII_21).header("Authorization", aliceBasic()).header("Accept", TaxiiMediaTypes.TAXII_21)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTaxii(chunked, 413);
        assertThat(ids(body(get(objects(READ_WRITE_EMPTY, null))))).isEmpty();
    }

    @Test
    void authenticationAndPermissionErrors() throws Exception {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:guess".getBytes(StandardCharsets.UTF_8));
        assertTaxii(get(objects(HIGH_VALUE, null), wrong, TaxiiMediaTypes.TAXII_21), 401);
        assertTaxii(get(objects(HIGH_VALUE, null), "Bearer not-a-token", TaxiiMediaTypes.TAXII_21), 401);
        assertTaxii(get(objects(HIGH_VALUE, null), "Digest x", TaxiiMediaTypes.TAXII_21), 401);
        assertTaxii(get(objects(HIGH_VALUE, null), "Bearer " + BOB_TOKEN, TaxiiMediaTypes.TAXII_21), 200);
        assertTaxii(get(objects(ADD_ONLY, null)), 403);
        assertTaxii(get(root.resolve("collections/" + ADD_ONLY + "/manifest/")), 403);
        assertTaxii(post(objects(ADD_ONLY, null), "{\"objects\":[]}", TaxiiMediaTypes.TAXII_21, aliceBasic()), 202);
        assertTaxii(post(objects(READ_ONLY, null), "{\"objects\":[]}", TaxiiMediaTypes.TAXII_21, aliceBasic()), 403);
        assertTaxii(post(objects(HIGH_VALUE, null), "{\"objects\":[]}", TaxiiMediaTypes.TAXII_21, "Bearer " + BOB_TOKEN), 403);
    }

    @Test
    void badRequestsAndUnknownPaths() throws Exception {
        assertTaxii(get(server.baseUri().resolve("nosuchroot/")), 404);
        assertTaxii(get(root.resolve("collections/00000000-0000-0000-0000-000000000000/")), 404);
        assertTaxii(get(root.resolve("collections/" + HIGH_VALUE + "/nothing/")), 404);
        assertTaxii(get(objects(HIGH_VALUE, "limit=0")), 400);
        assertTaxii(get(objects(HIGH_VALUE, "limit=ten")), 400);
        assertTaxii(get(objects(HIGH_VALUE, "added_after=yesterday")), 400);
        assertTaxii(get(objects(HIGH_VALUE, "next=AAAA")), 400);
        assertTaxii(get(objects(HIGH_VALUE, "match[version]=newest")), 400);
        assertTaxii(get(objects(HIGH_VALUE, "match[colour]=red")), 400);
        assertTaxii(get(root.resolve("collections/" + HIGH_VALUE + "/objects/" + INDICATOR_3V + "/versions/?match[type]=indicator")), 400);
        // java.net.URI refuses to send a broken escape, so this one goes to the handler without a socket
        TaxiiRequestHandler h = new TaxiiRequestHandler(TaxiiServerConfig.loopback(partners(fixture.fixtureAccess)), fixture.seed(100, "alice"), null);
        TaxiiResponse bad = h.handle(new TaxiiRequest("GET", "/" + ROOT + "/collections/" + HIGH_VALUE + "/objects/", "match[id]=%zz",
                Map.of("accept", TaxiiMediaTypes.TAXII_21, "authorization", aliceBasic()), null, false));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(handlerBody(bad).path("title").asText()).isEqualTo("Bad request");
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"objects\":", TaxiiMediaTypes.TAXII_21, aliceBasic()), 400);
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"more\":false}", TaxiiMediaTypes.TAXII_21, aliceBasic()), 422);
        assertTaxii(post(objects(READ_WRITE_EMPTY, null), "{\"objects\":[1,2]}", TaxiiMediaTypes.TAXII_21, aliceBasic()), 422);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(objects(HIGH_VALUE, null)).PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Authorization", aliceBasic()).header("Accept", TaxiiMediaTypes.TAXII_21).build(), HttpResponse.BodyHandlers.ofString());
        assertTaxii(put, 405);
    }

    @Test
    void outboundFilterWithholdsAndRedactsPerPartnerBeforePaging() throws Exception {
        server.close();
        server = new TaxiiServer(TaxiiServerConfig.loopback(partners(fixture.fixtureAccess)), fixture.seed(10_000, "alice"), (partner, o) -> {
            if (!partner.name().equals("bob")) return o;
            if (o.path("type").asText().equals("indicator")) return null;
            ObjectNode copy = o.deepCopy();
            copy.remove("description");
            return copy;
        }).start();
        root = server.baseUri().resolve(ROOT + "/");
        URI bobPage = objects(HIGH_VALUE, "limit=2");
        HttpResponse<String> first = get(bobPage, "Bearer " + BOB_TOKEN, TaxiiMediaTypes.TAXII_21);
        JsonNode env = body(first);
        assertThat(env.path("objects")).hasSize(2); // withheld objects do not leave holes in a page
        List<String> all = new ArrayList<>(ids(env));
        while (env.path("more").asBoolean()) {
            env = body(get(objects(HIGH_VALUE, "limit=2&next=" + env.path("next").asText()), "Bearer " + BOB_TOKEN, TaxiiMediaTypes.TAXII_21));
            all.addAll(ids(env));
            for (JsonNode o : env.path("objects")) assertThat(o.has("description")).isFalse();
        }
        assertThat(all).noneMatch(s -> s.startsWith("indicator--")).hasSize(3);
        assertThat(ids(body(get(objects(HIGH_VALUE, null))))).anyMatch(s -> s.startsWith("indicator--")); // alice unaffected
    }
}
