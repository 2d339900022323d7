package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static dev.vigil.detect.behavior.Events.syn;
import static dev.vigil.detect.behavior.Events.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ArpMessage;
import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanningTest {
    private static Scanning scanning() {
        return new Scanning(new Scanning.Settings());
    }

    @Test
    void manyRefusedPortsOnOneHostIsAVerticalScan() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int p = 1; p <= 40; p++) e.add(tcp(p * 0.1, "192.168.1.9", 50000 + p, "45.33.32.156", p, ConnState.REJECTED, 1, 1, null));
        List<Finding> f = run(scanning(), e);
        assertThat(f).extracting(Finding::signature).contains(BehaviorSignature.SCAN_VERTICAL);
        Finding v = f.stream().filter(x -> x.signature() == BehaviorSignature.SCAN_VERTICAL).findFirst().orElseThrow();
        assertThat(v.src()).isEqualTo("192.168.1.9");
        assertThat(v.dst()).isEqualTo("45.33.32.156");
        assertThat((Integer) v.evidence().get("ports")).isGreaterThanOrEqualTo(15);
        assertThat(v.score()).isBetween(0.5, 1.0);
    }

    @Test
    void oneUnansweredPortOnManyHostsIsAHorizontalScan() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int h = 1; h <= 30; h++) e.add(syn(h, "10.0.0.5", "10.1.2." + h, 445));
        List<Finding> f = run(scanning(), e);
        assertThat(f).extracting(Finding::signature).contains(BehaviorSignature.SCAN_HORIZONTAL);
        assertThat(f.stream().filter(x -> x.signature() == BehaviorSignature.SCAN_HORIZONTAL).findFirst().orElseThrow().dstPort()).isEqualTo(445);
    }

    @Test
    void completedConnectionsToEveryHostOfASubnetOnOnePortCountAsHorizontal() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int h = 1; h <= 29; h++) e.add(tcp(h, "10.0.2.112", 40000 + h, "10.0.2." + (h + 100), 80, ConnState.ESTABLISHED, 6, 5, "http"));
        assertThat(run(scanning(), e)).extracting(Finding::signature).containsExactly(BehaviorSignature.SCAN_HORIZONTAL);
    }

    @Test
    void aPingSweepIsASweep() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int h = 1; h <= 18; h++) {
            e.add(new Connection(at(h * 0.05), 1_000_000, "192.168.1.109", 0, "192.168.1." + h, 8, "icmp", null, 84, h % 2 == 0 ? 84 : 0,
                    1, h % 2 == 0 ? 1 : 0, h % 2 == 0 ? ConnState.ESTABLISHED : ConnState.UNANSWERED, false));
        }
        assertThat(run(scanning(), e)).extracting(Finding::signature).containsExactly(BehaviorSignature.SCAN_SWEEP);
    }

    @Test
    void askingTheWholeLanByArpIsASweepAndOrdinaryArpIsNot() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int h = 1; h <= 254; h++) e.add(new ArpMessage(at(h * 0.05), "192.168.1.247", "50:ed:3c:39:bc:d9", "192.168.1." + h, false));
        List<Finding> f = run(scanning(), e);
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.SCAN_SWEEP);
        assertThat(f.getFirst().proto()).isEqualTo("arp");
        List<NetworkEvent> ordinary = new ArrayList<>();
        for (int h = 1; h <= 30; h++) ordinary.add(new ArpMessage(at(h), "192.168.1.1", "00:11:22:33:44:55", "192.168.1." + h, false));
        for (int h = 1; h <= 300; h++) ordinary.add(new ArpMessage(at(100 + h), "192.168.1." + h % 250, "00:11:22:33:44:66", "192.168.1.1", true));
        for (int h = 1; h <= 300; h++) ordinary.add(new ArpMessage(at(200 + h * 0.1), "0.0.0.0", "00:11:22:33:44:77", "192.168.1." + h % 250, false));
        assertThat(run(scanning(), ordinary)).isEmpty();
    }

    @Test
    void aSlowScanOfAFewPortsAnHourIsFoundOverTheDay() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < 26; i++) e.add(syn(i * 3300, "185.156.72.48", "147.32.81.167", 1000 + i * 37));
        List<Finding> f = run(scanning(), e);
        assertThat(f).hasSize(1);
        assertThat(f.getFirst().signature()).isEqualTo(BehaviorSignature.SCAN_VERTICAL);
        assertThat(f.getFirst().evidence()).containsEntry("window", "slow");
    }

    @Test
    void aBusyBrowserIsNoScanner() {
        // 300 HTTPS connections in 5 minutes to 120 outside hosts in scattered networks, all completed with data, a few failed
        List<NetworkEvent> e = new ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            String dst = (20 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + i % 120 % 250);
            ConnState s = i % 25 == 0 ? ConnState.UNANSWERED : ConnState.ESTABLISHED;
            e.add(tcp(i, "10.20.1.10", 50000 + i, dst, 443, s, 12, 14, s == ConnState.ESTABLISHED ? "tls" : null));
        }
        assertThat(run(scanning(), e)).isEmpty();
    }

    @Test
    void aFloodOfSourcesStaysWithinTheCap() {
        Scanning.Settings s = new Scanning.Settings();
        s.maxSources = 1000;
        s.maxSlowPairs = 1000;
        Scanning d = new Scanning(s);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            d.observe(syn(i * 0.001, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "198.51.100.1", 22), out::add);
            assertThat(d.trackedKeys()).isLessThanOrEqualTo(2000);
        }
        assertThat(d.evicted()).isGreaterThan(190_000);
    }
}
