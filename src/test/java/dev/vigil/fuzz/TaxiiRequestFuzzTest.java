package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.taxii.MemoryTaxiiBackend;
import dev.vigil.intel.taxii.PasswordHash;
import dev.vigil.intel.taxii.TaxiiMediaTypes;
import dev.vigil.intel.taxii.TaxiiRequest;
import dev.vigil.intel.taxii.TaxiiRequestHandler;
import dev.vigil.intel.taxii.TaxiiResponse;
import dev.vigil.intel.taxii.TaxiiServerConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile TAXII requests through the server's request handling, without sockets: query strings, path
 * segments, headers and POST bodies come from the input. An input is [1 byte: bits 0-2 pick the
 * endpoint and method, bits 3-4 the Accept/Content-Type variant][path suffix]\0[query]\0[body].
 * Must hold: nothing escapes; no request is a 500; every response is TAXII JSON (errors with a title
 * and their own status); a page says {@code next} exactly when it says {@code more}.
 */
class TaxiiRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "fuzz-token-0123456789";
    private static final String C = "7b5c1c44-3a7e-4c55-9b1e-2e0f2a3b4c5d";
    private static final String[][] ENDPOINTS = {
        {"GET", "/taxii2/"}, {"GET", "/r/"}, {"GET", "/r/collections/"}, {"GET", "/r/collections/" + C + "/objects/"},
        {"POST", "/r/collections/" + C + "/objects/"}, {"GET", "/r/collections/" + C + "/manifest/"},
        {"GET", "/r/collections/" + C + "/objects/indicator--6770298f-0fd8-471a-ab8c-1c658a46574e/versions/"},
        {"DELETE", "/r/collections/" + C + "/objects/"}};
    private static final String[] ACCEPT = {TaxiiMediaTypes.TAXII_21, "application/json, */*;q=0.1", "application/taxii+json;version=2.0", null};
    private static final Set<Integer> EXPECTED = Set.of(200, 202, 400, 401, 403, 404, 405, 406, 413, 415, 422);

    private static TaxiiRequestHandler handler() {
        MemoryTaxiiBackend b = new MemoryTaxiiBackend(2_000);
        b.addApiRoot("r", JsonNodeFactory.instance.objectNode().put("title", "fuzz"));
        b.addCollection("r", JsonNodeFactory.instance.objectNode().put("id", C).put("title", "fuzz"));
        String[] versions = {"2016-11-03T12:30:59.000Z", "2016-12-25T12:30:59.444Z", "2017-01-27T13:49:53.935Z"};
        for (int i = 0; i < versions.length; i++) {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "indicator").put("spec_version", "2.1")
                    .put("id", "indicator--6770298f-0fd8-471a-ab8c-1c658a46574e").put("created", versions[0]).put("modified", versions[i]);
            b.put("r", C, o, Instant.parse("2017-01-01T00:00:00Z").plusSeconds(i));
        }
        b.put("r", C, JsonNodeFactory.instance.objectNode().put("type", "malware").put("id", "malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec")
                .put("created", "2017-01-27T13:49:53.997Z").put("modified", "2018-02-23T18:30:00.000Z"), Instant.parse("2017-01-01T00:00:00Z"));
        TaxiiServerConfig cfg = TaxiiServerConfig.loopback(List.of(new TaxiiServerConfig.PartnerConfig("p", null, null,
                List.of(PasswordHash.tokenDigest(TOKEN)), Map.of("*", "read-write")))).withLimits(50, 8192);
        return new TaxiiRequestHandler(cfg, b, null);
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(3, "\0limit=2&match[version]=all&match[spec_version]=2.0,2.1\0"),
                FuzzSeeds.prefixed(3, "\0added_after=2017-01-01T00:00:00.5%2B01:00&match[id]=a,,b&match[type]=indicator&next=MXwx\0"),
                FuzzSeeds.prefixed(4, "\0\0{\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--11111111-2222-4333-8444-555555555555\","
                        + "\"created\":\"2020-01-01T00:00:00Z\",\"spec_version\":\"2.1\"},{\"id\":7},[]]}"),
                FuzzSeeds.prefixed(12, "\0\0{\"objects\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}"),
                // duplicate names and a lone surrogate: refused one by one, named in the status
                FuzzSeeds.prefixed(4, "\0\0{\"objects\":[{\"type\":\"note\",\"id\":\"note--11111111-2222-4333-8444-555555555555\",\"a\":1,\"a\":2},"
                        + "{\"type\":\"note\",\"id\":\"x\",\"\\ud800\\u0001\":1,\"\\ud800\\u0001\":1},{\"id\":\"\\udc00\"}],\"objects\":[]}"),
                FuzzSeeds.prefixed(7, "indicator--6770298f-0fd8-471a-ab8c-1c658a46574e/\0match[version]=first\0"),
                FuzzSeeds.prefixed(6, "\0match[spec_version]=2.1&limit=1\0"),
                FuzzSeeds.prefixed(5, "\0match[version]=last,first,2016-12-25T12:30:59.444Z&match[id]=%E2%82\0"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void handle(byte[] input) throws Exception {
        if (input.length == 0) return;
        int mode = input[0] & 0xff;
        String rest = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        String[] parts = rest.split("\0", 3);
        String[] ep = ENDPOINTS[mode & 7];
        String path = ep[1] + (parts.length > 0 ? parts[0] : "");
        String query = parts.length > 1 ? parts[1] : null;
        byte[] body = parts.length > 2 ? parts[2].getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        String accept = ACCEPT[(mode >> 3) & 3];
        java.util.HashMap<String, String> headers = new java.util.HashMap<>();
        headers.put("authorization", (mode & 0x80) != 0 ? "Basic Og==" : "Bearer " + TOKEN);
        if (accept != null) headers.put("accept", accept);
        headers.put("content-type", (mode & 0x20) != 0 ? "application/json" : TaxiiMediaTypes.TAXII_21);
        if ((mode & 0x40) == 0) headers.put("content-length", Integer.toString(body.length));
        // a fresh backend per input: adds and deletes must not make one input's outcome depend on the previous ones
        TaxiiResponse r = handler().handle(new TaxiiRequest(ep[0], path, query, headers, new ByteArrayInputStream(body), false));
        if (!EXPECTED.contains(r.status())) throw new IllegalStateException("status " + r.status() + " for " + ep[0] + " " + path + "?" + query + ": "
                + new String(r.body(), StandardCharsets.UTF_8));
        if (!r.contentType().equals(TaxiiMediaTypes.TAXII_21)) throw new IllegalStateException("content type " + r.contentType());
        if (r.body().length == 0) {
            if (!(ep[0].equals("DELETE") && r.status() == 200)) throw new IllegalStateException("empty body with status " + r.status());
            return;
        }
        JsonNode n = JSON.readTree(r.body());
        if (n == null || !n.isObject()) throw new IllegalStateException("body is not a JSON object");
        if (r.status() >= 400) {
            if (!n.path("title").isTextual() || !n.path("http_status").asText().equals(Integer.toString(r.status())))
                throw new IllegalStateException("bad error resource: " + n);
        } else if (n.has("more") && n.path("more").asBoolean() != n.has("next")) {
            throw new IllegalStateException("more and next disagree: " + n);
        }
    }
}
