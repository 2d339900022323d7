package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SensorNotice;
import dev.vigil.detect.behavior.event.SshSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Password guessing. SSH hides the outcome, so there it is the shape: many sessions from one client
 * to one server in a short time (each connection counted once, whether the sensor reported it as a
 * flow, an SSH record or both), weighed by how many were short. Where the protocol tells failures
 * (FTP 530, SMB STATUS_LOGON_FAILURE, HTTP 401), the failed logins are counted per client, server and
 * service.
 */
public final class BruteForce implements BehaviorDetector {
    public static final class Settings {
        /** SSH sessions from one client to one server within the short window. */
        @JsonProperty("ssh_sessions")
        public int sshSessions = 30;
        @JsonProperty("ssh_window_seconds")
        public long sshWindowSeconds = 600;
        /** SSH sessions within an hour (slower guessing). */
        @JsonProperty("ssh_sessions_per_hour")
        public int sshSessionsPerHour = 100;
        /** How long a crossed threshold waits for the sessions' durations (they come when the sessions end), seconds. */
        @JsonProperty("duration_grace_seconds")
        public long durationGraceSeconds = 900;
        /** A session shorter than this counts as a guess (when its duration is known). */
        @JsonProperty("short_session_seconds")
        public long shortSessionSeconds = 30;
        /** Failed logins (FTP, SMTP, SMB, HTTP 401) from one client to one server's service within the window. */
        @JsonProperty("failed_logins")
        public int failedLogins = 10;
        @JsonProperty("login_window_seconds")
        public long loginWindowSeconds = 600;
        @JsonProperty("max_pairs")
        public int maxPairs = 100_000;
    }

    private final Settings s;
    private final long sshWindow, loginWindow, grace;
    private static final long HOUR = 3_600_000_000_000L;
    /** Durations known before the share of short sessions is trusted. */
    private static final int MIN_DURATIONS = 5;
    private final BoundedMap<String, Ssh> ssh;
    private final BoundedMap<String, Logins> logins;

    private static final class Ssh {
        long start, hourStart, last;
        final IntSet ports = new IntSet(1 << 16);
        final IntSet hourPorts = new IntSet(1 << 16);
        int shortSessions, knownDurations, failedAuth;
        String clientSoftware, src, dst;
        int port;
        boolean reported, hourReported;
        /** Nonzero while a crossed threshold waits for the sessions' durations: the time it was crossed. */
        long pending;
    }

    private static final class Logins {
        long start, last;
        int failed, succeeded;
        final java.util.Set<String> users = new java.util.LinkedHashSet<>();
        boolean reported;
    }

    public BruteForce(Settings s) {
        this.s = s;
        this.sshWindow = s.sshWindowSeconds * 1_000_000_000L;
        this.loginWindow = s.loginWindowSeconds * 1_000_000_000L;
        this.grace = s.durationGraceSeconds * 1_000_000_000L;
        this.ssh = new BoundedMap<>(s.maxPairs);
        this.logins = new BoundedMap<>(s.maxPairs);
    }

    @Override
    public String name() { return "brute-force"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        switch (e) {
            case SshSession ss -> ssh(e, ss.clientSoftware(), -1, ss.authSuccess(), out);
            case Connection c when !c.open() && c.proto().equals("tcp") && ("ssh".equals(c.service()) || c.service() == null && c.dstPort() == 22)
                    && !c.state().failed() -> ssh(e, null, c.durationNanos(), null, out);
            case LoginAttempt l -> login(l.tsNanos(), l.src(), l.dst(), l.dstPort(), l.service(), l.user(), l.success(), out);
            case HttpExchange h when h.status() == 401 -> login(h.tsNanos(), h.src(), h.dst(), h.dstPort(), "http", h.user(), false, out);
            // Zeek's own verdict, passed on (its logs may be all there is)
            case SensorNotice n when n.note().equals("SSH::Password_Guessing") -> out.report(new Finding(BehaviorSignature.BRUTEFORCE_SSH,
                    n.tsNanos(), 0.8, n.src(), 0, n.dst() == null ? "0.0.0.0" : n.dst(), n.dstPort() > 0 ? n.dstPort() : 22, "tcp",
                    n.src() + ">" + (n.dst() == null ? "*" : n.dst()) + ":" + (n.dstPort() > 0 ? n.dstPort() : 22), null, null, n.tsNanos(), n.tsNanos(),
                    Map.of("sensor_notice", n.note(), "message", n.message())));
            default -> { }
        }
    }

    private void ssh(NetworkEvent e, String software, long durationNanos, Boolean authSuccess, Findings out) {
        String key = e.src() + ">" + e.dst() + ":" + e.dstPort();
        long t = e.tsNanos();
        Ssh p = ssh.get(key);
        if (p == null) {
            p = new Ssh();
            p.start = p.hourStart = t;
            p.src = e.src();
            p.dst = e.dst();
            p.port = e.dstPort();
            ssh.put(key, p);
        }
        // a window waiting for the sessions' durations is judged before it is reset
        if (p.pending == 0 && t - p.start > sshWindow) {
            p.start = t;
            p.ports.clear();
            p.shortSessions = p.knownDurations = p.failedAuth = 0;
            p.reported = false;
        }
        if (p.pending == 0 && t - p.hourStart > HOUR) {
            p.hourStart = t;
            p.hourPorts.clear();
            p.hourReported = false;
        }
        p.last = Math.max(p.last, e.orderNanos());
        if (software != null) p.clientSoftware = software;
        p.ports.add(e.srcPort());
        p.hourPorts.add(e.srcPort());
        if (durationNanos >= 0) {
            p.knownDurations++;
            if (durationNanos < s.shortSessionSeconds * 1_000_000_000L) p.shortSessions++;
        }
        if (Boolean.FALSE.equals(authSuccess)) p.failedAuth++;
        if (p.pending == 0 && (!p.reported && p.ports.size() >= s.sshSessions || !p.hourReported && p.hourPorts.size() >= s.sshSessionsPerHour)) {
            p.pending = p.last;
        }
        if (p.pending != 0) decide(p, false, out);
    }

    /**
     * SSH records come when a session starts, its duration only when it ends: a candidate waits until
     * enough durations are known (most sessions short: guessing; most long: interactive work or a tool
     * keeping sessions open), or the grace time passes with none known (logs without durations).
     */
    private void decide(Ssh p, boolean force, Findings out) {
        if (p.knownDurations < MIN_DURATIONS && !force) return;
        boolean guessing = p.knownDurations < MIN_DURATIONS || p.shortSessions * 2 >= p.knownDurations;
        if (guessing) {
            boolean window = !p.reported && p.ports.size() >= s.sshSessions;
            int sessions = window ? p.ports.size() : p.hourPorts.size();
            report(out, p, sessions, window ? p.start : p.hourStart, window ? s.sshSessions : s.sshSessionsPerHour,
                    window ? s.sshWindowSeconds : 3600L);
        }
        p.reported = p.hourReported = true;
        p.pending = 0;
    }

    private void report(Findings out, Ssh p, int sessions, long start, int threshold, long windowSeconds) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("sessions", sessions);
        ev.put("window_seconds", windowSeconds);
        ev.put("short_sessions", p.shortSessions);
        ev.put("sessions_with_duration", p.knownDurations);
        if (p.failedAuth > 0) ev.put("failed_auth", p.failedAuth);
        if (p.clientSoftware != null) ev.put("client_software", p.clientSoftware);
        double score = Math.min(1, 0.6 + 0.4 * Math.min(1, (sessions - threshold) / (double) threshold));
        out.report(new Finding(BehaviorSignature.BRUTEFORCE_SSH, p.last, score, p.src, 0, p.dst, p.port, "tcp",
                p.src + ">" + p.dst + ":" + p.port, null, null, start, p.last, ev));
    }

    private void login(long t, String src, String dst, int port, String service, String user, boolean success, Findings out) {
        String key = src + ">" + dst + ":" + port + "/" + service;
        Logins l = logins.get(key);
        if (l == null || t - l.start > loginWindow) {
            l = new Logins();
            l.start = t;
            logins.put(key, l);
        }
        l.last = t;
        if (success) l.succeeded++;
        else l.failed++;
        if (user != null && l.users.size() < 100) l.users.add(user);
        if (!l.reported && l.failed >= s.failedLogins) {
            l.reported = true;
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("service", service);
            ev.put("failed", l.failed);
            ev.put("succeeded", l.succeeded);
            ev.put("window_seconds", s.loginWindowSeconds);
            if (!l.users.isEmpty()) ev.put("users", new java.util.ArrayList<>(l.users));
            double score = Math.min(1, 0.6 + 0.4 * Math.min(1, (l.failed - s.failedLogins) / (double) s.failedLogins));
            out.report(new Finding(BehaviorSignature.BRUTEFORCE_LOGIN, t, score, src, 0, dst, port, "tcp", key, null, null, l.start, t, ev));
        }
    }

    @Override
    public void advance(long now, Findings out) {
        for (Ssh p : ssh.values()) if (p.pending != 0 && now - p.pending >= grace) decide(p, true, out);
        for (Iterator<Ssh> it = ssh.values().iterator(); it.hasNext(); ) {
            Ssh p = it.next();
            if (p.pending == 0 && now - p.last > HOUR) it.remove();
        }
        for (Iterator<Logins> it = logins.values().iterator(); it.hasNext(); ) if (now - it.next().last > loginWindow) it.remove();
    }

    @Override
    public void finish(long now, Findings out) {
        for (Ssh p : ssh.values()) if (p.pending != 0) decide(p, true, out);
        advance(now, out);
    }

    @Override
    public long trackedKeys() { return ssh.size() + logins.size(); }

    @Override
    public long evicted() { return ssh.evicted() + logins.evicted(); }
}
