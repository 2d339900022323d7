package dev.vigil.intel.sign;

/** A bundle that could not be signed (no canonical form, or the key is not an Ed25519 private key). */
public final class SigningException extends Exception {
    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
