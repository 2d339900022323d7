package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongConnectionTest {
    private static final HomeNet HOME = new HomeNet(List.of("10.0.0.0/8", "64.225.56.201"));

    private static Connection conn(String src, String dst, double hours, boolean open) {
        return new Connection(at(0), (long) (hours * 3.6e12), src, 50000, dst, 22, "tcp", "ssh", 10_000, 20_000, 100, 100, ConnState.ESTABLISHED, open);
    }

    @Test
    void hoursLongConnectionsAcrossThePerimeterAreReported() {
        List<Finding> f = run(new LongConnection(new LongConnection.Settings(), HOME), List.of(conn("73.54.23.243", "64.225.56.201", 70, true)));
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.LONG_CONNECTION);
        assertThat(f.getFirst().evidence()).containsEntry("still_open", true).containsEntry("duration_seconds", 252_000L);
        assertThat(f.getFirst().score()).isEqualTo(1.0);
    }

    @Test
    void shortOrInternalConnectionsAreNot() {
        assertThat(run(new LongConnection(new LongConnection.Settings(), HOME), List.of(
                conn("10.20.1.10", "10.10.0.41", 9, false), conn("10.20.1.10", "192.0.2.5", 1.5, false)))).isEmpty();
    }
}
