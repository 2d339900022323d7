package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Data carried in DNS names. Per querying host and registered domain (public suffix list), over a
 * window: how many different subdomains it asked for, how long and how random (Shannon entropy per
 * character) they are, and the share of record types that carry data back (TXT, NULL, CNAME, MX, ANY).
 * A tunnel asks for hundreds of unique, long, random names under one domain; a CDN or a telemetry
 * service asks for a few names many times. Reverse lookups, service discovery and local names are
 * never tunnels.
 */
public final class DnsTunnelling implements BehaviorDetector {
    public static final class Settings {
        @JsonProperty("window_seconds")
        public long windowSeconds = 3600;
        /** Unique subdomains under one domain from one host within the window... */
        @JsonProperty("min_unique")
        public int minUnique = 100;
        /** ...whose mean length (characters left of the registered domain) is at least this... */
        @JsonProperty("min_mean_length")
        public double minMeanLength = 20;
        /** ...and whose mean entropy is at least this many bits per character. */
        @JsonProperty("min_mean_entropy")
        public double minMeanEntropy = 3.3;
        /** So many unique subdomains are a tunnel whatever they look like (a dictionary encoding, hex of short chunks). */
        @JsonProperty("volume_unique")
        public int volumeUnique = 1000;
        /** Data-carrying record types (TXT, NULL, ...) for at least this share of at least {@code data_type_queries} queries. */
        @JsonProperty("data_type_share")
        public double dataTypeShare = 0.5;
        @JsonProperty("data_type_queries")
        public int dataTypeQueries = 200;
        @JsonProperty("max_keys")
        public int maxKeys = 50_000;
    }

    private static final Set<String> DATA_TYPES = Set.of("TXT", "NULL", "CNAME", "MX", "ANY", "SRV", "KEY", "PRIVATE");
    /** Names counted per key: enough to cross every threshold, little enough that a flood of keys stays small (4 KiB each). */
    private static final int MAX_UNIQUE_KEPT = 1024;

    private final Settings s;
    private final long window;
    private final BoundedMap<String, Key> keys;

    private static final class Key {
        long start, first, last;
        final IntSet unique = new IntSet(MAX_UNIQUE_KEPT);
        long queries, dataTypes, lengthSum, nameBytes;
        double entropySum;
        int sampled;
        String resolver, client, domain, longest = "";
        int resolverPort;
        boolean reported;
    }

    public DnsTunnelling(Settings s) {
        this.s = s;
        this.window = s.windowSeconds * 1_000_000_000L;
        this.keys = new BoundedMap<>(s.maxKeys);
    }

    @Override
    public String name() { return "dns-tunnelling"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (!(e instanceof DnsLookup d) || d.response() || d.query() == null) return;
        String q = d.query().toLowerCase(Locale.ROOT);
        while (q.endsWith(".")) q = q.substring(0, q.length() - 1);
        if (q.endsWith(".arpa") || q.endsWith(".local") || q.contains("._tcp.") || q.contains("._udp.")) return;
        String domain = RegisteredDomain.of(q);
        if (domain == null) return;
        String sub = RegisteredDomain.subdomain(q, domain);
        String key = d.src() + ">" + domain;
        long t = d.orderNanos();
        Key k = keys.get(key);
        if (k == null || t - k.start > window) {
            k = new Key();
            k.start = t;
            k.first = d.tsNanos();
            k.client = d.src();
            k.domain = domain;
            keys.put(key, k);
        }
        k.last = d.tsNanos();
        k.queries++;
        k.nameBytes += q.length();
        k.resolver = d.dst();
        k.resolverPort = d.dstPort();
        if (d.qtype() != null && DATA_TYPES.contains(d.qtype().toUpperCase(Locale.ROOT))) k.dataTypes++;
        if (!sub.isEmpty() && k.unique.add(sub.hashCode())) {
            k.lengthSum += sub.length();
            k.entropySum += entropy(sub);
            k.sampled++;
            if (sub.length() > k.longest.length() && sub.length() <= 255) k.longest = sub;
        }
        if (k.reported) return;
        double meanLength = k.sampled == 0 ? 0 : k.lengthSum / (double) k.sampled;
        double meanEntropy = k.sampled == 0 ? 0 : k.entropySum / k.sampled;
        int unique = k.unique.size();
        boolean encoded = unique >= s.minUnique && meanLength >= s.minMeanLength && meanEntropy >= s.minMeanEntropy;
        boolean volume = unique >= s.volumeUnique;
        boolean dataTypes = k.queries >= s.dataTypeQueries && k.dataTypes >= s.dataTypeShare * k.queries && unique >= s.minUnique / 2;
        if (!(encoded || volume || dataTypes)) return;
        k.reported = true;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("domain", domain);
        ev.put("unique_subdomains", unique);
        ev.put("queries", k.queries);
        ev.put("mean_subdomain_length", meanLength);
        ev.put("mean_entropy_bits_per_char", meanEntropy);
        ev.put("data_type_share", k.dataTypes / (double) k.queries);
        ev.put("bytes_per_query", k.nameBytes / (double) k.queries);
        ev.put("window_seconds", (t - k.start) / 1_000_000_000L);
        ev.put("longest_subdomain", k.longest.length() > 80 ? k.longest.substring(0, 80) : k.longest);
        ev.put("why", encoded ? "unique long random names" : volume ? "volume of unique names" : "data-carrying record types");
        double score = Math.min(1, 0.6 + 0.4 * Math.min(1, unique / (4.0 * s.minUnique)));
        out.report(new Finding(BehaviorSignature.DNS_TUNNEL, d.tsNanos(), score, k.client, 0, k.resolver, k.resolverPort, "udp", key, domain,
                "dns.rrname", k.first, d.tsNanos(), ev));
    }

    /** Shannon entropy of the characters of {@code s}, bits per character (dots count as characters). */
    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++;
            else other++;
        }
        double h = 0, n = s.length();
        for (int c : counts) if (c > 0) h -= c / n * (Math.log(c / n) / Math.log(2));
        if (other > 0) h -= other / n * (Math.log(other / n) / Math.log(2));
        return h;
    }

    @Override
    public void advance(long now, Findings out) {
        for (Iterator<Key> it = keys.values().iterator(); it.hasNext(); ) if (now - it.next().start > window) it.remove();
    }

    @Override
    public long trackedKeys() { return keys.size(); }

    @Override
    public long evicted() { return keys.evicted(); }
}
