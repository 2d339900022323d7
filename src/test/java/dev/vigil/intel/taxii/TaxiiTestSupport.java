package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Partners and raw HTTP helpers shared by the TAXII tests. */
final class TaxiiTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String BOB_TOKEN = "bob-token-0f6b1c2d3e4f5a6b7c8d9e0f";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TaxiiTestSupport() {}

    /** alice (Basic): the fixture's can_read/can_write; bob (bearer): read on everything. */
    static List<TaxiiServerConfig.PartnerConfig> partners(Map<String, String> aliceAccess) {
        return List.of(
                new TaxiiServerConfig.PartnerConfig("alice", "alice", PasswordHash.hash(ALICE_PASSWORD.toCharArray(), 1_000), List.of(), aliceAccess),
                new TaxiiServerConfig.PartnerConfig("bob", null, null, List.of(PasswordHash.tokenDigest(BOB_TOKEN)), Map.of("*", "read")));
    }

    static String aliceBasic() {
        return "Basic " + Base64.getEncoder().encodeToString(("alice:" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(URI url, String authorization, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).GET();
        if (authorization != null) b.header("Authorization", authorization);
        if (accept != null) b.header("Accept", accept);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return get(url, aliceBasic(), TaxiiMediaTypes.TAXII_21);
    }

    static JsonNode body(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }
}
