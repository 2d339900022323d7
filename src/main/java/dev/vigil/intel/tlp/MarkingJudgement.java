package dev.vigil.intel.tlp;

/** What a marking-definition id means for sharing: a TLP level, a marking that does not restrict sharing, or unknown. */
public sealed interface MarkingJudgement {
    record Tlp(TlpLevel level) implements MarkingJudgement {}

    /** A known non-TLP marking (a copyright statement, a PAP or custom marking that does not limit recipients). */
    record NotTlp(String definitionType) implements MarkingJudgement {}

    /** An id we have no definition for: nobody can say who may see the data. */
    record Unknown(String id) implements MarkingJudgement {}
}
