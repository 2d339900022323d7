package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From the compromised workstation, a connect scan of the server network for the services worth
 * moving to (SSH, SMB, RDP, WinRM, databases): open ports complete the handshake and are reset,
 * closed ports of live servers answer RST, absent addresses stay silent.
 */
final class InternalScan implements Step {
    static final int[] PORTS = {22, 80, 135, 139, 443, 445, 1433, 3306, 3389, 5985, 8080};
    private static final long PROBE_GAP = 40_000_000L;

    @Override
    public String id() {
        return "internal-scan";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Organisation o = in.org;
        Map<String, Host> live = new LinkedHashMap<>();
        Map<String, Set<Integer>> open = new LinkedHashMap<>();
        live.put(o.dc.ip(), o.dc);
        open.put(o.dc.ip(), Set.of(135, 139, 445));
        for (Host h : List.of(o.fileServer, o.archiveServer)) {
            live.put(h.ip(), h);
            open.put(h.ip(), Set.of(135, 139, 445, 3389));
        }
        live.put(o.mailServer.ip(), o.mailServer);
        open.put(o.mailServer.ip(), Set.of(80, 443, 135, 445));
        live.put(o.updateServer.ip(), o.updateServer);
        open.put(o.updateServer.ip(), Set.of(80, 443, 445));
        live.put(o.intranet.ip(), o.intranet);
        open.put(o.intranet.ip(), Set.of(80, 443));
        for (Host h : o.linuxServers) {
            live.put(h.ip(), h);
            open.put(h.ip(), h.name().startsWith("db") ? Set.of(22, 3306) : Set.of(22, 80));
        }
        in.timeline.add(at, id(), w -> {
            long t = w.now();
            for (int last = 1; last <= 60; last++) {
                String ip = "10.10.0." + last;
                Host target = live.get(ip);
                boolean absent = target == null;
                Host h = absent ? new Host("absent", ip, new byte[] {2, 0, 0, 0, 0, (byte) last}, 128, 100_000) : target;
                for (int port : PORTS) {
                    w.at(t);
                    TcpConversation probe = w.tcp(in.victim.host().ephemeral(), h.port(port));
                    if (absent) probe.unanswered();
                    else if (open.get(ip).contains(port)) probe.open().reset();
                    else probe.refused();
                    t += PROBE_GAP / 2 + w.rng().nextLong(PROBE_GAP);
                }
            }
        });
        return new Activity(id(), "Connect scan of the server network from the compromised workstation", Techniques.NETWORK_SERVICE_DISCOVERY,
                Party.of(in.victim.host().ip()), Party.of(Organisation.SERVER_NET), null, null, Detector.SCAN,
                "A workstation opens connections to " + PORTS.length + " service ports on 60 server addresses in under a minute; "
                        + "most are refused or unanswered.");
    }
}
