package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.BehaviorCorpus.ScenarioRun;
import dev.vigil.detect.behavior.BehaviorCorpus.TruthRow;
import dev.vigil.detect.behavior.BehaviorCorpus.Verdict;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The behavioural detectors against the labelled corpus (MANIFEST.md, truth.tsv). */
class BehaviorCorpusTest {
    /** The detectors under evaluation: the one place the corpus run takes them from. */
    static List<BehaviorDetector> detectors(HomeNet home) {
        return BehaviorDetectors.create(new BehaviorConfig(), home);
    }

    @Test
    void everyBeaconScanAndBruteforceRowIsFound() throws Exception {
        BehaviorCorpus.Report rep = BehaviorCorpus.evaluate(BehaviorCorpusTest::detectors);
        String table = rep.markdown();
        System.out.println(table);
        for (BehaviorCorpus.ScoredAlert a : rep.alerts()) {
            if (a.verdict() == BehaviorCorpus.Verdict.FALSE_POSITIVE) {
                System.out.println("false positive: " + a.scenario() + " " + a.finding().signature() + " " + a.finding().subject() + " " + a.finding().evidence());
            }
        }
        assertThat(rep.missed(Set.of("beacon", "scan", "bruteforce"))).as(table).isEmpty();
    }

    @Test
    void withoutDetectorsEveryScenarioIsReadAndNothingIsFound() throws Exception {
        BehaviorCorpus.Report rep = BehaviorCorpus.evaluate(h -> List.of());
        System.out.println(rep.markdown());
        assertThat(rep.runs()).extracting(ScenarioRun::scenario).containsExactlyElementsOf(BehaviorCorpus.scenarios());
        assertThat(rep.runs()).hasSize(13).allSatisfy(r -> assertThat(r.events()).as(r.scenario()).isPositive());
        assertThat(rep.runs().stream().filter(r -> r.source().equals("pcap")).map(ScenarioRun::scenario))
                .containsExactlyInAnyOrder("slips-test8-arp-scan", "slips-test12-icmp-sweep", "slips-test19-ssh-bruteforce");
        assertThat(rep.alerts()).isEmpty();
        assertThat(rep.found()).isEmpty();
        List<TruthRow> required = rep.truth().stream().filter(TruthRow::required).toList();
        assertThat(rep.missed(Set.copyOf(BehaviorCorpus.REQUIRED_KINDS))).containsExactlyInAnyOrderElementsOf(required);
        // every scenario named in truth.tsv is a directory of the corpus
        assertThat(BehaviorCorpus.scenarios()).containsAll(rep.truth().stream().map(TruthRow::scenario).distinct().toList());
    }

    @Test
    void everyRequiredRowHasEventsBetweenItsEndpoints() throws Exception {
        // necessary, not sufficient: the ARP sweeper shows through its ARP requests (the capture's one IP flow is QUIC), the
        // Kovter scan through Zeek's notices
        BehaviorCorpus.Report rep = BehaviorCorpus.evaluate(h -> List.of());
        List<String> invisible = new ArrayList<>();
        for (ScenarioRun run : rep.runs()) {
            for (TruthRow r : rep.truth()) {
                if (r.scenario().equals(run.scenario()) && r.required() && !run.visible().contains(r)) invisible.add(r.label());
            }
        }
        assertThat(invisible).isEmpty();
        assertThat(rep.runs().stream().filter(r -> r.scenario().equals("slips-test8-arp-scan")).findFirst().orElseThrow().events()).isGreaterThan(500);
    }

    @Test
    void theHomeNetworkIncludesAPublicVictim() {
        assertThat(BehaviorCorpus.homeNet("sdt-008-ctu-normal-40-day1").contains("147.32.81.167")).isTrue();
        assertThat(BehaviorCorpus.homeNet("sdt-008-ctu-normal-40-day1").contains("147.32.81.168")).isFalse();
        assertThat(BehaviorCorpus.homeNet("rita-missing-host").contains("64.225.56.201")).isTrue();
        assertThat(BehaviorCorpus.homeNet("sdt-001-njrat-cc").contains("192.168.1.115")).isTrue();
        assertThat(BehaviorCorpus.homeNet("sdt-001-njrat-cc").contains("64.225.56.201")).isFalse();
    }

    // ---- scoring by the manifest's rules, on made-up findings

    private static Finding finding(BehaviorSignature sig, String src, String dst, String name) {
        return new Finding(sig, 1, 0.9, src, 0, dst, 0, "tcp", src + ">" + dst, name, name == null ? null : "tls.sni", 0, 1, Map.of());
    }

    private static ScenarioRun run(String scenario, Finding... f) {
        return new ScenarioRun(scenario, "zeek", 1, List.of(f), Set.of());
    }

    @Test
    void scoringFollowsTheManifest() {
        TruthRow beacon = new TruthRow("a", "beacon", "10.0.0.5", "203.0.113.9", "C2");
        TruthRow scan = new TruthRow("a", "scan", "10.0.0.6", "*", "sweep");
        TruthRow bonus = new TruthRow("a", "other-malicious", "10.0.0.5", "198.51.100.1", "labelled CC");
        TruthRow derived = new TruthRow("b", "bruteforce", "198.51.100.7", "64.225.56.201", "DERIVED (not labelled upstream): 465 sessions");
        TruthRow catchAll = new TruthRow("c", "other-malicious", "*", "147.32.81.167", "catch-all: 4201 conn flows");
        TruthRow other = new TruthRow("c", "scan", "104.156.155.13", "147.32.81.167", "vertical");
        List<TruthRow> truth = List.of(beacon, scan, bonus, derived, catchAll, other);

        BehaviorCorpus.Report rep = BehaviorCorpus.score(truth, List.of(
                run("a",
                        finding(BehaviorSignature.BEACON_IP, "10.0.0.5", "203.0.113.9", null), // hit
                        finding(BehaviorSignature.SCAN_VERTICAL, "10.0.0.5", "203.0.113.9", null), // wrong kind: FP on truth endpoints
                        finding(BehaviorSignature.SCAN_SWEEP, "10.0.0.6", "10.0.0.77", null), // hit on a * row
                        finding(BehaviorSignature.LONG_CONNECTION, "10.0.0.5", "198.51.100.1", null), // any kind hits other-malicious
                        finding(BehaviorSignature.BEACON_DOMAIN, "10.0.0.9", "203.0.113.10", "good.example")), // FP
                run("b",
                        finding(BehaviorSignature.BRUTEFORCE_SSH, "198.51.100.7", "64.225.56.201", null)),
                run("c",
                        finding(BehaviorSignature.SCAN_HORIZONTAL, "45.140.140.75", "147.32.81.167", null), // excused by the catch-all
                        finding(BehaviorSignature.BEACON_IP, "147.32.81.167", "40.74.108.123", null)))); // FP: the victim's own traffic

        assertThat(rep.found()).containsExactlyInAnyOrder(beacon, scan, bonus, derived);
        assertThat(rep.alerts()).extracting(BehaviorCorpus.ScoredAlert::verdict).containsExactly(Verdict.TRUE_POSITIVE,
                Verdict.FALSE_POSITIVE, Verdict.TRUE_POSITIVE, Verdict.TRUE_POSITIVE, Verdict.FALSE_POSITIVE, Verdict.TRUE_POSITIVE,
                Verdict.EXCUSED, Verdict.FALSE_POSITIVE);
        assertThat(rep.alerts().get(1).onTruthEndpoints()).isTrue();
        assertThat(rep.alerts().get(4).onTruthEndpoints()).isFalse();
        // the catch-all is not a row to find
        assertThat(rep.missed(Set.of("scan", "other-malicious"))).containsExactly(other);
        String md = rep.markdown();
        assertThat(md).contains("| `a` | zeek | 1 | 5 | 2/2 | — | 1/1 | 3 | 0 | 2 | 2 | 0 |");
        assertThat(md).contains("| `b` | zeek | 1 | 1 | — | 1/1 | — | 1 | 0 | 0 | 0 | 0 |");
        assertThat(md).contains("| bruteforce | — | 1/1 | 1 | 0 | 0 | 0 | 0 |");
        assertThat(md).contains("| scan | 1/2 | — | 1 | 1 | 1 | 1 | 0 |");
    }

    @Test
    void unlabelledBackgroundMakesAlertsOnUnlistedSourcesUnknown() {
        TruthRow beacon = new TruthRow("rita-missing-host", "beacon", "73.54.23.243", "64.225.56.201", "README: HTTP beacon");
        BehaviorCorpus.Report rep = BehaviorCorpus.score(List.of(beacon), List.of(run("rita-missing-host",
                finding(BehaviorSignature.BRUTEFORCE_SSH, "85.209.11.254", "64.225.56.201", null),
                finding(BehaviorSignature.SCAN_VERTICAL, "73.54.23.243", "64.225.56.201", null),
                finding(BehaviorSignature.BEACON_IP, "73.54.23.243", "64.225.56.201", null))));
        // a listed source's wrong-kind alert is still a false positive; an unlisted one is unknown
        assertThat(rep.alerts()).extracting(BehaviorCorpus.ScoredAlert::verdict)
                .containsExactly(Verdict.UNKNOWN, Verdict.FALSE_POSITIVE, Verdict.TRUE_POSITIVE);
    }

    @Test
    void addressesCompareAsNumbersAndDomainsByName() {
        assertThat(BehaviorCorpus.matches("fd77:48a1:c0bb:0:b96c:506d:6c7f:e8be", "fd77:48a1:c0bb::b96c:506d:6c7f:e8be", null)).isTrue();
        assertThat(BehaviorCorpus.matches("10.0.0.1", "10.0.0.10", null)).isFalse();
        assertThat(BehaviorCorpus.matches("evil.example", "203.0.113.9", "Evil.Example.")).isTrue();
        assertThat(BehaviorCorpus.matches("*", "anything", null)).isTrue();
    }

    @Test
    void aDetectorsFindingsReachTheScoreThroughTheEngine() throws Exception {
        // a stand-in detector that names every NjRAT connection attempt: proves the wiring, not detection quality
        BehaviorDetector echo = new BehaviorDetector() {
            boolean done;

            @Override public String name() { return "echo"; }

            @Override
            public void observe(NetworkEvent e, Findings out) {
                if (!done && e instanceof Connection c && c.dstPort() == 1177) {
                    done = true;
                    out.report(new Finding(BehaviorSignature.BEACON_IP, c.endNanos(), 0.5, c.src(), 0, c.dst(), c.dstPort(), "tcp",
                            c.src() + ">" + c.dst(), null, null, c.tsNanos(), c.endNanos(), Map.of()));
                }
            }

            @Override public long trackedKeys() { return 0; }
        };
        List<TruthRow> truth = BehaviorCorpus.truth();
        ScenarioRun run = BehaviorCorpus.run("sdt-001-njrat-cc", truth, h -> List.of(echo));
        BehaviorCorpus.Report rep = BehaviorCorpus.score(truth, List.of(run));
        assertThat(run.events()).isEqualTo(992);
        assertThat(rep.found()).extracting(TruthRow::kind).containsExactly("beacon");
        assertThat(rep.count(Verdict.TRUE_POSITIVE)).isEqualTo(1);
    }
}
