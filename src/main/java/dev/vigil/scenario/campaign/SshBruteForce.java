package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.ssh.SshOutcome;
import dev.vigil.scenario.ssh.SshSession;
import dev.vigil.scenario.ssh.SshSoftware;
import dev.vigil.scenario.wire.Host;

/**
 * Password guessing against the database server's SSH from the compromised workstation with a
 * libssh-based tool: many short connections, three guesses each, until one account falls.
 */
final class SshBruteForce implements Step {
    static final String[] USERS = {"root", "admin", "oracle", "postgres", "mysql", "backup", "test", "deploy", "ubuntu", "dbadmin"};
    static final int CONNECTIONS = 60;

    @Override
    public String id() {
        return "ssh-bruteforce";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Host target = in.org.linuxServers.get(1);
        long t = at;
        for (int i = 0; i < CONNECTIONS; i++) {
            String user = USERS[i % USERS.length];
            boolean last = i == CONNECTIONS - 1;
            in.timeline.add(t, id(), w -> SshSession.play(w.tcp(in.victim.host().ephemeral(), target.port(22)).open(), SshSoftware.LIBSSH_0_9_6,
                    SshSoftware.OPENSSH_8_2_HARDENED, last ? new SshOutcome.ShortSession("dbadmin", "id; uname -a; cat /etc/passwd", 2_400)
                            : new SshOutcome.FailedAuth(user, 3)));
            t += 4_000_000_000L + in.rng.nextLong(6_000_000_000L);
        }
        return new Activity(id(), CONNECTIONS + " SSH connections guessing passwords for common accounts, the last one succeeds",
                Techniques.PASSWORD_GUESSING, Party.of(in.victim.host().ip()), Party.of(target.ip(), 22), null, null, Detector.BRUTEFORCE,
                "One workstation opens dozens of short SSH connections to " + target.name() + " with a libssh client, each ending in a disconnect.");
    }
}
