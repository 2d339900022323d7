package dev.vigil.deception.token;

import dev.vigil.deception.decoy.TokenLookup;
import dev.vigil.deception.decoy.TokenUse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The active honeytokens as decoys look them up: a login whose password (or API secret) is a token's, a
 * query for a canary name or a name under it, a request for a beacon path. A token's user name alone
 * is not enough at a decoy, since a brute force may guess a plausible name like {@code svc_backup};
 * its random password is what only the finder of the token knows.
 */
public final class TokenDirectory implements TokenLookup {
    private final Map<String, Honeytoken> byPassword = new HashMap<>();
    private final Map<String, Honeytoken> byDnsName = new HashMap<>();
    private final Map<String, Honeytoken> byPath = new HashMap<>();

    public TokenDirectory(List<Honeytoken> tokens) {
        for (Honeytoken t : tokens) {
            if (!t.active()) continue;
            put(byPassword, t.value(Honeytoken.PASSWORD), t);
            put(byPassword, t.value(Honeytoken.SECRET_KEY), t);
            String dns = t.value(Honeytoken.DNS_NAME);
            if (dns != null) byDnsName.put(dns.toLowerCase(Locale.ROOT), t);
            String url = t.value(Honeytoken.URL);
            if (url != null) byPath.put(java.net.URI.create(url).getRawPath(), t);
        }
    }

    private static void put(Map<String, Honeytoken> m, String key, Honeytoken t) {
        if (key != null && !key.isEmpty()) m.put(key, t);
    }

    public int size() {
        return byPassword.size() + byDnsName.size() + byPath.size();
    }

    @Override
    public TokenUse credential(String user, String password) {
        return password == null ? null : use(byPassword.get(password));
    }

    @Override
    public TokenUse dnsName(String name) {
        if (name == null) return null;
        String n = name.toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        // the name itself or any name under it (canarytokens' style of carrying data in extra labels)
        for (int dot = -1; ; dot = n.indexOf('.', dot + 1)) {
            Honeytoken t = byDnsName.get(n.substring(dot + 1));
            if (t != null) return use(t);
            if (n.indexOf('.', dot + 1) < 0) return null;
        }
    }

    @Override
    public TokenUse url(String host, String path) {
        if (path == null) return null;
        int q = path.indexOf('?');
        return use(byPath.get(q < 0 ? path : path.substring(0, q)));
    }

    private static TokenUse use(Honeytoken t) {
        return t == null ? null : new TokenUse(t.id(), t.type().cliName, t.memo());
    }
}
