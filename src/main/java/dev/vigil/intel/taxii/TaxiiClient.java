package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.stix.BundleReader;
import dev.vigil.intel.stix.IJson;
import dev.vigil.intel.stix.StixFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TAXII 2.1 client on {@code java.net.http}: discovery, API roots, collections, paged and incremental
 * pulls, adds with status polling. Every call has a timeout; transport errors, 429 and 5xx are retried
 * with exponential backoff and jitter (a wait drawn from [d/2, d], d doubling per attempt up to the
 * ceiling; a server's {@code Retry-After} wins), a bounded number of
 * times. Paging follows {@code next}; only when a server says {@code more} without a {@code next} does
 * it fall back to {@code added_after = X-TAXII-Date-Added-Last}, and it stops with an error rather than
 * loop when that would not advance.
 */
public final class TaxiiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BundleReader READER = new BundleReader();

    private final HttpClient http;
    private final String authorization;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int maxPages;
    private final Sleeper sleeper;

    /** How the client waits between attempts (replaceable in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private TaxiiClient(Builder b) {
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (b.sslContext != null) hb.sslContext(b.sslContext);
        this.http = hb.build();
        this.authorization = b.authorization;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.maxPages = b.maxPages;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- resources ---------------------------------------------------------------------------------

    public ObjectNode discovery(URI discoveryUrl) throws IOException {
        return get(discoveryUrl).body();
    }

    public ObjectNode apiRoot(URI apiRoot) throws IOException {
        return get(dir(apiRoot)).body();
    }

    public List<ObjectNode> collections(URI apiRoot) throws IOException {
        ObjectNode body = get(dir(apiRoot).resolve("collections/")).body();
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode c : body.path("collections")) if (c.isObject()) out.add((ObjectNode) c);
        return out;
    }

    public ObjectNode collection(URI apiRoot, String collectionId) throws IOException {
        return get(collectionUrl(apiRoot, collectionId)).body();
    }

    public ObjectNode status(URI apiRoot, String statusId) throws IOException {
        return get(dir(apiRoot).resolve("status/" + seg(statusId) + "/")).body();
    }

    /** One page of {@code objects/} with the given parameters (e.g. {@code match[type]}, {@code limit}). */
    public TaxiiPage objectsPage(URI apiRoot, String collectionId, Map<String, String> params) throws IOException {
        return get(withQuery(collectionUrl(apiRoot, collectionId).resolve("objects/"), params));
    }

    public TaxiiPage manifestPage(URI apiRoot, String collectionId, Map<String, String> params) throws IOException {
        return get(withQuery(collectionUrl(apiRoot, collectionId).resolve("manifest/"), params));
    }

    public TaxiiPage versionsPage(URI apiRoot, String collectionId, String objectId, Map<String, String> params) throws IOException {
        return get(withQuery(collectionUrl(apiRoot, collectionId).resolve("objects/" + seg(objectId) + "/versions/"), params));
    }

    public TaxiiPage objectPage(URI apiRoot, String collectionId, String objectId, Map<String, String> params) throws IOException {
        return get(withQuery(collectionUrl(apiRoot, collectionId).resolve("objects/" + seg(objectId) + "/"), params));
    }

    public void deleteObject(URI apiRoot, String collectionId, String objectId, Map<String, String> params) throws IOException {
        URI url = withQuery(collectionUrl(apiRoot, collectionId).resolve("objects/" + seg(objectId) + "/"), params);
        exchange(url, HttpRequest.newBuilder(url).DELETE());
    }

    /**
     * What a pull fetched: object count, pages, the latest date_added seen (or null), and the objects the
     * server sent that were not usable ("id: reason", or "#index: reason" without an id; the first
     * {@link #MAX_SKIPS_LISTED}) with their count.
     */
    public record PullResult(int objects, int pages, String lastDateAdded, long skippedCount, List<String> skipped) {}

    static final int MAX_SKIPS_LISTED = 100;

    /**
     * Fetches every page of {@code objects/} for the given filters, handing each object to {@code sink}
     * in server order.
     */
    public PullResult pull(URI apiRoot, String collectionId, Map<String, String> params, Consumer<ObjectNode> sink) throws IOException {
        URI objectsUrl = collectionUrl(apiRoot, collectionId).resolve("objects/");
        Map<String, String> base = new LinkedHashMap<>(params);
        base.remove("next");
        Map<String, String> p = new LinkedHashMap<>(base);
        Set<String> seenTokens = new HashSet<>();
        int objects = 0, pages = 0;
        long skippedCount = 0;
        List<String> skipped = new ArrayList<>();
        Instant latest = null;
        String latestText = null;
        while (true) {
            if (++pages > maxPages) throw new TaxiiClientException(objectsUrl, 0, null, "more than " + maxPages + " pages; stopping", null);
            TaxiiPage page = get(withQuery(objectsUrl, p));
            for (JsonNode o : page.body().path("objects")) {
                sink.accept((ObjectNode) o);
                objects++;
            }
            for (BundleReader.Skipped k : page.skipped()) {
                if (skipped.size() < MAX_SKIPS_LISTED) skipped.add((k.id().isEmpty() ? "#" + k.index() : k.id()) + ": " + k.reason());
                skippedCount++;
            }
            Instant last = TaxiiTime.parseOrNull(page.dateAddedLast());
            if (last != null && (latest == null || last.isAfter(latest))) {
                latest = last;
                latestText = page.dateAddedLast();
            }
            if (!page.more()) break;
            p = new LinkedHashMap<>(base);
            if (page.next() != null) {
                if (!seenTokens.add(page.next())) throw new TaxiiClientException(objectsUrl, 0, null, "server repeated a next token; stopping", null);
                p.put("next", page.next());
            } else {
                // the spec's fallback for servers without next; added_after is exclusive, so it must move forward
                String prev = base.get("added_after");
                Instant prevT = prev == null ? null : TaxiiTime.parseOrNull(prev);
                if (last == null || (prevT != null && !last.isAfter(prevT)))
                    throw new TaxiiClientException(objectsUrl, 0, null, "more=true without next, and X-TAXII-Date-Added-Last does not advance", null);
                base.put("added_after", page.dateAddedLast());
                p = new LinkedHashMap<>(base);
            }
        }
        return new PullResult(objects, pages, latestText, skippedCount, List.copyOf(skipped));
    }

    /**
     * Pulls what was added since the previous pull of this collection and advances {@code state}
     * (only after the whole pull succeeded, so a failed pull is simply repeated).
     */
    public PullResult pullIncremental(URI apiRoot, String collectionId, PullState state, Map<String, String> params, Consumer<ObjectNode> sink)
            throws IOException {
        String key = collectionUrl(apiRoot, collectionId).toString();
        Map<String, String> p = new LinkedHashMap<>(params);
        state.lastDateAdded(key).ifPresent(t -> p.put("added_after", t));
        PullResult r = pull(apiRoot, collectionId, p, sink);
        if (r.lastDateAdded() != null) state.advance(key, r.lastDateAdded());
        return r;
    }

    /**
     * Posts the objects as one envelope and polls the status resource until it is complete or
     * {@code maxWait} has passed; returns the last status seen.
     */
    public ObjectNode addObjects(URI apiRoot, String collectionId, List<ObjectNode> objects, Duration maxWait) throws IOException {
        URI url = collectionUrl(apiRoot, collectionId).resolve("objects/");
        ObjectNode env = JSON.createObjectNode();
        env.putArray("objects").addAll(objects);
        byte[] body = JSON.writeValueAsBytes(env);
        TaxiiPage r = exchange(url, HttpRequest.newBuilder(url).header("Content-Type", TaxiiMediaTypes.TAXII_21)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        ObjectNode status = r.body();
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration poll = Duration.ofMillis(200);
        while ("pending".equals(status.path("status").asText()) && System.nanoTime() < deadline) {
            pause(poll, url);
            poll = min(poll.multipliedBy(2), Duration.ofSeconds(5));
            status = status(apiRoot, status.path("id").asText());
        }
        return status;
    }

    // ---- transport ---------------------------------------------------------------------------------

    private TaxiiPage get(URI url) throws IOException {
        return exchange(url, HttpRequest.newBuilder(url).GET());
    }

    private TaxiiPage exchange(URI url, HttpRequest.Builder rb) throws IOException {
        rb.header("Accept", TaxiiMediaTypes.TAXII_21).timeout(requestTimeout);
        if (authorization != null) rb.header("Authorization", authorization);
        HttpRequest request = rb.build();
        IOException lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastError = new TaxiiClientException(url, 0, null, e.toString(), e);
                if (attempt < maxAttempts) pause(backoff(attempt), url);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaxiiClientException(url, 0, null, "interrupted", e);
            }
            int sc = resp.statusCode();
            if (sc == 429 || sc >= 500) {
                lastError = failure(url, resp);
                if (attempt < maxAttempts) {
                    Duration ra = retryAfter(resp.headers().firstValue("Retry-After").orElse(null));
                    pause(ra != null ? min(ra, maxDelay) : backoff(attempt), url);
                }
                continue;
            }
            if (sc < 200 || sc >= 300) throw failure(url, resp);
            return page(url, resp);
        }
        throw lastError;
    }

    private static TaxiiPage page(URI url, HttpResponse<byte[]> resp) throws TaxiiClientException {
        ObjectNode body;
        List<BundleReader.Skipped> skipped = new ArrayList<>();
        if (resp.body().length == 0) {
            body = JSON.createObjectNode();
        } else {
            // read as an import reads a bundle: an envelope's object with duplicate property names (which JSON
            // readers resolve differently) or a lone surrogate is skipped and reported, not taken last-wins
            List<ObjectNode> delivered = new ArrayList<>();
            BundleReader.Result r;
            try {
                r = READER.readPlain(new ByteArrayInputStream(resp.body()), o -> delivered.add(o.tree()), skipped::add);
            } catch (StixFormatException e) {
                throw new TaxiiClientException(url, resp.statusCode(), null, "response is not valid JSON: " + IJson.clip(e.getMessage(), 300), e);
            } catch (IOException e) {
                throw new TaxiiClientException(url, resp.statusCode(), null, "response could not be read", e);
            }
            switch (r.shape()) {
                case SINGLE -> body = delivered.getFirst();
                case ENVELOPE, BUNDLE -> {
                    body = JSON.createObjectNode();
                    if (r.envelopeMore() != null) body.put("more", r.envelopeMore());
                    if (r.envelopeNext() != null) body.put("next", r.envelopeNext());
                    body.putArray("objects").addAll(delivered);
                }
                default -> throw new TaxiiClientException(url, resp.statusCode(), null, "response is not a JSON object", null);
            }
        }
        JsonNode next = body.get("next");
        return new TaxiiPage(body, body.path("more").asBoolean(false), next != null && next.isTextual() ? next.asText() : null,
                resp.headers().firstValue("X-TAXII-Date-Added-First").orElse(null),
                resp.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null), List.copyOf(skipped));
    }

    private static TaxiiClientException failure(URI url, HttpResponse<byte[]> resp) {
        String title = null, description = null;
        try {
            JsonNode n = JSON.readTree(resp.body());
            if (n != null && n.isObject()) {
                if (n.path("title").isTextual()) title = n.get("title").asText();
                if (n.path("description").isTextual()) description = n.get("description").asText();
            }
        } catch (IOException | RuntimeException e) {
            // a non-JSON error body: the status alone has to do
        }
        return new TaxiiClientException(url, resp.statusCode(), title, description, null);
    }

    private Duration backoff(int attempt) {
        long capNanos = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(capNanos / 2, capNanos + 1));
    }

    /** Retry-After as delta-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            long s = Long.parseLong(value.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    private void pause(Duration d, URI url) throws TaxiiClientException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiClientException(url, 0, null, "interrupted", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static URI dir(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    private static URI collectionUrl(URI apiRoot, String collectionId) {
        return dir(apiRoot).resolve("collections/" + seg(collectionId) + "/");
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withQuery(URI url, Map<String, String> params) {
        if (params.isEmpty()) return url;
        StringBuilder q = new StringBuilder();
        for (var e : params.entrySet()) {
            if (!q.isEmpty()) q.append('&');
            q.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return URI.create(url + "?" + q);
    }

    /** One response: its JSON body, paging fields and date headers (null when absent). */
    /** One response; {@code skipped}: the envelope's elements that were not usable objects, and why. */
    public record TaxiiPage(ObjectNode body, boolean more, String next, String dateAddedFirst, String dateAddedLast, List<BundleReader.Skipped> skipped) {}

    public static final class Builder {
        private String authorization;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 5;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int maxPages = 100_000;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

        public Builder basic(String user, String password) {
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder bearer(String token) {
            this.authorization = "Bearer " + token;
            return this;
        }

        public Builder sslContext(SSLContext ctx) {
            this.sslContext = ctx;
            return this;
        }

        /** Trusts exactly the certificates of a keystore (PKCS12 or JKS), e.g. a partner's self-signed cert. */
        public Builder trustStore(KeyStore trusted) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                this.sslContext = ctx;
                return this;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("unusable trust store", e);
            }
        }

        public Builder trustPkcs12(Path file, char[] password) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, password);
                return trustStore(ks);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read trust store " + file, e);
            }
        }

        /** Trusts the certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
        public Builder trustPem(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("cert-" + i++, c);
                if (i == 0) throw new IOException("no certificate in " + file);
                return trustStore(ks);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read certificates from " + file, e);
            }
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** Attempts per call (1 = no retry), and the backoff's first step and ceiling. */
        public Builder retry(int attempts, Duration base, Duration max) {
            if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
            this.maxAttempts = attempts;
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        public Builder maxPages(int pages) {
            this.maxPages = pages;
            return this;
        }

        public Builder sleeper(Sleeper s) {
            this.sleeper = s;
            return this;
        }

        public TaxiiClient build() {
            return new TaxiiClient(this);
        }
    }
}
