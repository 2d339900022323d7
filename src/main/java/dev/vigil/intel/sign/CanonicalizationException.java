package dev.vigil.intel.sign;

/** JSON that has no RFC 8785 canonical form: duplicate keys, NaN/Infinity, lone surrogates, or not JSON at all. */
public final class CanonicalizationException extends Exception {
    public CanonicalizationException(String message) {
        super(message);
    }

    public CanonicalizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
