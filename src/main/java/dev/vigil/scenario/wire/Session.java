package dev.vigil.scenario.wire;

/** One conversation or burst of packets, played on its own {@link Wire} from its start time. */
@FunctionalInterface
public interface Session {
    void play(Wire wire);
}
