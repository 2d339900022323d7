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

    /**
     * {@code rule} matched the reassembled stream of that direction rather than one packet; {@code stream}
     * renders the stream's bytes the record shows, valid during the call only.
     */
    default void streamAlert(Flow f, boolean fromB, boolean toServer, Rule rule, StreamPayload stream) {
        alert(f, fromB, toServer, rule, null);
    }

    /**
     * {@code rule} matched traffic of {@code f} but its {@code threshold} or {@code detection_filter} held the
     * alert back (counted as Suricata's {@code detect.alerts_suppressed}, so a quiet rule is not a silent one).
     */
    default void suppressed(Flow f, Rule rule) {}

    /** The recent bytes of one stream direction as an alert shows them, gaps written as {@code [N bytes missing]}. */
    interface StreamPayload {
        /** Writes at most {@code limit} bytes into a buffer it returns; {@link #length()} of them are valid. */
        byte[] render(int limit);

        int length();
    }
}
