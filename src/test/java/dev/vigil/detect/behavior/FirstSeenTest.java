package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstSeenTest {
    private static HttpExchange download(double t, String host, String type) {
        return new HttpExchange(at(t), "10.20.1.18", 50000, "203.0.113.180", 80, host, "GET", "/s/lure.zip", "Mozilla/5.0", 200, 0, 200_000, type, null);
    }

    private static List<NetworkEvent> warm() {
        List<NetworkEvent> e = new ArrayList<>();
        e.add(new DnsLookup(at(0), "10.20.1.18", 5353, "10.10.0.10", 53, "www.example.org", "A", false, null, 0, 0));
        return e;
    }

    @Test
    void anArchiveFromADomainSeenMinutesAgoIsReported() {
        List<NetworkEvent> e = warm();
        e.add(new DnsLookup(at(7200), "10.20.1.18", 5353, "10.10.0.10", 53, "docs.sharepoint-files.example", "A", false, null, 0, 0));
        e.add(download(7205, "docs.sharepoint-files.example", "application/x-zip-compressed"));
        List<Finding> f = run(new FirstSeen(new FirstSeen.Settings()), e);
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.FIRST_SEEN_DOMAIN);
        assertThat(f.getFirst().name()).isEqualTo("docs.sharepoint-files.example");
        assertThat(f.getFirst().nameField()).isEqualTo("http.hostname");
        assertThat(f.getFirst().evidence()).containsEntry("domain", "sharepoint-files.example").containsEntry("first_seen_seconds_before", 5L);
    }

    @Test
    void oldDomainsPagesAndTheFirstHourAreNot() {
        List<NetworkEvent> e = warm();
        e.add(new DnsLookup(at(3700), "10.20.1.18", 5353, "10.10.0.10", 53, "files.vendor.example", "A", false, null, 0, 0));
        e.add(download(3700 + 5 * 3600, "files.vendor.example", "application/zip"));
        e.add(download(7200, "news.other.example", "text/html"));
        e.add(download(60, "early.example", "application/zip"));
        assertThat(run(new FirstSeen(new FirstSeen.Settings()), e)).isEmpty();
    }

    @Test
    void aJa4NotSeenDuringLearningIsReportedOnce() {
        FirstSeen.Settings s = new FirstSeen.Settings();
        s.ja4LearningHours = 1;
        List<NetworkEvent> e = new ArrayList<>();
        e.add(new TlsHello(at(0), "10.20.1.10", 50000, "192.0.2.10", 443, "a.example", null, "t13d1516h2_8daaf6152771_02713d6af862", "TLS 1.3"));
        e.add(new TlsHello(at(7200), "10.20.1.11", 50000, "192.0.2.11", 443, "b.example", null, "t13d1516h2_8daaf6152771_02713d6af862", "TLS 1.3"));
        e.add(new TlsHello(at(7300), "10.20.1.18", 50001, "203.0.113.209", 443, "cdn.c2.example", null, "t13d131000_f57a46bbacb6_e7c285222651", "TLS 1.3"));
        e.add(new TlsHello(at(7360), "10.20.1.18", 50002, "203.0.113.209", 443, "cdn.c2.example", null, "t13d131000_f57a46bbacb6_e7c285222651", "TLS 1.3"));
        List<Finding> f = run(new FirstSeen(s), e);
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.FIRST_SEEN_JA4);
        assertThat(f.getFirst().src()).isEqualTo("10.20.1.18");
    }
}
