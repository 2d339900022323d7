package dev.vigil.stream;

import dev.vigil.flow.Flow;

/**
 * What {@link Flow#streamState} holds: the two directions of a flow, created when first needed, and
 * the client side they were created for, so a flow the flow stage turns round (a session picked up
 * at its SYN/ACK) has its directions turned round too.
 */
final class FlowStreams {
    StreamDirection toServer, toClient;
    long clientHi, clientLo;
    int clientPort;

    FlowStreams(Flow f) {
        remember(f);
    }

    void remember(Flow f) {
        clientHi = f.aHi;
        clientLo = f.aLo;
        clientPort = f.aPort;
    }

    /** Turns the directions round when the flow's client side is no longer the one they were made for. */
    void follow(Flow f) {
        if (clientPort != f.aPort || clientLo != f.aLo || clientHi != f.aHi) {
            StreamDirection t = toServer;
            toServer = toClient;
            toClient = t;
            remember(f);
        }
    }
}
