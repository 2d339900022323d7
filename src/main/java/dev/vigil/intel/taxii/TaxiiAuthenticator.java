package dev.vigil.intel.taxii;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@code Authorization} header into a {@link Partner}: HTTP Basic against PBKDF2 hashes, or
 * a bearer token against SHA-256 digests. PBKDF2 is slow on purpose, so a successful Basic check is
 * remembered for a few minutes under a digest of the credentials (never the password itself).
 */
final class TaxiiAuthenticator {
    private static final String DUMMY_HASH = PasswordHash.hash("not-a-password".toCharArray(), 1_000);

    private final Map<String, TaxiiServerConfig.PartnerConfig> byUser = new HashMap<>();
    private final Map<String, Partner> byToken = new HashMap<>();
    private final Map<String, Partner> partners = new HashMap<>();
    private final Cache<String, Partner> verified = CacheBuilder.newBuilder().maximumSize(1024).expireAfterWrite(Duration.ofMinutes(5)).build();

    TaxiiAuthenticator(List<TaxiiServerConfig.PartnerConfig> configs) {
        for (TaxiiServerConfig.PartnerConfig c : configs) {
            Partner p = c.partner();
            if (partners.put(c.name(), p) != null) throw new IllegalArgumentException("duplicate partner " + c.name());
            if (c.username() != null && c.passwordHash() != null && byUser.put(c.username(), c) != null)
                throw new IllegalArgumentException("duplicate username " + c.username());
            for (String t : c.tokenSha256()) {
                if (byToken.put(t.toLowerCase(Locale.ROOT), p) != null) throw new IllegalArgumentException("token configured twice");
            }
        }
    }

    /** The caller, {@link Partner#ANONYMOUS} without a header, or a 401 for bad credentials. */
    Partner authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) return Partner.ANONYMOUS;
        if (authorization.length() > 4096) throw unauthorized("credentials too long");
        int sp = authorization.indexOf(' ');
        String scheme = sp < 0 ? authorization : authorization.substring(0, sp);
        String value = sp < 0 ? "" : authorization.substring(sp + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer" -> {
                Partner p = value.isEmpty() ? null : byToken.get(PasswordHash.tokenDigest(value));
                if (p == null) throw unauthorized("unknown token");
                return p;
            }
            case "basic" -> {
                return basic(value);
            }
            default -> throw unauthorized("unsupported authorization scheme");
        }
    }

    private Partner basic(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw unauthorized("malformed Basic credentials");
        String user = decoded.substring(0, colon);
        String cacheKey = PasswordHash.tokenDigest(decoded);
        Partner cached = verified.getIfPresent(cacheKey);
        if (cached != null) return cached;
        TaxiiServerConfig.PartnerConfig c = byUser.get(user);
        char[] password = decoded.substring(colon + 1).toCharArray();
        // verify even for an unknown user, so response time does not tell which usernames exist
        boolean ok = PasswordHash.verify(password, c == null ? DUMMY_HASH : c.passwordHash()) && c != null;
        java.util.Arrays.fill(password, '\0');
        if (!ok) throw unauthorized("invalid username or password");
        Partner p = partners.get(c.name());
        verified.put(cacheKey, p);
        return p;
    }

    static TaxiiException unauthorized(String why) {
        return new TaxiiException(401, "Unauthorized", why);
    }
}
