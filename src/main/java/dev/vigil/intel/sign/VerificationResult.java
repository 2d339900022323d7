package dev.vigil.intel.sign;

/**
 * The outcome of checking a bundle signature: the signer (partner, key id, STIX identity when the header names one)
 * or the failure and a message saying what to do about it.
 */
public record VerificationResult(Failure failure, String message, String partner, String kid, String signerIdentity) {
    public enum Failure {
        /** Not a detached compact JWS, or its header is not the one we make. */
        MALFORMED,
        /** {@code alg} is {@code none} or anything but EdDSA. */
        ALG_NOT_ALLOWED,
        /** No key with this {@code kid} in the trust list. */
        UNKNOWN_KID,
        /** The bundle is unchanged (same digest) but the signature does not verify: wrong key or forged signature. */
        BAD_SIGNATURE,
        /** The bundle's canonical form differs from what was signed. */
        BUNDLE_ALTERED,
        /** The header names a STIX identity the trust list does not pin for this key's partner. */
        IDENTITY_MISMATCH,
        /** The bundle has no canonical form (duplicate keys, NaN, lone surrogates). */
        NOT_CANONICAL
    }

    public boolean valid() {
        return failure == null;
    }

    static VerificationResult ok(String partner, String kid, String identity) {
        return new VerificationResult(null, "signed by " + partner + " (kid " + kid + ")", partner, kid, identity);
    }

    static VerificationResult fail(Failure f, String message) {
        return new VerificationResult(f, message, null, null, null);
    }

    static VerificationResult fail(Failure f, String message, String partner, String kid) {
        return new VerificationResult(f, message, partner, kid, null);
    }
}
