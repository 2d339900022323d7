package dev.vigil.scenario.campaign;

import java.util.List;

/**
 * A named scenario: the steps an intruder takes and when, as fractions of the capture's span
 * (a step may run on to its end fraction, as a beacon does).
 */
public record Campaign(String name, String description, List<Planned> steps) {
    /** A step starting {@code from} into the span and allowed to last until {@code until} (fractions 0..1). */
    public record Planned(Step step, double from, double until) {}

    public Campaign {
        steps = List.copyOf(steps);
    }
}
