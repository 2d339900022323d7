package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.wire.Endpoint;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The intruder's SYN scan of the organisation's public block from outside: every address of the
 * DMZ's first 32, the ports exposed services use; open ports answer SYN-ACK (the scanner resets),
 * the firewall drops the rest.
 */
final class ReconScan implements Step {
    static final int[] PORTS = {21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 389, 443, 445, 465, 587, 993, 995, 1433, 1521,
            1723, 2049, 3306, 3389, 5432, 5900, 5985, 6379, 8000, 8080, 8443, 8888, 9200, 10443};
    private static final long PROBE_GAP = 12_000_000L;

    @Override
    public String id() {
        return "recon-scan";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Map<String, Host> targets = new LinkedHashMap<>();
        Map<String, Set<Integer>> open = Map.of(in.org.dmzWeb.ip(), Set.of(80, 443), in.org.dmzMail.ip(), Set.of(25),
                in.org.dmzSsh.ip(), Set.of(22));
        for (Host h : List.of(in.org.dmzWeb, in.org.dmzMail, in.org.dmzSsh)) targets.put(h.ip(), h);
        for (int i = 1; i <= 30; i++) {
            String ip = "198.51.100." + i;
            targets.computeIfAbsent(ip, k -> new Host("unused", k, Organisation.GATEWAY_MAC, 64, 100_000));
        }
        in.timeline.add(at, id(), w -> {
            Endpoint src = in.scanner.port(40_000 + w.rng().nextInt(20_000));
            long t = w.now();
            for (int port : PORTS) {
                for (Host h : targets.values()) {
                    w.at(t);
                    TcpConversation probe = w.tcp(src, h.port(port));
                    if (open.getOrDefault(h.ip(), Set.of()).contains(port)) probe.probedOpen();
                    else probe.unanswered();
                    t += PROBE_GAP / 2 + w.rng().nextLong(PROBE_GAP);
                }
            }
        });
        return new Activity(id(), "SYN scan of the organisation's public address block from outside, " + PORTS.length + " ports per address",
                Techniques.SCANNING_IP_BLOCKS, Party.of(in.scanner.ip()), Party.of("198.51.100.0/27"), null, null, Detector.SCAN,
                "One outside address sends SYNs to many addresses and ports of " + Organisation.DMZ_NET
                        + " within a minute; most get no answer.");
    }
}
