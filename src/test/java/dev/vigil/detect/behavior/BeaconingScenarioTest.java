package dev.vigil.detect.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scenario.key.Activity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The beaconing detector on generated scenarios: the campaign's beacon is found, the organisation's own
 * timers (telemetry every 15 minutes from every workstation, NTP, WSUS, nightly package fetches) and the
 * browsing around them raise nothing, and every benign key that could be judged ranks below the beacon.
 */
class BeaconingScenarioTest {
    private record Trial(ScenarioTrial.Outcome outcome, Beaconing detector, Activity activity) {}

    private static Trial trial(String scenario, long seed, int hosts, Beaconing.Settings settings) throws Exception {
        ScenarioTrial.Prepared p = ScenarioTrial.prepare(scenario, seed, hosts, 24);
        List<Beaconing> made = new ArrayList<>();
        ScenarioTrial.Outcome o = ScenarioTrial.run(p, new BehaviorConfig(), home -> {
            Beaconing b = new Beaconing(settings, home);
            made.add(b);
            return List.of(b);
        });
        Activity a = p.key().activities().stream().filter(x -> x.id().equals(scenario)).findFirst().orElseThrow();
        return new Trial(o, made.getFirst(), a);
    }

    /** A key of the activity: from its source to its destination's address or (registered) domain. */
    private static boolean ofActivity(Beaconing.Scored s, Activity a) {
        String src = a.source().ip(), dst = a.destination().ip(), domain = a.destination().domain();
        if (!s.subject().startsWith(src + ">")) return false;
        String target = s.subject().substring(src.length() + 1);
        return target.equals(dst) || domain != null && (target.equals(domain) || target.equals(RegisteredDomain.of(domain)));
    }

    @ParameterizedTest(name = "{0} seed {1}, {2} hosts")
    @CsvSource({
        "c2-https-beacon, 1, 10", "c2-https-beacon, 2, 10", "c2-https-beacon, 3, 10", "c2-https-beacon, 1, 25",
        "c2-dns, 1, 10", "c2-dns, 2, 10", "c2-dns, 3, 10", "c2-dns, 1, 25"})
    void findsTheBeaconAndNothingElse(String scenario, long seed, int hosts) throws Exception {
        Beaconing.Settings settings = new Beaconing.Settings();
        Trial t = trial(scenario, seed, hosts, settings);
        var report = t.outcome.report();
        assertTrue(report.activity(scenario).orElseThrow().found(), "missed: " + t.outcome.findings());
        assertEquals(0, report.falseAlerts(), "false alerts: " + t.outcome.eveAlerts());
        assertFalse(t.outcome.findings().isEmpty());

        List<Beaconing.Scored> ranking = t.detector.ranking();
        List<Beaconing.Scored> beacon = ranking.stream().filter(s -> s.eligible() && ofActivity(s, t.activity)).toList();
        List<Beaconing.Scored> benign = ranking.stream().filter(s -> s.eligible() && !ofActivity(s, t.activity)).toList();
        assertFalse(beacon.isEmpty());
        double bestBeacon = beacon.stream().mapToDouble(Beaconing.Scored::score).max().orElseThrow();
        assertTrue(bestBeacon >= settings.threshold, "beacon scored " + beacon);
        Beaconing.Scored worstBenign = benign.getFirst();
        assertTrue(worstBenign.score() < bestBeacon && worstBenign.score() < settings.threshold, "benign above the beacon: " + worstBenign);

        // the confusers were there and looked like beacons before the prevalence discount
        List<Beaconing.Scored> telemetry = benign.stream().filter(s -> "tls.sni".equals(s.nameField()) && s.subject().contains("telemetry-os.example")).toList();
        assertTrue(telemetry.size() >= hosts / 2, "telemetry keys: " + telemetry.size());
        for (Beaconing.Scored s : telemetry) {
            assertTrue(s.timestampScore() >= 0.9, "telemetry is a clock: " + s);
            assertTrue(s.score() < bestBeacon, "and ranks below the beacon: " + s);
        }
        List<Beaconing.Scored> clocks = benign.stream().filter(s -> s.timestampScore() >= 0.9).toList();
        assertTrue(clocks.size() >= 2 * telemetry.size(), "telemetry by name and by address, NTP: " + clocks.size());
        List<Beaconing.Scored> ntp = benign.stream().filter(s -> s.periodSeconds() > 1000 && s.periodSeconds() < 1050 && s.timestampScore() > 0.9).toList();
        assertTrue(ntp.size() >= 3, "servers keep time with the pool every 1,024 s: " + ntp);
        for (Beaconing.Scored s : ntp) assertTrue(s.score() < bestBeacon, s.toString());
    }

    @ParameterizedTest(name = "{0} seed {1}, {2} hosts, inside destinations judged")
    @CsvSource({"c2-https-beacon, 2, 10", "c2-dns, 3, 25"})
    void insideTimersRankBelowTheBeaconToo(String scenario, long seed, int hosts) throws Exception {
        Beaconing.Settings settings = new Beaconing.Settings();
        settings.internalDestinations = true;
        Trial t = trial(scenario, seed, hosts, settings);
        var report = t.outcome.report();
        assertTrue(report.activity(scenario).orElseThrow().found());
        assertEquals(0, report.falseAlerts(), "false alerts: " + t.outcome.eveAlerts());
        HomeNet home = new HomeNet(List.of("10.0.0.0/8"));
        List<Beaconing.Scored> ranking = t.detector.ranking();
        double bestBeacon = ranking.stream().filter(s -> ofActivity(s, t.activity)).mapToDouble(Beaconing.Scored::score).max().orElseThrow();
        // NTP to the domain controller every 2,048 s, the update agent asking WSUS every hour
        List<Beaconing.Scored> inside = ranking.stream()
                .filter(s -> s.eligible() && !ofActivity(s, t.activity) && s.nameField() == null && home.contains(s.subject().substring(s.subject().indexOf('>') + 1)))
                .filter(s -> s.timestampScore() >= 0.9)
                .toList();
        assertTrue(inside.size() >= 3, "regular inside timers: " + inside);
        for (Beaconing.Scored s : inside) assertTrue(s.score() < bestBeacon && s.score() < settings.threshold, s.toString());
    }
}
