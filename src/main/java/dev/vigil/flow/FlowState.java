package dev.vigil.flow;

/** Flow life-cycle state as Suricata reports it in {@code flow.state}. */
public enum FlowState {
    NEW("new"), ESTABLISHED("established"), CLOSED("closed");

    private final String label;

    FlowState(String label) { this.label = label; }

    public String label() { return label; }
}
