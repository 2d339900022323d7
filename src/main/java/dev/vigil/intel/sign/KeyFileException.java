package dev.vigil.intel.sign;

/** A key or trust-list file that cannot be used, with the reason an operator can act on. */
public final class KeyFileException extends Exception {
    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
