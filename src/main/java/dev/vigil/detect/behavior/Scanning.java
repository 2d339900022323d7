package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.ArpMessage;
import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SensorNotice;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Port and address scans from connection records. A <em>probe</em> is a connection that failed
 * (unanswered, refused) or a TCP connection that completed its handshake and ended without the client
 * sending more than the handshake (a connect scan). Per source, over a short window: many ports of one
 * host (vertical), one port of many hosts (horizontal), many hosts on any ports or by ICMP echo
 * (sweep). Over a long window, slow vertical scans (a few ports an hour, all day). A subnet sweep of
 * completed connections (every host of a /24 on one port) counts as horizontal too: that is how an
 * inventory scanner that finds open ports looks.
 */
public final class Scanning implements BehaviorDetector {
    public static final class Settings {
        /** Short window, seconds. */
        @JsonProperty("window_seconds")
        public long windowSeconds = 300;
        /** Distinct ports probed on one host within the short window for a vertical scan. */
        @JsonProperty("vertical_ports")
        public int verticalPorts = 15;
        /** Long window (slow scans), seconds. */
        @JsonProperty("slow_window_seconds")
        public long slowWindowSeconds = 86_400;
        /** Distinct ports probed on one host within the long window for a slow vertical scan. */
        @JsonProperty("slow_vertical_ports")
        public int slowVerticalPorts = 20;
        /** Distinct hosts probed on one port within the short window for a horizontal scan. */
        @JsonProperty("horizontal_hosts")
        public int horizontalHosts = 20;
        /**
         * Distinct hosts connected to on one port within the short window, answered or not, when at least
         * {@code fanout_failed_share} of those connections failed: a bot walking a list of web servers.
         */
        @JsonProperty("fanout_hosts")
        public int fanoutHosts = 25;
        /** The fan-out's window, seconds: a list walked by a program, faster than a person browses. */
        @JsonProperty("fanout_window_seconds")
        public long fanoutWindowSeconds = 60;
        @JsonProperty("fanout_failed_share")
        public double fanoutFailedShare = 0.2;
        /** Distinct hosts of one /24 (or /64) connected to on one port within the short window, probes or not. */
        @JsonProperty("subnet_hosts")
        public int subnetHosts = 20;
        /** Distinct hosts probed on any ports (or pinged) within the short window for a sweep. */
        @JsonProperty("sweep_hosts")
        public int sweepHosts = 15;
        /** Distinct addresses one sender asks for by ARP within the short window for a LAN sweep. */
        @JsonProperty("arp_sweep_hosts")
        public int arpSweepHosts = 50;
        /** Of a source's connections in the window, at least this share must be probes (busy clients are not scanners). */
        @JsonProperty("min_probe_share")
        public double minProbeShare = 0.5;
        /** Sources tracked at once. */
        @JsonProperty("max_sources")
        public int maxSources = 50_000;
        /** (source, host) pairs tracked for slow scans. */
        @JsonProperty("max_slow_pairs")
        public int maxSlowPairs = 200_000;
    }

    /** Per source and window, the most hosts or ports kept as keys: a flood costs this much at most. */
    private static final int MAX_KEYS_PER_SOURCE = 4096;

    private final Settings s;
    private final long window, slowWindow, fanoutWindow;
    private final BoundedMap<String, Source> sources;
    private final BoundedMap<String, Slow> slow;

    /** One source's short window. */
    private final class Source {
        long start, last;
        int connections, probes;
        final Map<String, IntSet> portsByHost = new LinkedHashMap<>();
        final Map<Integer, IntSet> hostsByPort = new LinkedHashMap<>();
        final Map<Long, IntSet> subnetHostsByPort = new LinkedHashMap<>();
        final Map<Integer, Fan> fans = new LinkedHashMap<>();
        final IntSet probedHosts = new IntSet(4096);
        final IntSet pinged = new IntSet(4096);
        final IntSet arpTargets = new IntSet(4096);
        String lastHost;
        int lastPort;
        String lastProto;
        boolean vertical, horizontal, sweep, arpSweep;

        void reset(long t) {
            start = t;
            connections = probes = 0;
            portsByHost.clear();
            hostsByPort.clear();
            subnetHostsByPort.clear();
            fans.clear();
            probedHosts.clear();
            pinged.clear();
            arpTargets.clear();
            vertical = horizontal = sweep = arpSweep = false;
        }
    }

    /** One port's fan-out: hosts reached, answered or not, within the fan-out window. */
    private static final class Fan {
        long start;
        final IntSet hosts = new IntSet(1 << 12);
        int failed, all;
    }

    private static final class Slow {
        long start, last;
        final IntSet ports = new IntSet(1 << 16);
        boolean reported;
    }

    public Scanning(Settings s) {
        this.s = s;
        this.window = s.windowSeconds * 1_000_000_000L;
        this.slowWindow = s.slowWindowSeconds * 1_000_000_000L;
        this.fanoutWindow = s.fanoutWindowSeconds * 1_000_000_000L;
        this.sources = new BoundedMap<>(s.maxSources);
        this.slow = new BoundedMap<>(s.maxSlowPairs);
    }

    @Override
    public String name() { return "scanning"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (e instanceof ArpMessage a) {
            arp(a, out);
            return;
        }
        if (e instanceof SensorNotice n) {
            notice(n, out);
            return;
        }
        if (!(e instanceof Connection c) || c.open()) return;
        // windows run on the order connections are reported in (their end): a long connection's start lies far back
        long t = c.orderNanos();
        boolean icmpEcho = c.proto().startsWith("icmp") && (c.dstPort() == 0 || c.dstPort() == 8 || c.dstPort() == 128);
        boolean probe = probe(c);
        Source src = source(c.src(), t);
        src.connections++;
        int host = hostKey(c.dst());
        if (icmpEcho) {
            src.pinged.add(host);
            src.probes++;
            if (!src.sweep && src.pinged.size() >= s.sweepHosts) {
                src.sweep = true;
                report(out, BehaviorSignature.SCAN_SWEEP, c, src, 0, Map.of("hosts_pinged", src.pinged.size()), src.pinged.size(), s.sweepHosts);
            }
            return;
        }
        if (c.dstPort() <= 0) return;
        if (probe) src.probes++;
        if (probe) {
            IntSet ports = capped(src.portsByHost, c.dst(), 1 << 16);
            IntSet hosts = capped(src.hostsByPort, c.dstPort(), 1 << 16);
            if (ports == null || hosts == null) return;
            ports.add(c.dstPort());
            hosts.add(host);
            src.probedHosts.add(host);
            boolean share = src.probes >= s.minProbeShare * src.connections;
            if (!src.vertical && share && ports.size() >= s.verticalPorts) {
                src.vertical = true;
                report(out, BehaviorSignature.SCAN_VERTICAL, c, src, 0,
                        Map.of("ports", ports.size(), "sample_ports", ports.sample(20)), ports.size(), s.verticalPorts);
            }
            if (!src.horizontal && share && hosts.size() >= s.horizontalHosts) {
                src.horizontal = true;
                report(out, BehaviorSignature.SCAN_HORIZONTAL, c, src, c.dstPort(), Map.of("hosts", hosts.size(), "port", c.dstPort()),
                        hosts.size(), s.horizontalHosts);
            }
            if (!src.sweep && share && src.probedHosts.size() >= s.sweepHosts && src.portsByHost.size() >= s.sweepHosts) {
                src.sweep = true;
                report(out, BehaviorSignature.SCAN_SWEEP, c, src, 0, Map.of("hosts", src.probedHosts.size(), "ports", src.hostsByPort.size()),
                        src.probedHosts.size(), s.sweepHosts);
            }
            slow(c, out);
        }
        // many hosts on one port with a good share failing: a list of servers walked, answered or not
        Fan fan = src.fans.get(c.dstPort());
        if (fan == null && src.fans.size() < MAX_KEYS_PER_SOURCE) src.fans.put(c.dstPort(), fan = new Fan());
        if (fan != null) {
            if (fan.all == 0 || t - fan.start > fanoutWindow) {
                fan.start = t;
                fan.hosts.clear();
                fan.failed = fan.all = 0;
            }
            fan.hosts.add(host);
            if (c.state().failed()) fan.failed++;
            fan.all++;
            if (!src.horizontal && fan.hosts.size() >= s.fanoutHosts && fan.failed >= s.fanoutFailedShare * fan.all) {
                src.horizontal = true;
                report(out, BehaviorSignature.SCAN_HORIZONTAL, c, src, c.dstPort(), Map.of("hosts", fan.hosts.size(), "port", c.dstPort(),
                        "failed", fan.failed, "connections_to_port", fan.all, "fanout_seconds", (t - fan.start) / 1_000_000_000L),
                        fan.hosts.size(), s.fanoutHosts);
            }
        }
        // completed connections to every host of one subnet on one port: an inventory scan that found open ports
        long subnet = ((long) subnetKey(c.dst()) << 16) | c.dstPort();
        IntSet inSubnet = capped(src.subnetHostsByPort, subnet, 1 << 10);
        if (inSubnet == null) return;
        inSubnet.add(host);
        if (!src.horizontal && inSubnet.size() >= s.subnetHosts) {
            src.horizontal = true;
            report(out, BehaviorSignature.SCAN_HORIZONTAL, c, src, c.dstPort(), Map.of("hosts_in_subnet", inSubnet.size(), "port", c.dstPort()),
                    inSubnet.size(), s.subnetHosts);
        }
    }

    private Source source(String ip, long t) {
        Source src = sources.get(ip);
        if (src == null) {
            src = new Source();
            src.reset(t);
            sources.put(ip, src);
        } else if (t - src.start > window) {
            src.reset(t);
        }
        src.last = t;
        return src;
    }

    /**
     * Zeek's own scan notices, passed on: from Zeek's logs alone (no conn.log kept), they may be all
     * there is. An address scan names no one target: its destination is the unspecified address.
     */
    private void notice(SensorNotice n, Findings out) {
        BehaviorSignature sig = switch (n.note()) {
            case "Scan::Address_Scan" -> BehaviorSignature.SCAN_HORIZONTAL;
            case "Scan::Port_Scan" -> BehaviorSignature.SCAN_VERTICAL;
            case "Scan::Random_Scan" -> BehaviorSignature.SCAN_SWEEP;
            default -> null;
        };
        if (sig == null) return;
        String dst = n.dst() == null ? "0.0.0.0" : n.dst();
        out.report(new Finding(sig, n.tsNanos(), 0.8, n.src(), 0, dst, n.dstPort(), "tcp", n.src() + (n.dstPort() > 0 ? ":" + n.dstPort() : ""),
                null, null, n.tsNanos(), n.tsNanos(), Map.of("sensor_notice", n.note(), "message", n.message())));
    }

    /** "Who has" for many addresses from one sender: a sweep of the local network. */
    private void arp(ArpMessage a, Findings out) {
        // replies, gratuitous announcements and address probes (sender 0.0.0.0) ask for nobody else
        if (a.reply() || a.src().equals(a.dst()) || a.src().equals("0.0.0.0")) return;
        Source src = source(a.src(), a.tsNanos());
        src.arpTargets.add(hostKey(a.dst()));
        if (!src.arpSweep && src.arpTargets.size() >= s.arpSweepHosts) {
            src.arpSweep = true;
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("addresses_asked", src.arpTargets.size());
            ev.put("window_seconds", (a.tsNanos() - src.start) / 1_000_000_000L);
            if (a.srcMac() != null) ev.put("sender_mac", a.srcMac());
            double score = Math.min(1, 0.5 + 0.5 * Math.min(1, (src.arpTargets.size() - s.arpSweepHosts) / (double) s.arpSweepHosts));
            out.report(new Finding(BehaviorSignature.SCAN_SWEEP, a.tsNanos(), score, a.src(), 0, a.dst(), 0, "arp", a.src() + "|arp", null, null,
                    src.start, a.tsNanos(), ev));
        }
    }

    private static <K> IntSet capped(Map<K, IntSet> m, K key, int setCap) {
        IntSet v = m.get(key);
        if (v == null && m.size() < MAX_KEYS_PER_SOURCE) m.put(key, v = new IntSet(setCap));
        return v;
    }

    private void slow(Connection c, Findings out) {
        String key = c.src() + ">" + c.dst();
        Slow p = slow.get(key);
        long t = c.orderNanos();
        if (p == null || t - p.start > slowWindow) {
            p = new Slow();
            p.start = t;
            slow.put(key, p);
        }
        p.last = t;
        p.ports.add(c.dstPort());
        if (!p.reported && p.ports.size() >= s.slowVerticalPorts) {
            p.reported = true;
            double score = Math.min(1, 0.5 + 0.5 * Math.min(1, (p.ports.size() - s.slowVerticalPorts) / (double) s.slowVerticalPorts));
            // one slow-scan alert per source and quiet time, not one per host it probed
            out.report(new Finding(BehaviorSignature.SCAN_VERTICAL, t, score, c.src(), 0, c.dst(), 0, c.proto(), c.src() + "|slow", null, null,
                    p.start, t, Map.of("ports", p.ports.size(), "span_seconds", (t - p.start) / 1_000_000_000L,
                    "sample_ports", p.ports.sample(20), "window", "slow")));
        }
    }

    private void report(Findings out, BehaviorSignature sig, Connection c, Source src, int port, Map<String, Object> evidence, int count, int threshold) {
        Map<String, Object> ev = new LinkedHashMap<>(evidence);
        ev.put("connections", src.connections);
        ev.put("probes", src.probes);
        ev.put("window_seconds", (c.orderNanos() - src.start) / 1_000_000_000L);
        double score = Math.min(1, 0.5 + 0.5 * Math.min(1, (count - threshold) / (double) threshold)) * (src.probes / (double) src.connections > 0.9 ? 1 : 0.9);
        out.report(new Finding(sig, c.orderNanos(), score, c.src(), 0, c.dst(), port, c.proto(), c.src() + (port > 0 ? ":" + port : ""),
                null, null, src.start, c.orderNanos(), ev));
    }

    /** A connection that failed, or a TCP connect-scan probe: handshake and reset, nothing sent. */
    private static boolean probe(Connection c) {
        if (c.state().failed()) return true;
        return c.proto().equals("tcp") && c.service() == null && c.pktsOut() > 0 && c.pktsOut() <= 3 && c.state() != ConnState.OTHER
                && c.pktsIn() <= 2;
    }

    private static int hostKey(String ip) {
        return ip.hashCode();
    }

    /** The /24 of an IPv4 address or the /64 of an IPv6 one, hashed. */
    private static int subnetKey(String ip) {
        int colon = ip.indexOf(':');
        if (colon < 0) {
            int dot = ip.lastIndexOf('.');
            return (dot < 0 ? ip : ip.substring(0, dot)).hashCode();
        }
        byte[] a = HomeNet.parse(ip);
        return a == null ? ip.hashCode() : java.util.Arrays.hashCode(java.util.Arrays.copyOf(a, 8));
    }

    @Override
    public void advance(long now, Findings out) {
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) if (now - it.next().last > window) it.remove();
        for (Iterator<Slow> it = slow.values().iterator(); it.hasNext(); ) if (now - it.next().last > slowWindow) it.remove();
    }

    @Override
    public long trackedKeys() { return sources.size() + slow.size(); }

    @Override
    public long evicted() { return sources.evicted() + slow.evicted(); }
}
