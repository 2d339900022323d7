package dev.vigil.intel.tlp;

/** Why an object was not sent to a partner; counted for the sharing report. */
public enum WithholdReason {
    /** TLP:RED — never leaves, whatever the partner. */
    RED,
    /** A level the policy does not let this partner receive. */
    LEVEL_NOT_ALLOWED,
    /** A marking-definition nobody could judge, and the policy withholds those. */
    UNKNOWN_MARKING,
    /** A granular marking covers a property the object cannot exist without. */
    REQUIRED_PROPERTY_MARKED,
    /** Marking properties of the wrong shape: we cannot tell what they protect, so nothing goes. */
    MALFORMED_MARKINGS
}
