package dev.vigil.scenario.wire;

import java.io.IOException;

/** Where the timeline's merged packets go, in time order. */
@FunctionalInterface
public interface PacketSink {
    void packet(long tsNanos, byte[] frame) throws IOException;
}
