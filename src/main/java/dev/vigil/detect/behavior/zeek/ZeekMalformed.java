package dev.vigil.detect.behavior.zeek;

/**
 * A row that cannot be read, with the reason the stats count it under. Thrown and caught within the
 * reader for every bad row of hostile input, so it carries no stack trace.
 */
final class ZeekMalformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ZeekMalformed(String reason) {
        super(reason, null, false, false);
    }
}
