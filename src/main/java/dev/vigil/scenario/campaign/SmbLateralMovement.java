package dev.vigil.scenario.campaign;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.smb.SmbClient;
import dev.vigil.scenario.smb.SmbTree;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;

/**
 * PsExec-style lateral movement with a stolen administrator account: the implant copied to the
 * archive server's ADMIN$ share, then the service control manager's pipe opened to start it.
 */
final class SmbLateralMovement implements Step {
    @Override
    public String id() {
        return "smb-lateral-movement";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Host target = in.org.archiveServer;
        String server = target.name().substring(0, target.name().indexOf('.'));
        in.timeline.add(at, id(), w -> {
            TcpConversation c = w.tcp(in.victim.host().ephemeral(), target.port(445)).rate(100e6).open();
            SmbClient smb = SmbClient.login(c, Organisation.NETBIOS_DOMAIN, in.stolenAdmin, in.victim.host().name(), server);
            SmbTree admin = smb.treeConnect("\\\\" + server + "\\ADMIN$");
            smb.writeFile(admin, "wmiprvse64.exe", Bodies.executable(350_000 + w.rng().nextInt(50_000), w.rng()));
            smb.treeDisconnect(admin);
            SmbTree ipc = smb.treeConnect("\\\\" + server + "\\IPC$");
            byte[] pipe = smb.openPipe(ipc, "svcctl");
            w.thinkMillis(50, 300);
            smb.closePipe(ipc, pipe);
            smb.treeDisconnect(ipc);
            smb.logoff();
            c.close();
        });
        return new Activity(id(), "Stolen admin account " + Organisation.NETBIOS_DOMAIN + "\\" + in.stolenAdmin
                        + " copies an executable to ADMIN$ on " + server + " and opens the svcctl pipe",
                Techniques.SMB_ADMIN_SHARES, Party.of(in.victim.host().ip()), Party.of(target.ip(), 445), null, null, Detector.LATERAL_MOVEMENT,
                "A workstation that never talked SMB to " + server + " connects to ADMIN$, writes an .exe and opens \\PIPE\\svcctl.");
    }
}
