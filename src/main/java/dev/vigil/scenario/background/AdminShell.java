package dev.vigil.scenario.background;

import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.ssh.SshOutcome;
import dev.vigil.scenario.ssh.SshSession;
import dev.vigil.scenario.ssh.SshSoftware;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Timeline;
import java.util.SplittableRandom;

/** Administrators' SSH sessions to the Linux servers: a couple a day, minutes to an hour of typing. */
final class AdminShell {
    static final double SESSIONS_PER_HOUR = 0.3;

    private AdminShell() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, Workday.Span span, SplittableRandom r) {
        if (!ws.admin()) return;
        SshSoftware client = ws.index() % 2 == 0 ? SshSoftware.PUTTY_0_81 : SshSoftware.OPENSSH_9_6_CLIENT;
        for (long t : Arrivals.poisson(r, span.from(), span.to(), SESSIONS_PER_HOUR, Workday::userActivity)) {
            Host server = org.linuxServers.get(r.nextInt(org.linuxServers.size()));
            tl.add(t, w -> {
                long minutes = 2 + w.rng().nextInt(40);
                SshSession.play(w.tcp(ws.host().ephemeral(), server.port(22)).open(), client, SshSoftware.OPENSSH_8_2_HARDENED,
                        new SshOutcome.Interactive(ws.user(), (int) (minutes * (20 + w.rng().nextInt(60))), minutes * 60_000_000_000L));
            });
        }
    }
}
