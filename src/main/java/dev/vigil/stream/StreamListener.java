package dev.vigil.stream;

import dev.vigil.flow.Flow;

/**
 * Receives one TCP flow's reassembled bytes, per direction and in sequence order, from a
 * {@link TcpReassembler}. The buffer belongs to the reassembler and is valid only during the call:
 * a listener copies what it keeps.
 */
public interface StreamListener {
    /** In-order bytes sent towards the server ({@code toServer}) or towards the client. */
    void onData(Flow flow, boolean toServer, byte[] buf, int off, int len);

    /** {@code bytes} of this direction were never seen (a gap); the stream goes on after them. */
    void onGap(Flow flow, boolean toServer, long bytes);

    /** A stream anomaly on this flow (overlap with different data, depth reached, ...). */
    void onEvent(Flow flow, StreamEvent event);
}
