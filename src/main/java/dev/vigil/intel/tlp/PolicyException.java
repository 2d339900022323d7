package dev.vigil.intel.tlp;

/** A sharing policy file that cannot be used, with the reason in words an operator can act on. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
