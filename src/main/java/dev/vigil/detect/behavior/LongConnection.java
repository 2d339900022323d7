package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connections between inside and outside that stay open for hours: interactive C2 channels and
 * reverse tunnels keep one connection up where a beacon makes many. Inside-to-inside sessions
 * (administrators' SSH, file shares) are left alone. A connection still open (Zeek's open_conn, a live
 * flow) counts with its duration so far.
 */
public final class LongConnection implements BehaviorDetector {
    public static final class Settings {
        /** A working day: push channels and web sockets stay up for hours, implants' interactive sessions for days. */
        @JsonProperty("min_hours")
        public double minHours = 8;
        /** Services whose connections are long by design (e.g. "imap", "xmpp"). */
        @JsonProperty("ignore_services")
        public java.util.List<String> ignoreServices = new java.util.ArrayList<>();
    }

    private final Settings s;
    private final HomeNet home;
    private final long min;

    public LongConnection(Settings s, HomeNet home) {
        this.s = s;
        this.home = home;
        this.min = (long) (s.minHours * 3_600_000_000_000L);
    }

    @Override
    public String name() { return "long-connection"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (!(e instanceof Connection c) || c.durationNanos() < min) return;
        if (c.service() != null && s.ignoreServices.contains(c.service())) return;
        boolean srcIn = home.contains(c.src()), dstIn = home.contains(c.dst());
        if (srcIn == dstIn) return;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("duration_seconds", c.durationNanos() / 1_000_000_000L);
        ev.put("bytes_out", c.bytesOut());
        ev.put("bytes_in", c.bytesIn());
        ev.put("still_open", c.open());
        if (c.service() != null) ev.put("service", c.service());
        double hours = c.durationNanos() / 3.6e12;
        double score = Math.min(1, 0.5 + 0.5 * Math.min(1, (hours - s.minHours) / (4 * s.minHours)));
        out.report(new Finding(BehaviorSignature.LONG_CONNECTION, c.endNanos(), score, c.src(), c.srcPort(), c.dst(), c.dstPort(), c.proto(),
                c.src() + ">" + c.dst() + ":" + c.dstPort(), null, null, c.tsNanos(), c.endNanos(), ev));
    }

    @Override
    public long trackedKeys() { return 0; }
}
