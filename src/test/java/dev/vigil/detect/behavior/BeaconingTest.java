package dev.vigil.detect.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BeaconingTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_772_409_600L * S; // 2026-03-02T00:00:00Z
    private static final HomeNet HOME = new HomeNet(HomeNet.PRIVATE);
    private static final String HOST = "10.1.1.5", C2 = "203.0.113.7";

    /** Start times (ns) from T0 for {@code hours} with intervals from {@code interval} (seconds). */
    private static List<Long> schedule(double hours, DoubleSupplier interval) {
        List<Long> ts = new ArrayList<>();
        for (double t = 0; t < hours * 3600; t += interval.getAsDouble()) ts.add(T0 + (long) (t * S));
        return ts;
    }

    private static Connection conn(long ts, String src, String dst, long bytesOut) {
        return new Connection(ts, 200_000_000L, src, 50_000 + (int) (ts / S % 10_000), dst, 443, "tcp", "tls", bytesOut, 2_400,
                9, 8, ConnState.ESTABLISHED, false);
    }

    private static List<NetworkEvent> conns(List<Long> ts, String src, String dst, long bytesOut) {
        List<NetworkEvent> out = new ArrayList<>();
        for (long t : ts) out.add(conn(t, src, dst, bytesOut));
        return out;
    }

    private record Run(List<Finding> findings, Beaconing detector) {
        List<Finding> of(BehaviorSignature sig, String subject) {
            return findings.stream().filter(f -> f.signature() == sig && f.subject().equals(subject)).toList();
        }

        Beaconing.Scored scored(BehaviorSignature sig, String subject) {
            return detector.ranking().stream().filter(x -> x.signature() == sig && x.subject().equals(subject)).findFirst().orElseThrow();
        }
    }

    /** Through the engine, as the sensor runs it: ordered delivery, a tick a minute, quiet times. */
    private static Run run(Beaconing.Settings s, List<NetworkEvent> events) {
        Beaconing b = new Beaconing(s, HOME);
        List<Finding> found = new ArrayList<>();
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), List.of(b), found::add);
        events.stream().sorted(Comparator.comparingLong(NetworkEvent::orderNanos)).forEach(engine::accept);
        engine.finish();
        return new Run(found, b);
    }

    /** Defaults but no learning period: these streams are hours long, the learning period half a day. */
    private static Beaconing.Settings quick() {
        Beaconing.Settings s = new Beaconing.Settings();
        s.learningSeconds = 0;
        return s;
    }

    private static Run run(List<NetworkEvent> events) {
        return run(quick(), events);
    }

    @Test
    void perfectMinuteBeaconScoresHighAndIsReportedOnce() {
        List<Long> ts = schedule(6, () -> 60);
        Run r = run(conns(ts, HOST, C2, 900));
        List<Finding> fs = r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2);
        assertEquals(1, fs.size(), "one finding in the quiet time: " + r.findings);
        Finding f = fs.getFirst();
        assertTrue(f.score() >= 0.95, "score " + f.score());
        assertEquals(HOST, f.src());
        assertEquals(C2, f.dst());
        assertEquals(443, f.dstPort());
        assertNull(f.name());
        // the alert carries the time of the last connection it used, never the engine's clock
        assertTrue(ts.contains(f.tsNanos()), "alert time is an event's time");
        assertEquals(f.tsNanos(), f.lastNanos());
        assertEquals(ts.getFirst(), f.firstNanos());
        assertTrue(f.tsNanos() >= ts.getFirst() + new Beaconing.Settings().minSpanSeconds * S, "not before the minimum span");
        Map<String, Object> ev = f.evidence();
        assertTrue((int) ev.get("connections") >= 20);
        assertEquals(60.0, (double) ev.get("median_interval_seconds"), 0.01);
        assertEquals(0.0, (double) ev.get("jitter_ratio"), 1e-9);
        assertEquals(900.0, (double) ev.get("bytes_median"), 1e-9);
        assertEquals(0, ev.get("prevalence_other_hosts"));
        assertTrue(r.scored(BehaviorSignature.BEACON_IP, HOST + ">" + C2).score() >= 0.95);
    }

    @Test
    void poissonTrafficScoresLow() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Long> ts = schedule(8, () -> -60 * Math.log(1 - rng.nextDouble()));
            SplittableRandom sizes = new SplittableRandom(seed + 100);
            List<NetworkEvent> ev = new ArrayList<>();
            for (long t : ts) ev.add(conn(t, HOST, C2, 500 + sizes.nextInt(20_000)));
            // the same times with constant sizes: regular sizes must not make irregular timing a beacon
            for (long t : ts) ev.add(conn(t, "10.1.1.6", C2, 900));
            Run r = run(ev);
            assertTrue(r.findings.isEmpty(), "seed " + seed + ": " + r.findings);
            for (String src : List.of(HOST, "10.1.1.6")) {
                Beaconing.Scored s = r.scored(BehaviorSignature.BEACON_IP, src + ">" + C2);
                assertTrue(s.eligible(), "enough connections to be judged");
                assertTrue(s.score() < 0.4, "seed " + seed + " Poisson scored " + s);
                assertTrue(s.jitter() > 0.4, "seed " + seed + " Poisson jitter " + s.jitter());
            }
        }
    }

    @Test
    void twentyPercentJitterStillScoresHigh() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Long> ts = schedule(6, () -> 60 * (0.8 + 0.4 * rng.nextDouble()));
            SplittableRandom sizes = new SplittableRandom(seed + 100);
            List<NetworkEvent> ev = new ArrayList<>();
            for (long t : ts) ev.add(conn(t, HOST, C2, 880 + sizes.nextInt(60)));
            Run r = run(ev);
            List<Finding> fs = r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2);
            assertEquals(1, fs.size(), "seed " + seed);
            assertTrue(fs.getFirst().score() >= 0.8, "seed " + seed + " score " + fs.getFirst().score());
        }
    }

    @Test
    void fiveMinuteBeaconWithTwentyPercentJitterBeatsRitasFixedMadmCap() {
        // RITA's timestamp MADM score reaches 0 at 30 s of MADM: a 5-minute beacon with ±20% jitter has
        // about that much, and is still plainly a beacon
        SplittableRandom rng = new SplittableRandom(7);
        List<Long> ts = schedule(12, () -> 300 * (0.8 + 0.4 * rng.nextDouble()));
        Run r = run(conns(ts, HOST, C2, 700));
        Beaconing.Scored s = r.scored(BehaviorSignature.BEACON_IP, HOST + ">" + C2);
        assertTrue(s.jitter() * s.periodSeconds() > 20, "MADM in seconds " + s.jitter() * s.periodSeconds());
        assertEquals(1, r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2).size());
    }

    @Test
    void missedBeatsCostOnlyTheirShare() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Long> all = schedule(8, () -> 60 * (0.9 + 0.2 * rng.nextDouble()));
        SplittableRandom drop = new SplittableRandom(4);
        List<Long> kept = all.stream().filter(t -> drop.nextInt(100) >= 20).toList();
        Run r = run(conns(kept, HOST, C2, 900));
        List<Finding> fs = r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2);
        assertEquals(1, fs.size(), "a fifth of the beats lost: " + r.detector.ranking().getFirst());
        assertTrue((int) fs.getFirst().evidence().get("missed_beats") > 0);
    }

    @Test
    void unansweredRetriesOfADeadC2Count() {
        SplittableRandom rng = new SplittableRandom(5);
        List<NetworkEvent> ev = new ArrayList<>();
        for (long t : schedule(6, () -> 120 * (0.9 + 0.2 * rng.nextDouble()))) {
            ev.add(new Connection(t, 3 * S, HOST, 40_000 + (int) (t / S % 20_000), C2, 8443, "tcp", null, 180, 0, 3, 0,
                    ConnState.UNANSWERED, false));
        }
        Run r = run(ev);
        List<Finding> fs = r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2);
        assertEquals(1, fs.size(), r.detector.ranking().toString());
        assertEquals(8443, fs.getFirst().dstPort());
    }

    @Test
    void aScheduleEveryWorkstationKeepsIsAFleetServiceNotAnImplant() {
        List<NetworkEvent> ev = new ArrayList<>();
        for (int h = 0; h < 12; h++) {
            SplittableRandom rng = new SplittableRandom(h);
            long offset = rng.nextLong(900) * S;
            for (long t : schedule(10, () -> 900 * (0.97 + 0.06 * rng.nextDouble()))) ev.add(conn(t + offset, "10.20.1." + (10 + h), "198.51.100.140", 2_000 + rng.nextInt(2_000)));
        }
        // the same clock to a destination only one host uses
        SplittableRandom lone = new SplittableRandom(99);
        for (long t : schedule(10, () -> 900 * (0.97 + 0.06 * lone.nextDouble()))) ev.add(conn(t, HOST, C2, 2_000 + lone.nextInt(2_000)));
        Run r = run(ev);
        for (int h = 0; h < 12; h++) {
            Beaconing.Scored s = r.scored(BehaviorSignature.BEACON_IP, "10.20.1." + (10 + h) + ">198.51.100.140");
            assertTrue(s.timestampScore() > 0.9, "the fleet's clock is regular: " + s);
            assertTrue(s.prevalence() >= 10, "the other hosts count: " + s);
            assertTrue(s.score() < 0.1, "and discount it: " + s);
        }
        assertTrue(r.findings.stream().noneMatch(f -> f.dst().equals("198.51.100.140")), r.findings.toString());
        assertEquals(1, r.of(BehaviorSignature.BEACON_IP, HOST + ">" + C2).size());
    }

    @Test
    void aSensorStartedAtNightLearnsTheFleetBeforeReporting() {
        // one workstation left on overnight sends its telemetry alone until the others boot at 07:30-08:30
        List<NetworkEvent> ev = new ArrayList<>();
        SplittableRandom night = new SplittableRandom(1);
        for (long t : schedule(20, () -> 900 * (0.97 + 0.06 * night.nextDouble()))) ev.add(conn(t, "10.20.1.9", "198.51.100.140", 1_500));
        for (int h = 0; h < 10; h++) {
            SplittableRandom rng = new SplittableRandom(h);
            long boot = (long) ((7.5 + rng.nextDouble()) * 3600) * S;
            for (long t : schedule(9, () -> 900 * (0.97 + 0.06 * rng.nextDouble()))) ev.add(conn(boot + t, "10.20.1." + (10 + h), "198.51.100.140", 1_500));
        }
        // an implant on the same night host, on its own clock
        SplittableRandom implant = new SplittableRandom(2);
        List<Long> beacon = schedule(20, () -> 60 * (0.9 + 0.2 * implant.nextDouble()));
        ev.addAll(conns(beacon, "10.20.1.9", C2, 900));

        Run eager = run(quick(), ev);
        assertTrue(eager.findings.stream().anyMatch(f -> f.dst().equals("198.51.100.140")),
                "without learning the lone night host's telemetry looks like an implant: " + eager.findings);

        Beaconing.Settings s = new Beaconing.Settings();
        Run r = run(s, ev);
        assertTrue(r.findings.stream().noneMatch(f -> f.dst().equals("198.51.100.140")), r.findings.toString());
        List<Finding> fs = r.of(BehaviorSignature.BEACON_IP, "10.20.1.9>" + C2);
        assertEquals(1, fs.size());
        long learnt = beacon.getFirst() + s.learningSeconds * S;
        assertTrue(fs.getFirst().tsNanos() >= learnt - 600 * S && fs.getFirst().tsNanos() <= learnt + s.evaluateEverySeconds * S,
                "reported at the first evaluation after learning: " + fs.getFirst());
        assertTrue(r.scored(BehaviorSignature.BEACON_IP, "10.20.1.9>198.51.100.140").prevalence() >= 9);
    }

    @Test
    void insideDestinationsAreServicesUnlessConfigured() {
        List<NetworkEvent> ev = conns(schedule(6, () -> 60), HOST, "10.9.9.9", 900);
        assertTrue(run(ev).findings.isEmpty());
        Beaconing.Settings s = quick();
        s.internalDestinations = true;
        assertEquals(1, run(s, ev).of(BehaviorSignature.BEACON_IP, HOST + ">10.9.9.9").size());
        // an outside host calling in on a clock (a listening implant tasked from outside) is judged too, unless turned off
        assertEquals(1, run(conns(schedule(6, () -> 60), C2, HOST, 900)).of(BehaviorSignature.BEACON_IP, C2 + ">" + HOST).size());
        Beaconing.Settings noInbound = quick();
        noInbound.inbound = false;
        assertTrue(run(noInbound, conns(schedule(6, () -> 60), C2, HOST, 900)).findings.isEmpty());
    }

    @Test
    void dnsBeaconIsKeyedByRegisteredDomainAndReportedAgainstTheResolver() {
        SplittableRandom rng = new SplittableRandom(11);
        List<NetworkEvent> ev = new ArrayList<>();
        int seq = 0;
        for (long t : schedule(12, () -> 300 * (0.8 + 0.4 * rng.nextDouble()))) {
            String q = Integer.toHexString(0x5eed0000 + seq++) + Long.toHexString(rng.nextLong()) + ".ns-resolve-api.example";
            ev.add(new DnsLookup(t, "198.51.100.10", 53_000 + seq, "10.0.0.53", 53, q, "A", false, null, 0, 0));
            ev.add(new DnsLookup(t + 20_000_000L, "198.51.100.10", 53_000 + seq, "10.0.0.53", 53, q, "A", true, "NOERROR", 1, 0));
        }
        Beaconing b = new Beaconing(quick(), new HomeNet(List.of("10.0.0.0/8", "198.51.100.0/26")));
        List<Finding> found = new ArrayList<>();
        BehaviorEngine engine = new BehaviorEngine(new BehaviorConfig(), List.of(b), found::add);
        ev.forEach(engine::accept);
        engine.finish();
        assertEquals(1, found.size(), found.toString());
        Finding f = found.getFirst();
        assertEquals(BehaviorSignature.BEACON_DOMAIN, f.signature());
        assertEquals("198.51.100.10>ns-resolve-api.example", f.subject());
        assertEquals("198.51.100.10", f.src());
        assertEquals("10.0.0.53", f.dst());
        assertEquals(53, f.dstPort());
        assertEquals("ns-resolve-api.example", f.name());
        assertEquals("dns.rrname", f.nameField());
        // a request and its answer are one beat
        double median = (double) f.evidence().get("median_interval_seconds");
        assertTrue(median > 240 && median < 360, "median " + median);
    }

    @Test
    void aSingleRepeatedNameIsReportedAsItself() {
        List<NetworkEvent> ev = new ArrayList<>();
        for (long t : schedule(6, () -> 300)) ev.add(new DnsLookup(t, HOST, 5353, "10.0.0.53", 53, "cdn.msupdate-services.example.", "A", false, null, 0, 0));
        Finding f = run(ev).findings.getFirst();
        assertEquals("cdn.msupdate-services.example", f.name());
        assertEquals(HOST + ">msupdate-services.example", f.subject());
    }

    @Test
    void tlsAndHttpNamesAreTheirOwnKeys() {
        List<NetworkEvent> ev = new ArrayList<>();
        for (long t : schedule(6, () -> 60)) {
            ev.add(new TlsHello(t, HOST, 50_000, C2, 443, "cdn.bad.example", null, "t13d1012h2_abc_def", "TLS 1.3"));
            ev.add(new HttpExchange(t + 10 * S, HOST, 50_001, "203.0.113.8", 8080, "Upd.Bad.Example:8080", "GET", "/c", "Go-http-client/1.1",
                    200, 0, 120, "text/plain", null));
        }
        Run r = run(ev);
        Finding tls = r.of(BehaviorSignature.BEACON_DOMAIN, HOST + ">cdn.bad.example").getFirst();
        assertEquals("tls.sni", tls.nameField());
        assertEquals("cdn.bad.example", tls.name());
        assertEquals(C2, tls.dst());
        Finding http = r.of(BehaviorSignature.BEACON_DOMAIN, HOST + ">upd.bad.example").getFirst();
        assertEquals("http.hostname", http.nameField());
        assertEquals("203.0.113.8", http.dst());
        assertEquals(8080, http.dstPort());
        assertEquals(2, r.findings.size(), "no address key from names alone");
    }

    @Test
    void arrivalOrderBetweenEvaluationsDoesNotChangeTheJudgement() {
        SplittableRandom rng = new SplittableRandom(21);
        List<NetworkEvent> ordered = new ArrayList<>(conns(schedule(8, () -> 90 * (0.85 + 0.3 * rng.nextDouble())), HOST, C2, 1_000));
        ordered.addAll(conns(schedule(8, () -> -120 * Math.log(1 - rng.nextDouble())), "10.1.1.6", C2, 1_000));
        ordered.addAll(conns(schedule(8, () -> 300), "10.1.1.7", "203.0.113.99", 1_000));
        ordered.sort(Comparator.comparingLong(NetworkEvent::orderNanos));
        List<String> a = direct(ordered, 0), b = direct(ordered, 1), c = direct(ordered, 2);
        assertEquals(a, b);
        assertEquals(a, c);
        assertTrue(a.stream().filter(x -> x.startsWith("BEACON_IP")).count() == 2, a.toString());
    }

    /**
     * Feeds the detector directly, the events of each evaluation period shuffled (seed 0: as ordered),
     * advancing on the engine's one-minute grid.
     */
    private static List<String> direct(List<NetworkEvent> ordered, long seed) {
        long period = new Beaconing.Settings().evaluateEverySeconds * S;
        List<NetworkEvent> events = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < ordered.size(); ) {
            long bucket = Math.floorDiv(ordered.get(i).orderNanos(), period);
            int j = i;
            while (j < ordered.size() && Math.floorDiv(ordered.get(j).orderNanos(), period) == bucket) j++;
            List<NetworkEvent> group = new ArrayList<>(ordered.subList(i, j));
            if (seed != 0) for (int k = group.size() - 1; k > 0; k--) java.util.Collections.swap(group, k, rng.nextInt(k + 1));
            events.addAll(group);
            i = j;
        }
        Beaconing b = new Beaconing(quick(), HOME);
        List<Finding> found = new ArrayList<>();
        long tick = Math.floorDiv(events.getFirst().orderNanos(), 60 * S) * 60 * S, last = Long.MIN_VALUE;
        for (NetworkEvent e : events) {
            while (Math.floorDiv(e.orderNanos(), period) * period > tick) {
                tick += 60 * S;
                b.advance(tick, found::add);
            }
            b.observe(e, found::add);
            last = Math.max(last, e.orderNanos());
        }
        b.finish(last, found::add);
        List<String> out = found.stream().map(f -> f.signature() + " " + f.subject() + " " + f.tsNanos() + " " + f.score()).collect(Collectors.toList());
        b.ranking().forEach(x -> out.add(x.toString()));
        return out;
    }

    @Test
    void aMillionDistinctPairsStayWithinTheCaps() {
        Beaconing.Settings s = quick();
        Beaconing b = new Beaconing(s, HOME);
        Findings none = f -> { throw new AssertionError("no finding from single connections: " + f); };
        long t = T0;
        for (int i = 0; i < 1_000_000; i++) {
            String src = "10." + (i >>> 16 & 0xFF) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF);
            b.observe(conn(t, src, "203.0.113." + (i % 250), 100), none);
            t += 2_000_000L;
            if (i % 30_000 == 0) b.advance(t, none);
            assertTrue(i % 100_000 != 0 || b.trackedKeys() <= s.maxPairs + s.maxDestinations);
        }
        b.finish(t, none);
        assertTrue(b.trackedKeys() <= s.maxPairs + s.maxDestinations, "keys " + b.trackedKeys());
        assertTrue(b.evicted() >= 1_000_000 - s.maxPairs, "evicted " + b.evicted());
        assertTrue(b.storedBeats() <= s.maxPairs);
    }

    @Test
    void beatsAreCappedPerKeyAndOverall() {
        Beaconing.Settings s = new Beaconing.Settings();
        s.maxStoredBeats = 5_000;
        Beaconing b = new Beaconing(s, HOME);
        Findings sink = f -> { };
        for (int i = 0; i < 20_000; i++) b.observe(conn(T0 + i * 10 * S, HOST, C2, 100), sink);
        assertEquals(s.maxBeatsPerPair, b.storedBeats(), "one key keeps its last beats only");
        for (int k = 0; k < 100; k++) {
            for (int i = 0; i < 200; i++) b.observe(conn(T0 + 200_000 * S + i * 10 * S, "10.2.0." + k, C2, 100), sink);
        }
        assertTrue(b.storedBeats() <= s.maxStoredBeats, "beats " + b.storedBeats());
        assertTrue(b.evicted() > 0);
    }

    @Test
    void idleKeysAreForgotten() {
        Beaconing b = new Beaconing(new Beaconing.Settings(), HOME);
        List<Finding> found = new ArrayList<>();
        for (long t : schedule(2, () -> 60)) b.observe(conn(t, HOST, C2, 900), found::add);
        b.advance(T0 + 3 * 3600 * S, found::add);
        assertTrue(b.trackedKeys() >= 1);
        b.advance(T0 + 27 * 3600 * S, found::add);
        assertEquals(0, b.trackedKeys());
        assertEquals(0, b.storedBeats());
    }

    @Test
    void aBurstIsOneBeatWhateverOrderItsEventsCameIn() {
        long base = 1_772_409_600_000L;
        BeatTrain inOrder = new BeatTrain(), reversed = new BeatTrain();
        // a check-in of four connections 0.8 s apart (3.2 s end to end, longer than the 2 s gap), then the next a minute on
        long[] at = {0, 800, 1_600, 2_400, 60_000, 60_500};
        for (long t : at) inOrder.add(base + t, 100, 2_000, 512, 86_400_000L);
        for (int i = at.length - 1; i >= 0; i--) reversed.add(base + at[i], 100, 2_000, 512, 86_400_000L);
        for (BeatTrain t : List.of(inOrder, reversed)) {
            assertEquals(2, t.size());
            assertEquals(base, t.timeMs(0));
            assertEquals(400, t.bytes(0));
            assertEquals(base + 60_000, t.timeMs(1));
            assertEquals(200, t.bytes(1));
        }
    }

    @Test
    void aTrainKeepsOnlyItsWindowAndItsCap() {
        long base = 1_772_409_600_000L, day = 86_400_000L;
        BeatTrain t = new BeatTrain();
        for (int i = 0; i < 100; i++) t.add(base + i * 3_600_000L, 1, 0, 512, day);
        assertEquals(25, t.size(), "a day's worth of hourly beats, both ends included");
        assertEquals(base + 99 * 3_600_000L, t.lastMs());
        assertEquals(base + 75 * 3_600_000L, t.firstMs());
        // older than the window before the newest beat: ignored
        assertEquals(0, t.add(base, 1, 0, 512, day));
        // a late beat inside the window lands in order, and the oldest makes room at the cap
        assertEquals(0, t.add(base + 80 * 3_600_000L + 1_800_000L, 1, 0, 25, day));
        assertEquals(25, t.size());
        assertEquals(base + 76 * 3_600_000L, t.firstMs());
        for (int i = 1; i < t.size(); i++) assertTrue(t.timeMs(i) > t.timeMs(i - 1));
    }

    @Test
    void settingsBindFromSnakeCaseAndRefuseUnknownKeys() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Beaconing.Settings s = json.readValue("""
                {"threshold": 0.8, "min_connections": 30, "max_pairs": 5000, "fleet_halving_hosts": 3,
                 "internal_destinations": true, "window_seconds": 43200}""", Beaconing.Settings.class);
        assertEquals(0.8, s.threshold);
        assertEquals(30, s.minConnections);
        assertEquals(5000, s.maxPairs);
        assertEquals(3.0, s.fleetHalvingHosts);
        assertTrue(s.internalDestinations);
        assertEquals(43200, s.windowSeconds);
        assertThrows(UnrecognizedPropertyException.class, () -> json.readValue("{\"treshold\": 0.8}", Beaconing.Settings.class));
        Beaconing.Settings bad = new Beaconing.Settings();
        bad.threshold = 1.5;
        assertThrows(IllegalArgumentException.class, () -> new Beaconing(bad, HOME));
    }
}
