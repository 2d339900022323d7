package dev.vigil.intel.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decides whether a bundle a partner delivered is imported, by its signature:
 * <ul>
 *   <li>partner requires signatures: only a valid signature by one of that partner's own keys is accepted;</li>
 *   <li>partner does not: unsigned is accepted, and so is a signature by a key we do not know (we cannot check it,
 *       which makes it no worse than unsigned);</li>
 *   <li>any signature that fails for another reason (altered bundle, bad signature, {@code alg: none}, wrong
 *       identity) is refused whoever sent it: it is evidence of tampering, not an absence of evidence.</li>
 * </ul>
 */
public final class IntakePolicy {
    private final TrustList trust;

    public IntakePolicy(TrustList trust) {
        this.trust = trust;
    }

    public IntakeDecision check(String partner, ObjectNode bundle, String jwsOrNull) {
        boolean required = trust.requiresSignature(partner);
        if (jwsOrNull == null || jwsOrNull.isBlank()) {
            return required
                    ? IntakeDecision.refuse("refused: " + partner + " must sign its bundles and this one is unsigned", null)
                    : IntakeDecision.accept("accepted unsigned: " + partner + " is not required to sign", null);
        }
        VerificationResult v = BundleVerifier.verify(bundle, jwsOrNull, trust);
        if (v.valid()) {
            if (v.partner().equals(partner)) return IntakeDecision.accept("accepted: " + v.message(), v);
            return required
                    ? IntakeDecision.refuse("refused: delivered by " + partner + " but signed with a key of " + v.partner()
                            + "; " + partner + " must sign with its own key", v)
                    : IntakeDecision.accept("accepted: delivered by " + partner + ", " + v.message(), v);
        }
        if (v.failure() == VerificationResult.Failure.UNKNOWN_KID && !required) {
            return IntakeDecision.accept("accepted as unsigned: " + v.message() + "; " + partner + " is not required to sign", v);
        }
        return IntakeDecision.refuse("refused: bad signature from " + partner + ": " + v.failure() + ": " + v.message(), v);
    }
}
