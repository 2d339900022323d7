package dev.vigil.intel.misp;

/** A value that cannot become a STIX comparison; the message is the reason the report records. */
final class Unmappable extends Exception {
    Unmappable(String reason) {
        super(reason, null, false, false);
    }
}
