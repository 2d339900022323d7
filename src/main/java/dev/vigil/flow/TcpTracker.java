package dev.vigil.flow;

import dev.vigil.decode.Packet;

/**
 * The connection-level TCP session of a flow, following the state machine Suricata's stream engine
 * reports in {@code tcp.state} (stream-tcp.c), with enough sequence tracking to tell a FIN from its
 * retransmission and an ACK of a FIN from any other ACK. Reassembly, window and timestamp validation
 * are the stream stage's business and are not modelled here.
 *
 * <p>What Suricata does, and this mirrors:
 * <ul>
 *   <li>A session exists only once a SYN (without ACK, RST or FIN) opened the flow, or, with
 *       {@code stream.midstream: true}, once a SYN/ACK, an ACK or a FIN carrying data picked it up. A
 *       flow without a session reports {@code tcp_flags} "00" and no {@code tcp.state}, and its
 *       {@code flow.state} stays "new".</li>
 *   <li>Flags accumulate from the packet that created the session on.</li>
 *   <li>States are named from the server's side: a client FIN in ESTABLISHED is CLOSE_WAIT, a server
 *       FIN is FIN_WAIT1. ESTABLISHED, FIN_WAIT1/2, CLOSING and CLOSE_WAIT make the flow
 *       "established"; LAST_ACK, TIME_WAIT and CLOSED make it "closed".</li>
 * </ul>
 * Sequence numbers are unsigned 32-bit and compared modulo 2^32.
 */
final class TcpTracker {
    private TcpTracker() {}

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    /** Suricata's stream starter: a SYN (or, with midstream, a SYN/ACK) with neither RST nor FIN. */
    static boolean isStreamStarter(int flags, boolean midstream) {
        if ((flags & (RST | FIN)) != 0) return false;
        if ((flags & (SYN | ACK)) == SYN) return true;
        return midstream && (flags & (SYN | ACK)) == (SYN | ACK);
    }

    /**
     * True when a stream starter on an existing flow begins a new connection (Suricata's
     * TcpSessionPacketSsnReuse): the flow has no session, or its session never started, or has gone at
     * least as far as LAST_ACK; a SYN repeating the client's initial sequence number is a retransmission.
     */
    static boolean reuses(Flow f, Packet p, boolean toServer) {
        if (!f.tcpSession) return true;
        if (toServer && (p.tcpFlags & (SYN | ACK)) == SYN && (int) p.tcpSeq == f.clientIsn) return false;
        return f.tcpState == TcpState.NONE || f.tcpState.ordinal() >= TcpState.LAST_ACK.ordinal();
    }

    /** Updates the session of {@code f} with {@code p} (already accounted to the flow). */
    static void track(Flow f, Packet p, boolean toServer, boolean midstream) {
        int flags = p.tcpFlags & 0xFF;
        int seq = (int) p.tcpSeq, ack = (int) p.tcpAck, len = Math.max(0, p.payloadLen);
        if (!f.tcpSession) {
            if (!start(f, flags, seq, ack, len, toServer, midstream)) return;
            // the packet that opens the session counts for the flags
            f.tcpFlagsToServer = f.tcpFlagsToClient = 0;
            if (f.sessionSwapped) toServer = !toServer;
            if (toServer) f.tcpFlagsToServer |= flags; else f.tcpFlagsToClient |= flags;
            syncFlowState(f);
            return;
        }
        if (toServer) f.tcpFlagsToServer |= flags; else f.tcpFlagsToClient |= flags;
        TcpState s = f.tcpState;
        boolean fin = (flags & FIN) != 0, syn = (flags & SYN) != 0, rst = (flags & RST) != 0, ackBit = (flags & ACK) != 0;
        if (rst) {
            if (s != TcpState.CLOSED) setState(f, TcpState.CLOSED);
            return;
        }
        int end = seq + len + (syn ? 1 : 0) + (fin ? 1 : 0);
        // a FIN whose end equals the one already seen from this side is its retransmission
        boolean finRetransmit = fin && (toServer ? f.clientFin && seq + len == f.clientFinSeq : f.serverFin && seq + len == f.serverFinSeq);
        switch (s) {
            case SYN_SENT -> {
                // with TCP Fast Open the SYN/ACK may acknowledge the SYN's data too
                if (syn && ackBit && !toServer && (ack == f.clientIsn + 1 || ack == f.clientNextSeq)) {
                    f.serverIsn = seq;
                    f.serverNextSeq = seq + 1;
                    setState(f, TcpState.SYN_RECV);
                } else if (syn && !ackBit && toServer && seq != f.clientIsn) {
                    // the client retried with a new initial sequence number: the SYN/ACK will answer that one
                    f.clientIsn = seq;
                    f.clientNextSeq = seq + 1 + len;
                    return;
                }
            }
            case SYN_RECV -> {
                if (toServer && ackBit && !syn && ack == f.serverNextSeq) setState(f, TcpState.ESTABLISHED);
            }
            case ESTABLISHED -> {
                if (fin && !syn) setState(f, toServer ? TcpState.CLOSE_WAIT : TcpState.FIN_WAIT1);
            }
            case FIN_WAIT1 -> {
                if (syn) break;
                if (fin && !finRetransmit) setState(f, ackBit ? TcpState.TIME_WAIT : TcpState.CLOSING);
                else if (!fin && ackBit && toServer && ack == f.serverNextSeq && seq == f.clientNextSeq) {
                    setState(f, TcpState.FIN_WAIT2);
                }
            }
            case FIN_WAIT2 -> {
                if (fin && !syn && !finRetransmit) setState(f, TcpState.TIME_WAIT);
            }
            case CLOSING -> {
                if (!syn && !fin && ackBit && seq == (toServer ? f.clientNextSeq : f.serverNextSeq)) setState(f, TcpState.TIME_WAIT);
            }
            case CLOSE_WAIT -> {
                if (fin && !syn && !toServer && !finRetransmit) setState(f, TcpState.LAST_ACK);
            }
            case LAST_ACK -> {
                if (!syn && !fin && ackBit && toServer && (seq == f.clientNextSeq || seq == f.clientNextSeq + 1)) {
                    setState(f, TcpState.CLOSED);
                }
            }
            case TIME_WAIT -> {
                if (!syn && !fin && ackBit) {
                    boolean inSeq = toServer ? seq == f.clientNextSeq || seq == f.clientNextSeq + 1
                            : seq == f.serverNextSeq - 1 || seq == f.serverNextSeq;
                    if (inSeq) setState(f, TcpState.CLOSED);
                }
            }
            default -> { }
        }
        // sequence bookkeeping after the state decision, as the stream engine updates next_seq last
        if (toServer) {
            if (fin && !f.clientFin) { f.clientFin = true; f.clientFinSeq = seq + len; }
            if (after(end, f.clientNextSeq)) f.clientNextSeq = end;
            if (ackBit && after(ack, f.serverNextSeq)) f.serverNextSeq = ack;
        } else {
            if (fin && !f.serverFin) { f.serverFin = true; f.serverFinSeq = seq + len; }
            if (after(end, f.serverNextSeq)) f.serverNextSeq = end;
            if (ackBit && after(ack, f.clientNextSeq)) f.clientNextSeq = ack;
        }
    }

    /** a > b in sequence space. */
    private static boolean after(int a, int b) {
        return a - b > 0;
    }

    private static boolean start(Flow f, int flags, int seq, int ack, int len, boolean toServer, boolean midstream) {
        boolean fin = (flags & FIN) != 0, syn = (flags & SYN) != 0, rst = (flags & RST) != 0, ackBit = (flags & ACK) != 0;
        if (rst) return false;
        if (fin) {
            if (!midstream || len == 0) return false;
            open(f, TcpState.FIN_WAIT1);
            f.clientIsn = seq - 1;
            f.clientNextSeq = seq + len + 1;
            f.clientFin = true;
            f.clientFinSeq = seq + len;
            f.serverIsn = ack - 1;
            f.serverNextSeq = ack;
            return true;
        }
        if (syn && ackBit) {
            if (!midstream) return false;
            // picked up at the SYN/ACK: its sender is the server, so the flow turns round
            open(f, TcpState.SYN_RECV);
            f.swapDirection();
            f.sessionSwapped = true;
            f.serverIsn = seq;
            f.serverNextSeq = seq + 1;
            f.clientIsn = ack - 1;
            f.clientNextSeq = ack;
            return true;
        }
        if (syn) {
            open(f, TcpState.SYN_SENT);
            f.clientIsn = seq;
            f.clientNextSeq = seq + 1 + len;
            return true;
        }
        if (ackBit) {
            if (!midstream) return false;
            open(f, TcpState.ESTABLISHED);
            f.clientIsn = seq - 1;
            f.clientNextSeq = seq + len;
            f.serverIsn = ack - 1;
            f.serverNextSeq = ack;
            return true;
        }
        return false;
    }

    private static void open(Flow f, TcpState s) {
        f.tcpSession = true;
        f.tcpState = s;
        // anything but a SYN picks a session up midstream
        f.tcpMidstream = s != TcpState.SYN_SENT;
    }

    private static void setState(Flow f, TcpState s) {
        f.tcpState = s;
        syncFlowState(f);
    }

    /** Suricata's StreamTcpPacketSetState: the flow state follows the session state. */
    static void syncFlowState(Flow f) {
        switch (f.tcpState) {
            case ESTABLISHED, FIN_WAIT1, FIN_WAIT2, CLOSING, CLOSE_WAIT -> f.state = FlowState.ESTABLISHED;
            case LAST_ACK, TIME_WAIT, CLOSED -> f.state = FlowState.CLOSED;
            default -> { }
        }
    }
}
