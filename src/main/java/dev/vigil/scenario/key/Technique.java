package dev.vigil.scenario.key;

/** A MITRE ATT&CK technique: id ({@code T1071.004}) and name as the ATT&CK catalogue spells it. */
public record Technique(String id, String name) {
    public Technique {
        if (!id.matches("T\\d{4}(\\.\\d{3})?")) throw new IllegalArgumentException("not an ATT&CK technique id: " + id);
    }
}
