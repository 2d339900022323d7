package dev.vigil.scenario.background;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What servers do on their own: Linux servers keep time with the outside pool and fetch package
 * lists from a mirror every night; Windows servers keep time with the domain controller.
 */
final class ServerChores {
    private ServerChores() {}

    static void schedule(Timeline tl, Organisation org, long from, long to, SplittableRandom r) {
        List<Host> linux = new ArrayList<>(org.linuxServers);
        linux.add(org.dmzWeb);
        linux.add(org.dmzMail);
        linux.add(org.dmzSsh);
        for (Host h : linux) {
            TimeSync.schedule(tl, h, org.ntpPool, from, to, 1024_000_000_000L, r.split());
            for (long t : Arrivals.periodic(r, from, to, Workday.DAY, 0.01)) {
                tl.add(t, w -> {
                    TcpConversation c = w.tcp(h.ephemeral(), org.mirror.server().port(80)).rate(30e6).open();
                    for (String f : List.of("InRelease", "main/binary-amd64/Packages")) {
                        byte[] req = HttpMessage.request("GET", "/debian/dists/bookworm-updates/" + f, org.mirror.name(),
                                Map.of("User-Agent", "Debian APT-HTTP/1.3 (2.6.1)"), new byte[0]);
                        byte[] body = f.equals("InRelease") ? Bodies.html("InRelease", 4_000, w.rng()) : Bodies.binary(40_000 + w.rng().nextInt(60_000), w.rng());
                        c.exchange(req, HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "Apache",
                                f.equals("InRelease") ? "text/plain" : "application/octet-stream", Map.of(), body), 2_000_000L);
                    }
                    c.close();
                });
            }
        }
        for (Host h : List.of(org.fileServer, org.archiveServer, org.mailServer, org.updateServer, org.intranet)) {
            TimeSync.schedule(tl, h, org.dc, from, to, 2048_000_000_000L, r.split());
        }
    }
}
