package dev.vigil.intel.sign;

/** Whether a bundle from a partner is taken in, why, and the signature check behind it (null when unsigned). */
public record IntakeDecision(boolean accepted, String message, VerificationResult verification) {
    static IntakeDecision accept(String message, VerificationResult v) {
        return new IntakeDecision(true, message, v);
    }

    static IntakeDecision refuse(String message, VerificationResult v) {
        return new IntakeDecision(false, message, v);
    }
}
