package dev.vigil.flow;

/**
 * Connection-level TCP state machine driven by flags and direction (sequence numbers are the stream
 * stage's business). Mirrors the state names and transitions Suricata reports.
 */
final class TcpTracker {
    private TcpTracker() {}

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    static TcpState next(TcpState s, int flags, boolean toServer) {
        if ((flags & RST) != 0) return s == TcpState.NONE ? TcpState.NONE : TcpState.CLOSED;
        boolean syn = (flags & SYN) != 0, ack = (flags & ACK) != 0, fin = (flags & FIN) != 0;
        return switch (s) {
            case NONE -> syn && !ack && toServer ? TcpState.SYN_SENT : TcpState.NONE;
            case SYN_SENT -> syn && ack && !toServer ? TcpState.SYN_RECV : s;
            case SYN_RECV -> !syn && ack && toServer ? (fin ? TcpState.FIN_WAIT1 : TcpState.ESTABLISHED) : s;
            // Suricata names the closing states from the server's side: a client FIN is CLOSE_WAIT
            case ESTABLISHED -> fin ? (toServer ? TcpState.CLOSE_WAIT : TcpState.FIN_WAIT1) : s;
            case FIN_WAIT1 -> toServer ? (fin ? (ack ? TcpState.TIME_WAIT : TcpState.CLOSING) : ack ? TcpState.FIN_WAIT2 : s) : s;
            case FIN_WAIT2 -> toServer && fin ? TcpState.TIME_WAIT : s;
            case CLOSE_WAIT -> !toServer && fin ? TcpState.LAST_ACK : s;
            case LAST_ACK -> toServer && ack ? TcpState.CLOSED : s;
            case CLOSING -> ack ? TcpState.TIME_WAIT : s;
            case TIME_WAIT -> ack ? TcpState.CLOSED : s;
            case CLOSED -> s;
        };
    }
}
