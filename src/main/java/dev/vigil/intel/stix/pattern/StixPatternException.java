package dev.vigil.intel.stix.pattern;

/** A STIX pattern that is not well-formed or not meaningful; {@link #position()} is the 0-based character offset. */
public final class StixPatternException extends Exception {
    private final int position;

    public StixPatternException(String message, int position) {
        super(message + " (at character " + position + ")");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
