package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorField;
import dev.vigil.detect.ioc.IndicatorInfo;
import dev.vigil.detect.ioc.IndicatorSet;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/** Synthetic indicator sets for benchmarks and memory tests, in the proportions of public feeds. */
public final class IndicatorSets {
    private IndicatorSets() {}

    private static final List<String> LABELS = List.of("malicious-activity");

    /**
     * {@code n} indicators: 55% IPv4 addresses, 5% IPv4 blocks, 2% IPv6 addresses, 20% domains, 3% domain
     * suffixes, 5% URLs, 10% SHA-256 hashes; one in a thousand is an address {@code seen} records show (each
     * once), so lookups also hit.
     */
    public static IndicatorSet synthetic(int n, JsonNode[] seen, long seed) {
        Random rnd = new Random(seed);
        IndicatorSet.Builder b = new IndicatorSet.Builder();
        // each value the day shows at most once, as a feed lists it once
        java.util.List<String> shown = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(
                java.util.Arrays.stream(seen == null ? new JsonNode[0] : seen).map(r -> r.path("dest_ip").asText("")).filter(s -> !s.isEmpty()).toList()));
        java.util.Collections.shuffle(shown, rnd);
        for (int i = 0; i < n; i++) {
            IndicatorInfo info = new IndicatorInfo("indicator--" + new java.util.UUID(rnd.nextLong(), rnd.nextLong()), null, "2099-01-01T00:00:00Z", 75, LABELS, List.of());
            Atom a;
            if (i % 1000 == 0 && i / 1000 < shown.size()) {
                a = Atom.equal(IndicatorField.IP, shown.get(i / 1000));
            } else {
                int k = rnd.nextInt(100);
                if (k < 55) a = Atom.equal(IndicatorField.IP, ipv4(rnd));
                else if (k < 60) a = Atom.block(IndicatorField.IP, ipv4(rnd) + "/" + (16 + rnd.nextInt(13)));
                else if (k < 62) a = Atom.equal(IndicatorField.IP, "2001:db8:" + Integer.toHexString(rnd.nextInt(65536)) + "::" + Integer.toHexString(rnd.nextInt(65536)));
                else if (k < 82) a = Atom.equal(IndicatorField.DOMAIN, name(rnd) + "." + name(rnd) + ".com");
                else if (k < 85) a = Atom.underDomain(name(rnd) + ".net");
                else if (k < 90) a = Atom.equal(IndicatorField.URL, "http://" + name(rnd) + ".org/" + name(rnd) + "/" + name(rnd) + ".php");
                else a = Atom.equal(IndicatorField.SHA256, hex(rnd, 32));
            }
            b.add(info, List.of(List.of(a)));
        }
        return b.build();
    }

    private static String ipv4(Random r) {
        return (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    private static String name(Random r) {
        StringBuilder s = new StringBuilder();
        int len = 5 + r.nextInt(8);
        for (int i = 0; i < len; i++) s.append((char) ('a' + r.nextInt(26)));
        return s.toString();
    }

    private static String hex(Random r, int bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes; i++) s.append(String.format("%02x", r.nextInt(256)));
        return s.toString();
    }

    public static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
