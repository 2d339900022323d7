package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data leaving. Per inside host, bytes sent to outside destinations by the hour, against the host's
 * own baseline (an exponentially weighted mean of its past hours, with a floor so a host without
 * history must send a lot): a host that sends many times its usual to one destination, more than it
 * receives from it (the producer–consumer ratio turned towards producing), is reported
 * ({@code EXFIL_VOLUME}). Separately, an upload of some size to a destination this network first saw
 * within the day, and that no other inside host uses ({@code EXFIL_RARE_DESTINATION}). The name a
 * TLS or HTTP client used for the destination is kept briefly, so the finding names it.
 */
public final class Exfiltration implements BehaviorDetector {
    public static final class Settings {
        /** Bytes to one destination within an hour before the host's baseline is even asked. */
        @JsonProperty("min_bytes")
        public long minBytes = 10L << 20;
        /** Times the host's usual hourly upload. */
        @JsonProperty("baseline_factor")
        public double baselineFactor = 10;
        /** Weight of the newest hour in the host's baseline. */
        @JsonProperty("baseline_alpha")
        public double baselineAlpha = 0.1;
        /** (out - in) / (out + in) to the destination at least this: more produced than consumed. */
        @JsonProperty("min_producer_ratio")
        public double minProducerRatio = 0.5;
        /** Bytes to a rare destination that are reported. */
        @JsonProperty("rare_min_bytes")
        public long rareMinBytes = 5L << 20;
        /** A destination first seen less than this long ago is rare, seconds... */
        @JsonProperty("rare_new_seconds")
        public long rareNewSeconds = 86_400;
        /** ...when at most this many inside hosts have used it. */
        @JsonProperty("rare_max_hosts")
        public int rareMaxHosts = 1;
        @JsonProperty("max_hosts")
        public int maxHosts = 100_000;
        @JsonProperty("max_destinations")
        public int maxDestinations = 200_000;
    }

    private static final long HOUR = 3_600_000_000_000L;

    private final Settings s;
    private final HomeNet home;
    private final BoundedMap<String, Host> hosts;
    private final BoundedMap<String, Destination> destinations;
    /** The name a client gave each connection (TLS server name, HTTP host), until the connection is reported or goes stale. */
    private final BoundedMap<String, Named> names;

    private record Named(String name, long atNanos) {}

    /** A connection not reported this long after its name is long-lived or not ours to judge (inside to inside). */
    private static final long NAME_KEPT = 6 * HOUR;

    private static final class Host {
        long hour = Long.MIN_VALUE;
        long hourBytes;
        double baseline;
        boolean baselined;
        final Map<String, long[]> byDestination = new LinkedHashMap<>();
    }

    private static final class Destination {
        long firstSeen;
        final IntSet insideHosts = new IntSet(8);
    }

    public Exfiltration(Settings s, HomeNet home) {
        this.s = s;
        this.home = home;
        this.hosts = new BoundedMap<>(s.maxHosts);
        this.destinations = new BoundedMap<>(s.maxDestinations);
        this.names = new BoundedMap<>(50_000);
    }

    @Override
    public String name() { return "exfiltration"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        switch (e) {
            case TlsHello t when t.sni() != null && !home.contains(t.dst()) -> names.put(flowKey(e), new Named(t.sni(), t.orderNanos()));
            case HttpExchange h when h.host() != null && !home.contains(h.dst()) -> names.put(flowKey(e), new Named(h.host(), h.orderNanos()));
            case Connection c when !c.open() && home.contains(c.src()) && !home.contains(c.dst()) && !HomeNet.groupAddress(c.dst()) -> connection(c, out);
            default -> { }
        }
    }

    private static String flowKey(NetworkEvent e) {
        return e.src() + ":" + e.srcPort() + ">" + e.dst() + ":" + e.dstPort();
    }

    private void connection(Connection c, Findings out) {
        long t = c.orderNanos();
        Destination d = destinations.get(c.dst());
        if (d == null) {
            d = new Destination();
            d.firstSeen = c.tsNanos();
            destinations.put(c.dst(), d);
        }
        d.insideHosts.add(c.src().hashCode());
        Host h = hosts.get(c.src());
        if (h == null) hosts.put(c.src(), h = new Host());
        long hour = Math.floorDiv(t, HOUR);
        if (hour != h.hour) closeHours(h, hour);
        h.hourBytes += c.bytesOut();
        long[] io = h.byDestination.get(c.dst());
        if (io == null && h.byDestination.size() < 4096) h.byDestination.put(c.dst(), io = new long[3]);
        Named named = names.remove(flowKey(c));
        String name = named == null ? null : named.name();
        if (io == null) return;
        io[0] += c.bytesOut();
        io[1] += c.bytesIn();
        long out0 = io[0], in0 = io[1];
        double pcr = (out0 - in0) / (double) Math.max(1, out0 + in0);
        double usual = Math.max(h.baselined ? h.baseline : 0, s.minBytes / s.baselineFactor);
        if ((io[2] & 1) == 0 && out0 >= s.minBytes && out0 >= s.baselineFactor * usual && pcr >= s.minProducerRatio) {
            io[2] |= 1;
            Map<String, Object> ev = evidence(out0, in0, pcr, d, c);
            ev.put("host_hourly_baseline_bytes", Math.round(h.baselined ? h.baseline : 0));
            double score = Math.min(1, 0.6 + 0.4 * Math.min(1, out0 / (4.0 * s.baselineFactor * usual)));
            out.report(finding(BehaviorSignature.EXFIL_VOLUME, c, score, name, ev));
        }
        boolean rare = c.tsNanos() - d.firstSeen < s.rareNewSeconds * 1_000_000_000L && d.insideHosts.size() <= s.rareMaxHosts;
        if ((io[2] & 2) == 0 && rare && out0 >= s.rareMinBytes && pcr >= s.minProducerRatio) {
            io[2] |= 2;
            Map<String, Object> ev = evidence(out0, in0, pcr, d, c);
            ev.put("first_seen_seconds_before", (c.tsNanos() - d.firstSeen) / 1_000_000_000L);
            out.report(finding(BehaviorSignature.EXFIL_RARE_DESTINATION, c, 0.7, name, ev));
        }
    }

    private static Map<String, Object> evidence(long out, long in, double pcr, Destination d, Connection c) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("bytes_out", out);
        ev.put("bytes_in", in);
        ev.put("producer_consumer_ratio", pcr);
        ev.put("inside_hosts_using_destination", d.insideHosts.size());
        ev.put("window", "hour");
        if (c.service() != null) ev.put("service", c.service());
        return ev;
    }

    private static Finding finding(BehaviorSignature sig, Connection c, double score, String name, Map<String, Object> ev) {
        boolean tls = "tls".equals(c.service()) || c.dstPort() == 443;
        return new Finding(sig, c.orderNanos(), score, c.src(), c.srcPort(), c.dst(), c.dstPort(), c.proto(), c.src() + ">" + c.dst(),
                name, name == null ? null : tls ? "tls.sni" : "http.hostname", c.tsNanos(), c.orderNanos(), ev);
    }

    /** The hours since the last one the host was seen in go into its baseline (quiet hours as zero). */
    private void closeHours(Host h, long hour) {
        if (h.hour != Long.MIN_VALUE) {
            long quiet = Math.min(hour - h.hour - 1, 48);
            h.baseline = h.baselined ? h.baseline + s.baselineAlpha * (h.hourBytes - h.baseline) : h.hourBytes;
            h.baselined = true;
            for (long i = 0; i < quiet; i++) h.baseline *= 1 - s.baselineAlpha;
        }
        h.hour = hour;
        h.hourBytes = 0;
        h.byDestination.clear();
    }

    @Override
    public void advance(long now, Findings out) {
        long hour = Math.floorDiv(now, HOUR);
        for (Iterator<Host> it = hosts.values().iterator(); it.hasNext(); ) {
            Host h = it.next();
            // a host silent for two days starts again without history
            if (hour - h.hour > 48) it.remove();
        }
        for (Iterator<Named> it = names.values().iterator(); it.hasNext(); ) if (now - it.next().atNanos() > NAME_KEPT) it.remove();
    }

    @Override
    public long trackedKeys() { return hosts.size() + destinations.size() + names.size(); }

    @Override
    public long evicted() { return hosts.evicted() + destinations.evicted() + names.evicted(); }
}
