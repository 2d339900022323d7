package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link TaxiiServer} needs besides its backend; loadable from YAML ({@link #load}).
 * Unset values take the defaults of the compact constructor.
 *
 * @param bindAddress        address to listen on (default 127.0.0.1)
 * @param port               0 = any free port
 * @param tls                HTTPS keystore; null means plain HTTP, which also needs {@code allowPlainHttp}
 * @param allowPlainHttp     explicit opt-in to plain HTTP (loopback, tests, behind a TLS proxy)
 * @param publicUrl          base URL clients reach the server at (for discovery's api_roots), or null to
 *                           derive it from each request
 * @param anonymousDiscovery whether {@code GET /taxii2/} works without credentials
 * @param maxPageSize        cap on {@code limit} (and the default page size)
 * @param maxContentLength   largest POST body accepted, in bytes; reported as the API roots'
 *                           {@code max_content_length}
 * @param partners           who may connect and what each may read and write
 */
public record TaxiiServerConfig(
        String bindAddress, int port, Tls tls, boolean allowPlainHttp, String publicUrl,
        String title, String description, String contact, String defaultApiRoot,
        boolean anonymousDiscovery, int maxPageSize, long maxContentLength, List<PartnerConfig> partners) {

    public TaxiiServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) bindAddress = "127.0.0.1";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (title == null || title.isBlank()) title = "Vigil TAXII 2.1 server";
        if (maxPageSize <= 0) maxPageSize = 1000;
        if (maxContentLength <= 0) maxContentLength = 10L * 1024 * 1024;
        partners = partners == null ? List.of() : List.copyOf(partners);
        if (tls == null && !allowPlainHttp) throw new IllegalArgumentException("no TLS keystore configured and plain HTTP not allowed (allowPlainHttp)");
    }

    /** A PKCS12 (or JKS) keystore holding the server's key and certificate chain. */
    public record Tls(String keystore, String keystorePassword, String keystoreType) {
        public Tls {
            if (keystore == null || keystore.isBlank()) throw new IllegalArgumentException("tls.keystore is required");
            if (keystoreType == null || keystoreType.isBlank()) keystoreType = "PKCS12";
        }
    }

    /**
     * One partner. {@code username}+{@code passwordHash} ({@link PasswordHash#hash}) enable HTTP Basic;
     * each of {@code tokenSha256} ({@link PasswordHash#tokenDigest}) enables a bearer token.
     * {@code collections} maps a collection id (or {@code "*"}) to read, write, read-write or none.
     */
    public record PartnerConfig(String name, String username, String passwordHash, List<String> tokenSha256, Map<String, String> collections) {
        public PartnerConfig {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("partner without name");
            tokenSha256 = tokenSha256 == null ? List.of() : List.copyOf(tokenSha256);
            collections = collections == null ? Map.of() : Map.copyOf(collections);
        }

        public Partner partner() {
            Map<String, Partner.Access> access = new LinkedHashMap<>();
            collections.forEach((k, v) -> access.put(k, Partner.Access.parse(v)));
            return new Partner(name, access);
        }
    }

    /** A loopback, plain-HTTP configuration for tests and embedded use. */
    public static TaxiiServerConfig loopback(List<PartnerConfig> partners) {
        return new TaxiiServerConfig("127.0.0.1", 0, null, true, null, null, null, null, null, false, 0, 0, partners);
    }

    public TaxiiServerConfig withTls(Tls newTls) {
        return new TaxiiServerConfig(bindAddress, port, newTls, allowPlainHttp, publicUrl, title, description, contact, defaultApiRoot,
                anonymousDiscovery, maxPageSize, maxContentLength, partners);
    }

    public TaxiiServerConfig withLimits(int newMaxPageSize, long newMaxContentLength) {
        return new TaxiiServerConfig(bindAddress, port, tls, allowPlainHttp, publicUrl, title, description, contact, defaultApiRoot,
                anonymousDiscovery, newMaxPageSize, newMaxContentLength, partners);
    }

    public TaxiiServerConfig withAnonymousDiscovery(boolean allowed) {
        return new TaxiiServerConfig(bindAddress, port, tls, allowPlainHttp, publicUrl, title, description, contact, defaultApiRoot,
                allowed, maxPageSize, maxContentLength, partners);
    }

    public static TaxiiServerConfig load(Path yaml) throws IOException {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return m.readValue(yaml.toFile(), TaxiiServerConfig.class);
    }
}
