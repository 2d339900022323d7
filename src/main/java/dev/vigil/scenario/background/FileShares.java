package dev.vigil.scenario.background;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.smb.SmbClient;
import dev.vigil.scenario.smb.SmbTree;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import dev.vigil.scenario.wire.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Users on their department's share of the file server: log on (NTLM), list a folder, open a
 * document or two, now and then save one back.
 */
final class FileShares {
    static final double SESSIONS_PER_HOUR = 1.5;

    private FileShares() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, Workday.Span span, SplittableRandom r) {
        for (long t : Arrivals.poisson(r, span.from(), span.to(), SESSIONS_PER_HOUR, Workday::userActivity)) {
            tl.add(t, w -> session(w, org, ws));
        }
    }

    static void session(Wire w, Organisation org, Workstation ws) {
        String server = org.fileServer.name().substring(0, org.fileServer.name().indexOf('.'));
        TcpConversation c = w.tcp(ws.host().ephemeral(), org.fileServer.port(445)).rate(200e6).open();
        SmbClient smb = SmbClient.login(c, Organisation.NETBIOS_DOMAIN, ws.user(), ws.host().name(), server);
        SmbTree share = smb.treeConnect("\\\\" + server + "\\" + ws.department());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3 + w.rng().nextInt(20); i++) names.add(Words.document(w.rng()));
        String folder = "Projects\\" + (2024 + w.rng().nextInt(3));
        smb.listDirectory(share, folder, names);
        for (int i = 0; i < 1 + w.rng().nextInt(2); i++) {
            w.thinkMillis(500, 5000);
            smb.readFile(share, folder + "\\" + names.get(w.rng().nextInt(names.size())), Bodies.binary(WebClient.size(w, 10_000, 250_000), w.rng()));
        }
        if (w.rng().nextInt(5) == 0) {
            w.thinkMillis(20_000, 120_000);
            smb.writeFile(share, folder + "\\" + Words.document(w.rng()), Bodies.binary(WebClient.size(w, 15_000, 300_000), w.rng()));
        }
        smb.treeDisconnect(share);
        smb.logoff();
        w.thinkMillis(1, 5);
        c.close();
    }
}
