package dev.vigil.detect.ioc;

import java.util.List;

/**
 * What an alert says about the indicator that matched: its STIX id and name, until when it is valid, the
 * producer's confidence (0–100, or -1 when not given), its labels and the ATT&CK techniques it indicates.
 */
public record IndicatorInfo(String id, String name, String validUntil, int confidence, List<String> labels, List<String> techniques) {
    public IndicatorInfo {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("an indicator needs an id");
        labels = labels == null ? List.of() : List.copyOf(labels);
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
    }
}
