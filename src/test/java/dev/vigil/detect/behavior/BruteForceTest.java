package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SshSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BruteForceTest {
    private static BruteForce bruteForce() {
        return new BruteForce(new BruteForce.Settings());
    }

    private static List<NetworkEvent> sshSessions(int n, double every, double duration, boolean alsoFlows) {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add(new SshSession(at(i * every), "147.32.80.40", 40000 + i, "147.32.80.37", 902, "SSH-2.0-libssh2_1.11.0", "OpenSSH_8.9", null, -1));
            if (alsoFlows) {
                e.add(new Connection(at(i * every), (long) (duration * 1e9), "147.32.80.40", 40000 + i, "147.32.80.37", 902, "tcp", "ssh",
                        2000, 3000, 12, 11, ConnState.ESTABLISHED, false));
            }
        }
        e.sort(java.util.Comparator.comparingLong(NetworkEvent::orderNanos));
        return e;
    }

    @Test
    void manyShortSshSessionsAreGuessing() {
        List<Finding> f = run(bruteForce(), sshSessions(67, 0.14, 0.3, true));
        assertThat(f).hasSize(1);
        Finding b = f.getFirst();
        assertThat(b.signature()).isEqualTo(BehaviorSignature.BRUTEFORCE_SSH);
        assertThat(b.dstPort()).isEqualTo(902);
        // each connection counted once although it came as a flow and as an SSH record
        assertThat((Integer) b.evidence().get("sessions")).isEqualTo(30);
    }

    @Test
    void longInteractiveSessionsAreNotGuessingEvenWhenMany() {
        assertThat(run(bruteForce(), sshSessions(60, 5, 600, true))).isEmpty();
    }

    @Test
    void aClientMakingFortyTwoSessionsInAnHourIsNotReported() {
        // the benign control of the corpus: one client, 42 sessions within an hour, nothing known about their outcome
        assertThat(run(bruteForce(), sshSessions(42, 85, -1, false))).isEmpty();
    }

    @Test
    void slowGuessingIsCaughtByTheHourlyCount() {
        assertThat(run(bruteForce(), sshSessions(120, 29, -1, false))).extracting(Finding::signature).containsExactly(BehaviorSignature.BRUTEFORCE_SSH);
    }

    @Test
    void failedLoginsAreCountedPerService() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < 12; i++) e.add(new LoginAttempt(at(i * 2), "10.0.0.9", 50000 + i, "10.0.0.20", 21, "ftp", "admin", false));
        List<Finding> f = run(bruteForce(), e);
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.BRUTEFORCE_LOGIN);
        assertThat(f.getFirst().evidence()).containsEntry("service", "ftp").containsEntry("failed", 10);
        List<NetworkEvent> few = e.subList(0, 9);
        assertThat(run(bruteForce(), few)).isEmpty();
    }

    @Test
    void http401sCountAsFailures() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            e.add(new HttpExchange(at(i), "10.0.0.9", 50000, "10.0.0.35", 80, "intranet", "GET", "/admin/", "python-requests", 401, 0, 300, "text/html", null));
        }
        assertThat(run(bruteForce(), e)).extracting(Finding::signature).containsExactly(BehaviorSignature.BRUTEFORCE_LOGIN);
    }
}
