package dev.vigil.detect.engine;

import dev.vigil.decode.Packet;
import dev.vigil.detect.rules.Rule;
import dev.vigil.flow.Flow;

/** Where the engine's alerts go (the worker writes them as EVE {@code alert} records). */
public interface AlertSink {
    /** {@code rule} matched {@code p}, a packet of {@code f} sent towards the flow's server when {@code toServer}. */
    void alert(Flow f, Packet p, boolean toServer, Rule rule, byte[] payload, int payloadLen);
}
