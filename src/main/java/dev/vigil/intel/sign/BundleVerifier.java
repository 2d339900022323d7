package dev.vigil.intel.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;

/**
 * Checks a detached JWS made by {@link BundleSigner} against a bundle and a {@link TrustList}. The header is read
 * and judged before any cryptography: {@code alg} must be EdDSA (so {@code none}, HMAC with a public key as
 * secret, and the rest are refused by name), {@code crit} is refused (we make none, and an extension we do not
 * process must not be silently accepted), duplicate header members are refused.
 */
public final class BundleVerifier {
    /** EdDSA, and its RFC 9864 fully-specified name for the same Ed25519 signatures. */
    public static final Set<String> ALLOWED_ALGS = Set.of("EdDSA", "Ed25519");
    static final int MAX_JWS = 16 * 1024;

    private BundleVerifier() {}

    static boolean strictBase64Url(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) return false;
        }
        try {
            // re-encoding catches non-zero trailing bits, the other way to spell the same bytes twice
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(s)).equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static VerificationResult verify(ObjectNode bundle, String jws, TrustList trust) {
        if (jws == null || jws.isBlank()) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "no signature");
        jws = jws.strip();
        if (jws.length() > MAX_JWS) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "signature longer than " + MAX_JWS + " characters");
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "not a compact JWS (header..signature)");
        if (!parts[1].isEmpty()) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "payload attached; a detached JWS (header..signature) is expected");
        // Nimbus's decoder skips characters outside the alphabet, so "sig" and "s\0ig" would both verify: one
        // signature must have one spelling (found by BundleVerifierFuzzTest)
        if (!strictBase64Url(parts[0])) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "header is not canonical unpadded base64url");
        JsonNode header;
        try {
            header = JsonCanonicalizer.parse(Base64.getUrlDecoder().decode(parts[0]));
        } catch (IllegalArgumentException | CanonicalizationException e) {
            return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "header unreadable: " + e.getMessage());
        }
        if (!header.isObject()) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "header is not a JSON object");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !ALLOWED_ALGS.contains(alg.asText())) {
            return VerificationResult.fail(VerificationResult.Failure.ALG_NOT_ALLOWED, "alg " + (alg == null ? "absent" : alg.toString()) + " is not allowed; only EdDSA");
        }
        if (header.has("crit") || header.has("b64")) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "crit/b64 header members are not accepted");
        if (!SignatureHeader.TYPE.equals(header.path("typ").asText(null))) {
            return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "typ is not " + SignatureHeader.TYPE + ": not a bundle signature");
        }
        if (!strictBase64Url(parts[2])) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "signature is not canonical unpadded base64url");
        JsonNode kidNode = header.get("kid");
        if (kidNode == null || !kidNode.isTextual()) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "no kid in the header");
        String kid = kidNode.asText();
        TrustList.TrustedKey key = trust.key(kid).orElse(null);
        if (key == null) return VerificationResult.fail(VerificationResult.Failure.UNKNOWN_KID, "unknown key id " + kid + ": not in the trust list");
        JsonNode idNode = header.get(SignatureHeader.IDENTITY);
        if (idNode != null && !idNode.isTextual()) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, SignatureHeader.IDENTITY + " is not text");
        String identity = idNode == null ? null : idNode.asText();

        byte[] canonical;
        try {
            canonical = JsonCanonicalizer.canonicalize(bundle);
        } catch (CanonicalizationException e) {
            return VerificationResult.fail(VerificationResult.Failure.NOT_CANONICAL, "bundle has no canonical form: " + e.getMessage(), key.partner(), kid);
        }
        boolean ok;
        try {
            JWSObject parsed = JWSObject.parse(jws, new Payload(canonical));
            ok = parsed.verify(new Ed25519Verifier(key.publicKey()));
        } catch (ParseException | JOSEException | IllegalStateException | IllegalArgumentException e) {
            return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "signature unreadable: " + e.getMessage(), key.partner(), kid);
        }
        String signedDigest = header.path(SignatureHeader.BUNDLE_DIGEST).asText(null);
        boolean sameBundle = signedDigest == null || signedDigest.equals(BundleSigner.digest(canonical));
        if (!ok) {
            return sameBundle
                    ? VerificationResult.fail(VerificationResult.Failure.BAD_SIGNATURE, "signature does not verify with key " + kid + " of " + key.partner(), key.partner(), kid)
                    : VerificationResult.fail(VerificationResult.Failure.BUNDLE_ALTERED, "bundle changed since " + key.partner() + " signed it", key.partner(), kid);
        }
        if (!sameBundle) return VerificationResult.fail(VerificationResult.Failure.MALFORMED, "signed header digest disagrees with the signed bundle", key.partner(), kid);
        String pinned = trust.identity(key.partner()).orElse(null);
        if (pinned != null && identity != null && !pinned.equals(identity)) {
            return VerificationResult.fail(VerificationResult.Failure.IDENTITY_MISMATCH,
                    "signature names identity " + identity + " but " + key.partner() + " signs as " + pinned, key.partner(), kid);
        }
        return VerificationResult.ok(key.partner(), kid, identity != null ? identity : pinned);
    }
}
