package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Beaconing: an inside host reaching the same outside address ({@link BehaviorSignature#BEACON_IP}) or
 * name ({@link BehaviorSignature#BEACON_DOMAIN}: TLS server name, HTTP host, or the registered domain of
 * its DNS questions) on a clock. Each key keeps its recent beats ({@link BeatTrain}); every
 * {@code evaluate_every_seconds} of packet time the keys that changed are scored ({@link BeaconRhythm}),
 * and the score is discounted by how many other inside hosts reach the same destination on the same
 * period ({@link BeaconFleet}): one host on a 60 s clock is an implant, every workstation on a 15-minute
 * clock is the operating system.
 *
 * <p>Judgements happen only at those packet-time marks and at {@link #finish}, from state the events in
 * engine order built, so a replay decides the same. Failed attempts count as beats: a RAT retrying a dead
 * C2 keeps its clock even when nothing answers.
 */
public final class Beaconing implements BehaviorDetector {

    /** Settings, the {@code behavior.beaconing} section; every default is the documented one. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Settings {
        /** A key is reported when its score (0..1) reaches this. Default 0.7. */
        @JsonProperty("threshold")
        public double threshold = 0.7;
        /** Beats (connections after merging bursts) a key needs before it can be reported. Default 20. */
        @JsonProperty("min_connections")
        public int minConnections = 20;
        /** First to last beat must span this long before a key can be reported, seconds. Default 3,600. */
        @JsonProperty("min_span_seconds")
        public long minSpanSeconds = 1_800;
        /**
         * The rhythm is judged over this much recent packet time; keys idle this long are forgotten,
         * seconds. Default 86,400 (a day, RITA's window); at most 20 days.
         */
        @JsonProperty("window_seconds")
        public long windowSeconds = 86_400;
        /** How often, in packet time, changed keys are scored, seconds. Default 1,800. */
        @JsonProperty("evaluate_every_seconds")
        public long evaluateEverySeconds = 1_800;
        /** Events of one key closer than this are one beat (a check-in's several connections), seconds. Default 2. */
        @JsonProperty("merge_seconds")
        public double mergeSeconds = 2;
        /** The most keys (host-destination pairs) held; the least recently seen go first. Default 100,000. */
        @JsonProperty("max_pairs")
        public int maxPairs = 100_000;
        /** The most beats kept per key; the oldest go first. Default 512. */
        @JsonProperty("max_beats_per_pair")
        public int maxBeatsPerPair = 512;
        /** The most beats kept over all keys (8 bytes each); past it the least recently seen keys go. Default 4,000,000. */
        @JsonProperty("max_stored_beats")
        public long maxStoredBeats = 4_000_000;
        /**
         * Other inside hosts on the same schedule to the same destination that halve the score (the
         * discount is 1 / (1 + (others / this)²)). Default 2: two others halve it, six leave a tenth.
         */
        @JsonProperty("fleet_halving_hosts")
        public double fleetHalvingHosts = 2;
        /** Periods within this fraction of each other are the same schedule. Default 0.25. */
        @JsonProperty("fleet_period_tolerance")
        public double fleetPeriodTolerance = 0.25;
        /**
         * Nothing is reported until the detector has watched this long, seconds (keys are scored all the
         * same). Prevalence is only known once the hosts that share a schedule have come online: a sensor
         * started at night sees the one workstation left on sending its telemetry, alone, every 15 minutes.
         * Default 43,200 (half a day: from any start through a working day's morning).
         */
        @JsonProperty("learning_seconds")
        public long learningSeconds = 43_200;
        /** Timing score a host's schedule needs to count as regular in a fleet. Default 0.6. */
        @JsonProperty("fleet_min_regularity")
        public double fleetMinRegularity = 0.6;
        /** The most destinations whose fleets are remembered. Default 50,000. */
        @JsonProperty("max_destinations")
        public int maxDestinations = 50_000;
        /** The most hosts remembered per destination's fleet. Default 32. */
        @JsonProperty("max_fleet_hosts")
        public int maxFleetHosts = 32;
        /** Also judge destinations inside the home network (off: inside services are not beacons). Default false. */
        @JsonProperty("internal_destinations")
        public boolean internalDestinations = false;
        /**
         * Also judge outside hosts that reach an inside server on a clock (a web shell or listening implant
         * being tasked, a server turned relay); their fleet is the other outside hosts on the same schedule
         * (uptime monitors). Default true.
         */
        @JsonProperty("inbound")
        public boolean inbound = true;
        /**
         * How long a host stays in a destination's fleet after its last beat: a week, so the weekend's few
         * machines still count the weekday fleet that shares their schedule.
         */
        @JsonProperty("fleet_memory_seconds")
        public long fleetMemorySeconds = 604_800;

        void check() {
            if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("beaconing threshold outside 0..1");
            if (minConnections < 3) throw new IllegalArgumentException("beaconing min_connections below 3");
            if (windowSeconds < 60 || windowSeconds > 20 * 86_400L) throw new IllegalArgumentException("beaconing window_seconds outside 60 s..20 days");
            if (evaluateEverySeconds < 1) throw new IllegalArgumentException("beaconing evaluate_every_seconds below 1");
            if (mergeSeconds < 0) throw new IllegalArgumentException("beaconing merge_seconds negative");
            if (maxPairs < 1 || maxBeatsPerPair < 3 || maxStoredBeats < maxBeatsPerPair || maxDestinations < 1 || maxFleetHosts < 1)
                throw new IllegalArgumentException("beaconing caps too small");
            if (!(fleetHalvingHosts > 0) || !(fleetPeriodTolerance >= 0) || learningSeconds < 0) throw new IllegalArgumentException("beaconing fleet settings invalid");
        }
    }

    /**
     * One key's latest judgement, for tests and tuning.
     *
     * @param score after the prevalence discount (what the threshold is compared with)
     * @param regularity timing and sizes before the discount
     * @param prevalence other inside hosts on the same schedule to the same destination
     * @param connections beats (connections after merging bursts) in the window
     * @param eligible enough beats over a long enough span to be reported
     */
    public record Scored(BehaviorSignature signature, String subject, String nameField, double score, double regularity,
                         double timestampScore, int prevalence, int connections, double periodSeconds, double jitter,
                         double spanSeconds, boolean eligible) {}

    private enum Channel {
        CONNECTION(null, BehaviorSignature.BEACON_IP),
        DNS("dns.rrname", BehaviorSignature.BEACON_DOMAIN),
        TLS("tls.sni", BehaviorSignature.BEACON_DOMAIN),
        HTTP("http.hostname", BehaviorSignature.BEACON_DOMAIN);

        final String nameField;
        final BehaviorSignature signature;

        Channel(String nameField, BehaviorSignature signature) {
            this.nameField = nameField;
            this.signature = signature;
        }
    }

    private static final class Pair {
        final Channel channel;
        final String src, target;
        final BeatTrain train = new BeatTrain();
        String server, proto, fullName;
        int port;
        boolean mixedPorts, manyNames, dirty;
        long newestNanos = Long.MIN_VALUE, touchedNanos = Long.MIN_VALUE;
        BeaconRhythm rhythm;
        double score;
        int prevalence;
        long reportedNanos = Long.MIN_VALUE;

        Pair(Channel channel, String src, String target) {
            this.channel = channel;
            this.src = src;
            this.target = target;
        }

        String destinationKey() { return channel.ordinal() + "|" + target; }

        /** A DNS key names one full name when that is all the host asked, else the registered domain. */
        String name() {
            if (channel == Channel.CONNECTION) return null;
            return channel == Channel.DNS && !manyNames && fullName != null ? fullName : target;
        }
    }

    private static final long NANOS_PER_MS = 1_000_000L;

    private final Settings s;
    private final HomeNet home;
    private final BoundedMap<String, Pair> pairs;
    private final BeaconFleet fleet;
    private final long windowMs, mergeMs, evaluateNanos;
    private long storedBeats, evicted, nextEvaluation = Long.MIN_VALUE, startNanos = Long.MIN_VALUE;
    private boolean learned;

    public Beaconing(Settings s, HomeNet home) {
        s.check();
        this.s = s;
        this.home = home;
        this.pairs = new BoundedMap<>(s.maxPairs);
        this.fleet = new BeaconFleet(s.maxDestinations, s.maxFleetHosts);
        this.windowMs = s.windowSeconds * 1000;
        this.mergeMs = Math.round(s.mergeSeconds * 1000);
        this.evaluateNanos = s.evaluateEverySeconds * 1_000_000_000L;
    }

    @Override
    public String name() { return "beaconing"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (startNanos == Long.MIN_VALUE) startNanos = e.orderNanos();
        if (!home.contains(e.src())) {
            // an outside client on a clock to an inside server: only its connections tell (names are the server's own)
            if (s.inbound && e instanceof Connection c && home.contains(c.dst())) add(Channel.CONNECTION, c.dst(), null, c, c.proto(), c.bytesOut());
            return;
        }
        switch (e) {
            case Connection c -> {
                if (outside(c.dst())) add(Channel.CONNECTION, c.dst(), null, c, c.proto(), c.bytesOut());
            }
            case TlsHello t -> {
                String n = hostName(t.sni());
                if (n != null && outside(t.dst())) add(Channel.TLS, n, null, t, "tcp", 0);
                // no name (TLS without SNI, a Host that is an address): the address is the channel; logs without
                // connection records (Zeek's ssl and http logs alone) still show it, and where the connection was
                // reported too the two fall in one beat
                else if (n == null && outside(t.dst())) add(Channel.CONNECTION, t.dst(), null, t, "tcp", 0);
            }
            case HttpExchange h -> {
                String n = hostName(stripPort(h.host()));
                if (n != null && outside(h.dst())) add(Channel.HTTP, n, null, h, "tcp", 0);
                else if (n == null && outside(h.dst())) add(Channel.CONNECTION, h.dst(), null, h, "tcp", 0);
            }
            case DnsLookup d -> {
                String q = hostName(d.query());
                String domain = RegisteredDomain.of(q);
                // the resolver is inside by design: the question, not the server, is the destination
                if (domain != null) add(Channel.DNS, domain, q, d, "udp", 0);
            }
            default -> { }
        }
    }

    private boolean outside(String dst) {
        return !HomeNet.groupAddress(dst) && (s.internalDestinations || !home.contains(dst));
    }

    private void add(Channel channel, String target, String fullName, NetworkEvent e, String proto, long bytes) {
        String key = channel.ordinal() + "|" + e.src() + "|" + target;
        Pair p = pairs.get(key);
        if (p == null) {
            if (pairs.size() >= s.maxPairs) evictEldest();
            p = new Pair(channel, e.src(), target);
            pairs.put(key, p);
        }
        long t = e.tsNanos();
        storedBeats += p.train.add(Math.floorDiv(t, NANOS_PER_MS), bytes, mergeMs, s.maxBeatsPerPair, windowMs);
        p.dirty = true;
        p.touchedNanos = Math.max(p.touchedNanos, e.orderNanos());
        if (p.server != null && p.port != e.dstPort()) p.mixedPorts = true;
        if (t >= p.newestNanos) {
            p.newestNanos = t;
            p.server = e.dst();
            p.port = e.dstPort();
            p.proto = proto;
        }
        if (fullName != null) {
            if (p.fullName == null) p.fullName = fullName;
            else if (!p.fullName.equals(fullName)) p.manyNames = true;
        }
        while (storedBeats > s.maxStoredBeats && pairs.size() > 1) evictEldest();
    }

    private void evictEldest() {
        Iterator<Pair> it = pairs.values().iterator();
        storedBeats -= it.next().train.size();
        it.remove();
        evicted++;
    }

    @Override
    public void advance(long nowNanos, Findings out) {
        if (nextEvaluation == Long.MIN_VALUE) nextEvaluation = mark(nowNanos);
        if (nowNanos < nextEvaluation) return;
        nextEvaluation = mark(nowNanos);
        evictIdle(nowNanos);
        evaluate(nowNanos, out);
    }

    @Override
    public void finish(long nowNanos, Findings out) {
        // the input is whole: every host that will ever show has shown, which is what learning waits for
        for (Pair p : pairs.values()) p.dirty = true;
        evaluate(nowNanos, out, false);
    }

    /** The next evaluation mark after {@code now} on a fixed packet-time grid, so replays evaluate at the same times. */
    private long mark(long nowNanos) {
        return nowNanos - Math.floorMod(nowNanos, evaluateNanos) + evaluateNanos;
    }

    private void evictIdle(long nowNanos) {
        long cutoff = nowNanos - windowMs * NANOS_PER_MS;
        // access order: the least recently touched pairs come first, so the scan stops at the first live one
        for (Iterator<Pair> it = pairs.values().iterator(); it.hasNext(); ) {
            Pair p = it.next();
            if (p.touchedNanos >= cutoff) break;
            storedBeats -= p.train.size();
            it.remove();
            evicted++;
        }
        fleet.evictIdle(Math.floorDiv(nowNanos, NANOS_PER_MS) - s.fleetMemorySeconds * 1000);
    }

    private void evaluate(long nowNanos, Findings out) {
        boolean learning = startNanos == Long.MIN_VALUE || nowNanos - startNanos < s.learningSeconds * 1_000_000_000L;
        // the first look after learning takes in every key, also those quiet since (a beacon that stopped)
        if (!learning && !learned) {
            learned = true;
            for (Pair p : pairs.values()) p.dirty = true;
        }
        evaluate(nowNanos, out, learning);
    }

    private void evaluate(long nowNanos, Findings out, boolean learning) {
        long nowMs = Math.floorDiv(nowNanos, NANOS_PER_MS);
        List<Pair> fresh = new ArrayList<>();
        // all changed keys first report their schedule to the fleet, then each is judged against it, so
        // the order the map happens to hold them in does not matter
        for (Pair p : pairs.values()) {
            if (!p.dirty) continue;
            p.dirty = false;
            storedBeats -= p.train.trimBefore(nowMs - windowMs);
            int n = p.train.size();
            p.rhythm = null;
            if (n == 0) continue;
            if (n < 3) {
                double interval = n == 2 ? p.train.timeMs(1) - p.train.timeMs(0) : Double.NaN;
                fleet.note(p.destinationKey(), p.src, n, interval, false, p.train.lastMs());
                continue;
            }
            p.rhythm = BeaconRhythm.of(p.train, p.channel == Channel.CONNECTION);
            fleet.note(p.destinationKey(), p.src, n, p.rhythm.periodMs(), regular(p.rhythm), p.train.lastMs());
            fresh.add(p);
        }
        for (Pair p : fresh) judge(p, learning, out);
    }

    private boolean regular(BeaconRhythm r) {
        return r.timestampScore() >= s.fleetMinRegularity;
    }

    private boolean eligible(Pair p) {
        return p.rhythm != null && p.rhythm.beats() >= s.minConnections && p.rhythm.spanMs() >= s.minSpanSeconds * 1000;
    }

    private void judge(Pair p, boolean learning, Findings out) {
        BeaconRhythm r = p.rhythm;
        p.prevalence = fleet.sameSchedule(p.destinationKey(), p.src, r.periodMs(), s.fleetPeriodTolerance, p.train.lastMs() - s.fleetMemorySeconds * 1000);
        double x = p.prevalence / s.fleetHalvingHosts;
        p.score = r.regularity() / (1 + x * x);
        if (learning || !eligible(p) || p.score < s.threshold) return;
        if (p.reportedNanos != Long.MIN_VALUE && p.newestNanos - p.reportedNanos < p.channel.signature.quietNanos) return;
        p.reportedNanos = p.newestNanos;
        out.report(finding(p));
    }

    private Finding finding(Pair p) {
        BeaconRhythm r = p.rhythm;
        boolean conn = p.channel == Channel.CONNECTION;
        String dst = conn ? p.target : p.server;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("connections", r.beats());
        ev.put("mean_interval_seconds", r.meanMs() / 1000);
        ev.put("median_interval_seconds", r.periodMs() / 1000);
        ev.put("interval_madm_seconds", r.madmMs() / 1000);
        ev.put("jitter_ratio", r.jitter());
        ev.put("missed_beats", r.missed());
        ev.put("span_seconds", r.spanMs() / 1000.0);
        ev.put("prevalence_other_hosts", p.prevalence);
        if (conn) ev.put("bytes_median", r.bytesMedian());
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("dispersion", r.dispersionScore());
        parts.put("skew", r.skewScore());
        parts.put("continuity", r.continuity());
        parts.put("timestamp", r.timestampScore());
        if (conn) parts.put("size", r.sizeScore());
        parts.put("regularity", r.regularity());
        parts.put("prevalence_factor", r.regularity() > 0 ? p.score / r.regularity() : 1.0);
        ev.put("score_parts", parts);
        return new Finding(p.channel.signature, p.newestNanos, p.score, p.src, 0, dst, p.mixedPorts ? 0 : p.port, p.proto,
                p.src + ">" + p.target, p.name(), p.channel.nameField, p.train.firstMs() * NANOS_PER_MS, p.newestNanos, ev);
    }

    /** Every key scored so far, best first: where the confusers stand against a real beacon. */
    public List<Scored> ranking() {
        List<Scored> list = new ArrayList<>();
        for (Pair p : pairs.values()) {
            BeaconRhythm r = p.rhythm;
            if (r == null) continue;
            list.add(new Scored(p.channel.signature, p.src + ">" + p.target, p.channel.nameField, p.score, r.regularity(),
                    r.timestampScore(), p.prevalence, r.beats(), r.periodMs() / 1000, r.jitter(), r.spanMs() / 1000.0, eligible(p)));
        }
        list.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::subject)
                .thenComparing(x -> String.valueOf(x.nameField())));
        return list;
    }

    @Override
    public long trackedKeys() { return pairs.size() + fleet.size(); }

    @Override
    public long evicted() { return evicted + pairs.evicted() + fleet.evicted(); }

    /** Beats held over all keys, for memory checks. */
    public long storedBeats() { return storedBeats; }

    private static String stripPort(String host) {
        if (host == null) return null;
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    /** Lower case without a trailing dot; null for nothing or an address literal (the address key covers those). */
    private static String hostName(String name) {
        if (name == null) return null;
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        if (n.isEmpty() || n.startsWith("[") || HomeNet.parse(n) != null) return null;
        return n;
    }
}
