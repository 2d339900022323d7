package dev.vigil.scenario.grade;

import dev.vigil.scenario.key.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the findings fared against one activity of the key.
 *
 * @param alerts           how many alerts matched it (0: missed)
 * @param firstDetection   the earliest matching alert's time; null when missed
 * @param timeToDetect     {@code firstDetection} minus the activity's start, 0 when the alert came within the
 *                         slack before it; null when missed
 * @param signatures       the signatures of the matching alerts, by id then name
 * @param techniqueClaimed whether some matching alert named the activity's ATT&CK technique (or its parent or a sub-technique)
 */
public record ActivityResult(Activity activity, long alerts, Instant firstDetection, Duration timeToDetect,
                             List<Signature> signatures, boolean techniqueClaimed) {
    public ActivityResult {
        signatures = List.copyOf(signatures);
    }

    public String id() {
        return activity.id();
    }

    public String detector() {
        return activity.detector();
    }

    public boolean found() {
        return alerts > 0;
    }
}
