package dev.vigil.scenario.campaign;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.smb.SmbClient;
import dev.vigil.scenario.smb.SmbTree;
import dev.vigil.scenario.wire.TcpConversation;
import java.util.ArrayList;
import java.util.List;

/**
 * Collection: with the stolen administrator account the intruder walks the research and
 * engineering shares and copies every document to the compromised workstation, far more than its
 * user ever reads.
 */
final class DataStaging implements Step {
    static final int FILES = 45;

    @Override
    public String id() {
        return "data-staging";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        var fs = in.org.fileServer;
        String server = fs.name().substring(0, fs.name().indexOf('.'));
        in.timeline.add(at, id(), w -> {
            TcpConversation c = w.tcp(in.victim.host().ephemeral(), fs.port(445)).rate(300e6).open();
            SmbClient smb = SmbClient.login(c, Organisation.NETBIOS_DOMAIN, in.stolenAdmin, in.victim.host().name(), server);
            for (String share : new String[] {"Research", "Engineering"}) {
                SmbTree tree = smb.treeConnect("\\\\" + server + "\\" + share);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < FILES / 2; i++) {
                    names.add(share.substring(0, 3).toUpperCase() + "-" + (100 + i) + (i % 3 == 0 ? "_design.pdf" : i % 3 == 1 ? "_results.xlsx" : "_notes.docx"));
                }
                smb.listDirectory(tree, "Projects", names);
                for (String n : names) {
                    smb.readFile(tree, "Projects\\" + n, Bodies.binary(100_000 + w.rng().nextInt(500_000), w.rng()));
                    w.thinkMillis(20, 200);
                }
                smb.treeDisconnect(tree);
            }
            smb.logoff();
            c.close();
        });
        return new Activity(id(), "About " + (FILES / 2 * 2) + " documents copied from the Research and Engineering shares with the stolen admin account",
                Techniques.DATA_FROM_NETWORK_SHARE, Party.of(in.victim.host().ip()), Party.of(fs.ip(), 445), null, null, Detector.EXFILTRATION,
                "One workstation reads over ten megabytes from two departments' shares in minutes, logged on as " + in.stolenAdmin + ".");
    }
}
