package dev.vigil.capture;

/** Live capture cannot start or go on; the message says why in words a user can act on. */
public final class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }
}
