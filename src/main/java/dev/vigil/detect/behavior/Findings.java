package dev.vigil.detect.behavior;

/** Where a detector reports what it found; the engine de-duplicates and counts. */
@FunctionalInterface
public interface Findings {
    void report(Finding f);
}
