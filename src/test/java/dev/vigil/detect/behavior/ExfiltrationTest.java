package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExfiltrationTest {
    private static final HomeNet HOME = new HomeNet(List.of("10.0.0.0/8"));

    private static Connection up(double t, String src, int sport, String dst, long out, long in) {
        return new Connection(at(t), 10_000_000_000L, src, sport, dst, 443, "tcp", "tls", out, in, out / 1400 + 1, in / 1400 + 1, ConnState.ESTABLISHED, false);
    }

    /** A workday of ordinary browsing for the host: a few hundred KB up an hour to popular sites. */
    private static List<NetworkEvent> ordinary(String host, int hours) {
        List<NetworkEvent> e = new ArrayList<>();
        for (int h = 0; h < hours; h++) for (int i = 0; i < 20; i++) {
            e.add(up(h * 3600 + i * 170, host, 40000 + h * 20 + i, "192.0.2." + (1 + i % 10), 30_000, 900_000));
            e.add(up(h * 3600 + i * 170 + 1, "10.20.1." + (50 + i % 5), 41000 + h * 20 + i, "192.0.2." + (1 + i % 10), 30_000, 900_000));
        }
        return e;
    }

    @Test
    void twentyMegabytesToANewSiteAtNightIsReportedWithItsName() {
        List<NetworkEvent> e = ordinary("10.20.1.18", 10);
        e.add(new TlsHello(at(20 * 3600), "10.20.1.18", 50999, "203.0.113.220", 443, "upload.filesync-cloud.example", null, null, "TLS 1.2"));
        e.add(up(20 * 3600, "10.20.1.18", 50999, "203.0.113.220", 20_000_000, 40_000));
        List<Finding> f = run(new Exfiltration(new Exfiltration.Settings(), HOME), e);
        assertThat(f).extracting(Finding::signature).containsExactlyInAnyOrder(BehaviorSignature.EXFIL_VOLUME, BehaviorSignature.EXFIL_RARE_DESTINATION);
        assertThat(f).allSatisfy(x -> {
            assertThat(x.name()).isEqualTo("upload.filesync-cloud.example");
            assertThat(x.nameField()).isEqualTo("tls.sni");
            assertThat(x.src()).isEqualTo("10.20.1.18");
            assertThat((Double) x.evidence().get("producer_consumer_ratio")).isGreaterThan(0.9);
        });
    }

    @Test
    void bigDownloadsAndAHostThatAlwaysUploadsAreNot() {
        List<NetworkEvent> e = ordinary("10.20.1.18", 10);
        // a vendor update: big, but consumed, not produced
        e.add(up(11 * 3600, "10.20.1.18", 51000, "198.51.100.200", 200_000, 300_000_000));
        // a backup server that sends 50 MB to its offsite store every hour: its own usual
        for (int h = 0; h < 30; h++) e.add(up(h * 3600 + 60, "10.10.0.50", 52000 + h, "198.51.100.201", 50_000_000, 100_000));
        List<Finding> f = run(new Exfiltration(new Exfiltration.Settings(), HOME), e);
        // the backup's first hours are new to the detector: at most the rare-destination finding of the first upload
        assertThat(f).extracting(Finding::src).doesNotContain("10.20.1.18");
        assertThat(f.stream().filter(x -> x.signature() == BehaviorSignature.EXFIL_VOLUME && x.tsNanos() > at(3 * 3600))).isEmpty();
    }

    @Test
    void aFloodOfHostsStaysWithinTheCap() {
        Exfiltration.Settings s = new Exfiltration.Settings();
        s.maxHosts = 500;
        s.maxDestinations = 500;
        Exfiltration d = new Exfiltration(s, HOME);
        for (int i = 0; i < 200_000; i++) d.observe(up(i * 0.01, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 40000,
                "198.51." + (i >> 8 & 255) + "." + (i & 255), 1000, 1000), f -> { });
        assertThat(d.trackedKeys()).isLessThanOrEqualTo(500 + 500 + 50_000);
    }
}
