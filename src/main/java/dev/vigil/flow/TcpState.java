package dev.vigil.flow;

/** TCP session states, named as Suricata writes them in {@code tcp.state}, in Suricata's order (reuse compares them). */
public enum TcpState {
    NONE("none"), SYN_SENT("syn_sent"), SYN_RECV("syn_recv"), ESTABLISHED("established"),
    FIN_WAIT1("fin_wait1"), FIN_WAIT2("fin_wait2"), TIME_WAIT("time_wait"), LAST_ACK("last_ack"),
    CLOSE_WAIT("close_wait"), CLOSING("closing"), CLOSED("closed");

    private final String label;

    TcpState(String label) { this.label = label; }

    public String label() { return label; }
}
