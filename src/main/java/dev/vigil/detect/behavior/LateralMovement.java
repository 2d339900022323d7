package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Movement between inside hosts. Two findings:
 * <ul>
 * <li>remote service creation over SMB, PsExec's pattern: an executable written to an administrative
 * share ({@code ADMIN$}, {@code C$}, ...) and the service control manager's pipe ({@code svcctl}) or the
 * task scheduler's ({@code atsvc}) opened on the same server by the same client within minutes;</li>
 * <li>an inside host that used no remote-administration service (SSH, RDP, WinRM) towards inside hosts
 * during the learning period starting to, its first server the evidence.</li>
 * </ul>
 */
public final class LateralMovement implements BehaviorDetector {
    public static final class Settings {
        /** Executable write and service pipe must fall within this many seconds of each other. */
        @JsonProperty("remote_service_window_seconds")
        public long remoteServiceWindowSeconds = 600;
        /** File name endings that count as executables. */
        @JsonProperty("executable_suffixes")
        public List<String> executableSuffixes = new ArrayList<>(List.of(".exe", ".dll", ".sys", ".bat", ".cmd", ".ps1", ".vbs", ".scr", ".msi"));
        /** Remote-administration ports watched (SSH, RDP, WinRM; SMB is everyone's file sharing: its admin use is the remote-service finding). */
        @JsonProperty("admin_ports")
        public List<Integer> adminPorts = new ArrayList<>(List.of(22, 3389, 5985, 5986));
        /** Pairs seen in the first this-many hours are the baseline; new pairs after it are reported. */
        @JsonProperty("learning_hours")
        public long learningHours = 24;
        @JsonProperty("max_pairs")
        public int maxPairs = 200_000;
    }

    private static final Set<String> SERVICE_PIPES = Set.of("svcctl", "atsvc", "\\pipe\\svcctl", "\\pipe\\atsvc");

    private final Settings s;
    private final HomeNet home;
    private final long window, learning;
    private final BoundedMap<String, Smb> smb;
    private final BoundedMap<String, Long> pairs;
    private long firstSeen = Long.MIN_VALUE;

    private static final class Smb {
        long executableAt = Long.MIN_VALUE, pipeAt = Long.MIN_VALUE, first, last;
        String executable, adminShare, pipe, user;
        boolean reported;
    }

    public LateralMovement(Settings s, HomeNet home) {
        this.s = s;
        this.home = home;
        this.window = s.remoteServiceWindowSeconds * 1_000_000_000L;
        this.learning = s.learningHours * 3_600_000_000_000L;
        this.smb = new BoundedMap<>(s.maxPairs);
        this.pairs = new BoundedMap<>(s.maxPairs);
    }

    @Override
    public String name() { return "lateral-movement"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (firstSeen == Long.MIN_VALUE) firstSeen = e.orderNanos();
        if (e instanceof SmbAccess a) smb(a, out);
        else if (e instanceof Connection c && !c.state().failed() && s.adminPorts.contains(c.dstPort())) newPair(c, out);
    }

    private void smb(SmbAccess a, Findings out) {
        String key = a.src() + ">" + a.dst();
        Smb p = smb.get(key);
        if (p == null) {
            p = new Smb();
            p.first = a.tsNanos();
            smb.put(key, p);
        }
        p.last = a.tsNanos();
        if (a.user() != null && !a.user().isEmpty()) p.user = (a.domain() == null ? "" : a.domain() + "\\") + a.user();
        String file = a.filename() == null ? "" : a.filename().toLowerCase(Locale.ROOT);
        boolean ok = a.status() == null || a.status().equals("STATUS_SUCCESS");
        if (!ok || !a.command().equals("CREATE") && !a.command().equals("WRITE")) return;
        if (a.namedPipe() || SERVICE_PIPES.contains(file)) {
            if (SERVICE_PIPES.contains(file)) {
                p.pipeAt = a.tsNanos();
                p.pipe = a.filename();
            }
        } else if (adminShare(a.share()) && executable(file) && (a.command().equals("WRITE") || creates(a.disposition()))) {
            p.executableAt = a.tsNanos();
            p.executable = a.filename();
            p.adminShare = a.share();
        }
        if (!p.reported && p.executableAt != Long.MIN_VALUE && p.pipeAt != Long.MIN_VALUE && Math.abs(p.executableAt - p.pipeAt) <= window) {
            p.reported = true;
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("share", p.adminShare);
            ev.put("executable", p.executable);
            ev.put("pipe", p.pipe);
            ev.put("seconds_between", Math.abs(p.executableAt - p.pipeAt) / 1_000_000_000L);
            if (p.user != null) ev.put("account", p.user);
            out.report(new Finding(BehaviorSignature.LATERAL_REMOTE_SERVICE, a.tsNanos(), 0.95, a.src(), 0, a.dst(), a.dstPort(), "tcp",
                    key, null, null, Math.min(p.executableAt, p.pipeAt), a.tsNanos(), ev));
        }
    }

    private static boolean creates(String disposition) {
        return disposition != null && !disposition.equals("FILE_OPEN");
    }

    private static boolean adminShare(String share) {
        if (share == null) return false;
        String s = share.toUpperCase(Locale.ROOT);
        int slash = s.lastIndexOf('\\');
        String name = slash >= 0 ? s.substring(slash + 1) : s;
        return name.equals("ADMIN$") || name.length() == 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == '$';
    }

    private boolean executable(String file) {
        for (String suffix : s.executableSuffixes) if (file.endsWith(suffix)) return true;
        return false;
    }

    /**
     * A host that administers nothing starting to: an administrator reaching one more server is
     * everyday work, a workstation that never used SSH, RDP, WinRM or SMB administration before is not.
     * The source and the service are the key; the first server it reaches is the evidence.
     */
    private void newPair(Connection c, Findings out) {
        if (!home.contains(c.src()) || !home.contains(c.dst())) return;
        String key = c.src() + ">*:" + c.dstPort();
        boolean known = pairs.containsKey(key);
        pairs.put(key, c.tsNanos());
        if (known || c.orderNanos() - firstSeen < learning) return;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("port", c.dstPort());
        ev.put("service", c.service() == null ? "" : c.service());
        ev.put("learned_hours", (c.orderNanos() - firstSeen) / 3_600_000_000_000L);
        ev.put("bytes_out", c.bytesOut());
        out.report(new Finding(BehaviorSignature.LATERAL_NEW_PAIR, c.tsNanos(), 0.6, c.src(), 0, c.dst(), c.dstPort(), c.proto(), c.src() + ":" + c.dstPort(),
                null, null, c.tsNanos(), c.endNanos(), ev));
    }

    @Override
    public void advance(long now, Findings out) {
        for (Iterator<Smb> it = smb.values().iterator(); it.hasNext(); ) if (now - it.next().last > window) it.remove();
    }

    @Override
    public long trackedKeys() { return smb.size() + pairs.size(); }

    @Override
    public long evicted() { return smb.evicted() + pairs.evicted(); }
}
