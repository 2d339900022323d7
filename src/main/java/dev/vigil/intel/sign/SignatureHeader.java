package dev.vigil.intel.sign;

/** Names of the JWS protected-header members a bundle signature carries besides {@code alg} and {@code kid}. */
public final class SignatureHeader {
    private SignatureHeader() {}

    /**
     * {@code typ}: says the JWS is a signature over a JCS-canonical STIX bundle, so a signature the same key made
     * for something else (a ledger tree head) cannot be presented as a bundle signature.
     */
    public static final String TYPE = "stix-bundle+jcs";
    /** The signer's STIX identity id ({@code identity--...}), as the bundle's objects name it in {@code created_by_ref}. */
    public static final String IDENTITY = "stix_identity";
    /**
     * base64url SHA-256 of the canonical bundle at signing time. Signed like the rest of the header; it only lets a
     * failed check tell "the bundle changed" apart from "the signature or key is wrong".
     */
    public static final String BUNDLE_DIGEST = "bundle_sha256";
}
