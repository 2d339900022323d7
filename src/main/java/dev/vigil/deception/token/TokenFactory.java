package dev.vigil.deception.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Makes the values of new honeytokens: random and unguessable where it matters (passwords, secrets,
 * canary labels, URL paths all come from a SecureRandom with at least 80 bits), plausible where an
 * intruder judges them (a service account's name, an AWS-style access key, a static-asset URL).
 */
public final class TokenFactory {
    /** The zone canary names live under when none is configured; .internal is reserved for private use (ICANN, 2024), so a query for it goes to the site's own resolvers, where the sensor sees it. */
    public static final String DEFAULT_ZONE = "canary.vigil.internal";

    private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
    private static final String[] SERVICES = {"backup", "sql", "deploy", "scan", "report", "sync", "ldap", "vpn", "print", "monitor", "build", "archive"};

    private final SecureRandom rng;
    private final String zone;
    private final String beaconHost;

    /**
     * @param zone       the canary zone (a name under it is a DNS token)
     * @param beaconHost the host web bugs and document beacons point at (a decoy web server, or a name under the zone)
     */
    public TokenFactory(SecureRandom rng, String zone, String beaconHost) {
        this.rng = rng;
        this.zone = normalise(zone == null ? DEFAULT_ZONE : zone);
        this.beaconHost = beaconHost == null ? "static." + this.zone : beaconHost.toLowerCase(Locale.ROOT);
    }

    public TokenFactory() {
        this(new SecureRandom(), DEFAULT_ZONE, null);
    }

    public String zone() { return zone; }

    private static String normalise(String zone) {
        String z = zone.trim().toLowerCase(Locale.ROOT);
        while (z.endsWith(".")) z = z.substring(0, z.length() - 1);
        while (z.startsWith(".")) z = z.substring(1);
        if (z.isEmpty() || z.length() > 200 || !z.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("not a DNS zone name: '" + zone + "'");
        }
        return z;
    }

    /**
     * The values of a new token of {@code type}; {@code username} (credential tokens) is the operator's
     * choice or, when null, a plausible service account.
     */
    public Map<String, String> values(TokenType type, String username) {
        Map<String, String> v = new LinkedHashMap<>();
        switch (type) {
            case CREDENTIAL -> credential(v, username);
            case API_KEY -> apiKey(v);
            case DNS -> v.put(Honeytoken.DNS_NAME, random(LOWER_DIGITS, 20) + "." + zone);
            case URL, DOCX, PDF -> v.put(Honeytoken.URL, "http://" + beaconHost + "/static/" + random(LOWER_DIGITS, 24) + (type == TokenType.URL ? ".gif" : ".png"));
            case ENV -> {
                credential(v, username);
                apiKey(v);
            }
            case INI -> credential(v, username);
        }
        return v;
    }

    private void credential(Map<String, String> v, String username) {
        String user = username != null && !username.isBlank() ? username.trim()
                : "svc_" + SERVICES[rng.nextInt(SERVICES.length)] + (10 + rng.nextInt(90));
        v.put(Honeytoken.USERNAME, user);
        // 18 characters of a 57-letter alphabet (105 bits); the symbol some password policies want comes last,
        // so the alphanumeric run a detection matches on stays whole when a form encodes it
        v.put(Honeytoken.PASSWORD, random(ALNUM, 18) + "!");
    }

    private void apiKey(Map<String, String> v) {
        v.put(Honeytoken.ACCESS_KEY_ID, "AKIA" + random(BASE32, 16));
        v.put(Honeytoken.SECRET_KEY, random(SECRET, 40));
    }

    /** A new token id, in the style of STIX ids. */
    public String newId() {
        return "honeytoken--" + new UUID(rng.nextLong() & 0xffffffffffff0fffL | 0x4000L, rng.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }

    private String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        return b.toString();
    }

    public Honeytoken create(TokenType type, String memo, String planted, String username, int sid, Instant now) {
        return create(type, memo, planted, username, null, sid, now);
    }

    /**
     * A token whose password is given (a fake credential already planted, say in a script written before
     * Vigil ran) rather than drawn; null draws one.
     */
    public Honeytoken create(TokenType type, String memo, String planted, String username, String password, int sid, Instant now) {
        if (memo == null || memo.isBlank()) throw new IllegalArgumentException("a token needs a memo: who planted it where, so an alert says what was touched");
        Map<String, String> v = values(type, username);
        if (password != null) {
            if (!v.containsKey(Honeytoken.PASSWORD)) throw new IllegalArgumentException("a " + type.cliName + " token has no password");
            if (password.length() < 8) throw new IllegalArgumentException("a planted password must have at least 8 characters, or it is guessable and its use tells nothing");
            v.put(Honeytoken.PASSWORD, password);
        }
        return new Honeytoken(newId(), type, memo.strip(), planted == null || planted.isBlank() ? null : planted.strip(), now, null, v, sid);
    }
}
