package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Rule;
import dev.vigil.flow.Flow;

/** Where the engine's alerts go (the worker writes them as EVE {@code alert} records). */
public interface AlertSink {
    /**
     * {@code rule} matched traffic of {@code f} sent by the flow's side B when {@code fromB} (else side A, the
     * side first seen), which is the direction to the flow's server when {@code toServer}; {@code tx} the
     * transaction it matched in, null for a packet.
     */
    void alert(Flow f, boolean fromB, boolean toServer, Rule rule, dev.vigil.applayer.InspectionBuffers tx);
}
