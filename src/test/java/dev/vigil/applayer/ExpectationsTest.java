package dev.vigil.applayer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flow.Flow;
import dev.vigil.testing.TestFlows;
import org.junit.jupiter.api.Test;

/** The expectation table: what a new flow takes, and the bounds in entries and packet time. */
class ExpectationsTest {
    private static final long CLIENT = 0x0A000001L, SERVER = 0x0A000002L, OTHER = 0x0A000003L;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static Flow flow(long a, int aPort, long b, int bPort) {
        return TestFlows.tcp4(a, aPort, b, bPort, 0);
    }

    /** A passive-mode announcement: the server listens on {@code port}, the client connects. */
    private static Expectation passive(int port, long at, Object data) {
        return new Expectation("ftp-data", 4, 0, SERVER, 0, CLIENT, port, 77, at, data);
    }

    @Test
    void aNewFlowTakesTheExpectationOfItsHostPairAndListeningPortOnce() {
        Expectations t = new Expectations();
        t.add(passive(50000, T0, "first"), T0);
        t.add(passive(50001, T0, "second"), T0);
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 50002), T0)).as("another port").isNull();
        assertThat(t.take(flow(OTHER, 40000, SERVER, 50000), T0)).as("another host pair").isNull();
        Expectation e = t.take(flow(CLIENT, 40000, SERVER, 50001), T0 + 1);
        assertThat(e).isNotNull();
        assertThat(e.data()).isEqualTo("second");
        assertThat(Expectations.listenerIsB(e, flow(CLIENT, 40000, SERVER, 50001))).isTrue();
        assertThat(t.take(flow(CLIENT, 40001, SERVER, 50001), T0 + 2)).as("used up").isNull();
        // picked up midstream with the sides guessed the wrong way round: still found, listener on side A
        Flow turned = flow(SERVER, 50000, CLIENT, 40002);
        Expectation first = t.take(turned, T0 + 3);
        assertThat(first).isNotNull();
        assertThat(Expectations.listenerIsB(first, turned)).isFalse();
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.created).isEqualTo(2);
        assertThat(t.matched).isEqualTo(2);
    }

    @Test
    void anExpectationLapsesAfterItsTimeoutInPacketTime() {
        Expectations t = new Expectations();
        t.add(passive(50000, T0, null), T0);
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 50000), T0 + Expectations.TIMEOUT_NANOS + 1)).isNull();
        assertThat(t.expired).isEqualTo(1);
        assertThat(t.isEmpty()).isTrue();
        t.add(passive(50000, T0, null), T0);
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 50000), T0 + Expectations.TIMEOUT_NANOS)).as("just in time").isNotNull();
    }

    @Test
    void onlyFlowsPlacedByHostPairTakeExpectations() {
        Expectations t = new Expectations();
        t.add(passive(5000, T0, null), T0);
        // 40000 -> 5000: per-flow placement, could be on another worker than the control connection
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 5000), T0)).isNull();
        t.add(passive(20, T0, null), T0);
        assertThat(t.take(flow(CLIENT, 4000, SERVER, 20), T0)).as("port 20 is placed by host pair").isNotNull();
    }

    @Test
    void theTableIsBoundedPerHostPairAndCountsWhatItDrops() {
        Expectations t = new Expectations();
        for (int i = 0; i < Expectations.MAX_PER_PAIR + 10; i++) t.add(passive(50000 + i, T0 + i, i), T0 + i);
        assertThat(t.dropped).isEqualTo(10);
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 50000), T0 + 100)).as("the oldest went first").isNull();
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 50010), T0 + 100).data()).isEqualTo(10);
        // lapsed ones make room before a live one is dropped
        long later = T0 + Expectations.TIMEOUT_NANOS + 1_000;
        t.add(passive(60000, later, "late"), later);
        assertThat(t.dropped).isEqualTo(10);
        assertThat(t.take(flow(CLIENT, 40000, SERVER, 60000), later).data()).isEqualTo("late");
        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void theTableIsBoundedInAll() {
        Expectations t = new Expectations();
        int pairs = Expectations.MAX_TOTAL / Expectations.MAX_PER_PAIR + 1;
        for (int p = 0; p < pairs; p++) {
            for (int i = 0; i < Expectations.MAX_PER_PAIR; i++) {
                t.add(new Expectation("ftp-data", 4, 0, SERVER, 0, 0x0B000000L + p, 50000 + i, 1, T0, null), T0);
            }
        }
        assertThat(t.created).isEqualTo(Expectations.MAX_TOTAL);
        assertThat(t.dropped).isEqualTo(Expectations.MAX_PER_PAIR);
        // once they lapse, the sweep makes room again
        long later = T0 + Expectations.TIMEOUT_NANOS + 1;
        t.add(passive(50000, later, null), later);
        assertThat(t.created).isEqualTo(Expectations.MAX_TOTAL + 1);
        assertThat(t.expired).isEqualTo(Expectations.MAX_TOTAL);
    }
}
