package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsTunnellingTest {
    private static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";

    private static DnsLookup q(double t, String host, String name, String type) {
        return new DnsLookup(at(t), host, 50000, "10.10.0.10", 53, name, type, false, null, 0, 0);
    }

    private static String base32(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(B32.charAt(r.nextInt(32)));
        return b.toString();
    }

    @Test
    void base32ChunksUnderOneDomainAreATunnel() {
        Random r = new Random(1);
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < 400; i++) e.add(q(i * 0.2, "10.20.1.18", base32(r, 52) + "." + base32(r, 8) + ".t.akamai-dnsedge.example", "NULL"));
        List<Finding> f = run(new DnsTunnelling(new DnsTunnelling.Settings()), e);
        assertThat(f).hasSize(1);
        Finding t = f.getFirst();
        assertThat(t.signature()).isEqualTo(BehaviorSignature.DNS_TUNNEL);
        assertThat(t.name()).isEqualTo("akamai-dnsedge.example");
        assertThat(t.nameField()).isEqualTo("dns.rrname");
        assertThat(t.dst()).isEqualTo("10.10.0.10");
        assertThat(t.dstPort()).isEqualTo(53);
        assertThat((Integer) t.evidence().get("unique_subdomains")).isEqualTo(100);
        assertThat((Double) t.evidence().get("mean_entropy_bits_per_char")).isGreaterThan(4.0);
        assertThat((Double) t.evidence().get("data_type_share")).isEqualTo(1.0);
    }

    @Test
    void fiftyHostsResolvingACdnAndTelemetryAreNot() {
        Random r = new Random(2);
        List<NetworkEvent> e = new ArrayList<>();
        String[] names = {"www", "static", "img", "api", "cdn", "assets", "fonts", "v10.events", "settings-win", "login"};
        for (int i = 0; i < 5000; i++) {
            String host = "10.20.1." + (10 + r.nextInt(50));
            String domain = new String[] {"contoso-cdn.example", "telemetry-os.example", "news.example.co.uk", "akamaized.net"}[r.nextInt(4)];
            e.add(q(i * 0.5, host, names[r.nextInt(names.length)] + "." + domain, r.nextInt(10) == 0 ? "AAAA" : "A"));
        }
        // reverse lookups and service discovery: many unique names, never tunnels
        for (int i = 0; i < 600; i++) e.add(q(i, "10.20.1.99", (i % 250) + "." + (i / 250) + ".20.10.in-addr.arpa", "PTR"));
        for (int i = 0; i < 300; i++) e.add(q(i, "10.20.1.98", "printer-" + i + "._ipp._tcp.corp.example", "SRV"));
        assertThat(run(new DnsTunnelling(new DnsTunnelling.Settings()), e)).isEmpty();
    }

    @Test
    void manyUniqueButShortLowEntropyNamesNeedTheVolumeRule() {
        List<NetworkEvent> e = new ArrayList<>();
        // a host asking for shard names of one service: unique, short, hardly random
        for (int i = 0; i < 300; i++) e.add(q(i, "10.20.1.10", "node" + i + ".shards.example", "A"));
        assertThat(run(new DnsTunnelling(new DnsTunnelling.Settings()), e)).isEmpty();
        for (int i = 300; i < 1100; i++) e.add(q(i, "10.20.1.10", "node" + i + ".shards.example", "A"));
        assertThat(run(new DnsTunnelling(new DnsTunnelling.Settings()), e)).extracting(x -> x.evidence().get("why")).containsExactly("volume of unique names");
    }

    @Test
    void entropyOfKnownStrings() {
        assertThat(DnsTunnelling.entropy("aaaa")).isZero();
        assertThat(DnsTunnelling.entropy("abab")).isEqualTo(1.0);
        assertThat(DnsTunnelling.entropy("abcdefgh")).isEqualTo(3.0);
    }

    @Test
    void aFloodOfDomainsStaysWithinTheCap() {
        DnsTunnelling.Settings s = new DnsTunnelling.Settings();
        s.maxKeys = 1000;
        DnsTunnelling d = new DnsTunnelling(s);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) d.observe(q(i * 0.001, "10.0." + (i >> 8 & 255) + "." + (i & 255), "x.d" + i + ".example", "A"), out::add);
        assertThat(d.trackedKeys()).isLessThanOrEqualTo(1000);
        assertThat(d.evicted()).isGreaterThanOrEqualTo(999_000);
        assertThat(out).isEmpty();
    }
}
