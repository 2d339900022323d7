package dev.vigil.intel.stix;

import java.util.Set;

/** The object types STIX 2.1 defines, by category (spec section 2 / 4-7). Anything else is a custom type. */
public final class StixTypes {
    public static final Set<String> SDO = Set.of("attack-pattern", "campaign", "course-of-action", "grouping", "identity",
            "incident", "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note",
            "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability");
    public static final Set<String> SRO = Set.of("relationship", "sighting");
    public static final Set<String> SCO = Set.of("artifact", "autonomous-system", "directory", "domain-name", "email-addr",
            "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software",
            "url", "user-account", "windows-registry-key", "x509-certificate");
    /** Meta objects: markings, translations, extension definitions. */
    public static final Set<String> META = Set.of("marking-definition", "language-content", "extension-definition");
    public static final String BUNDLE = "bundle";

    private StixTypes() {}

    public static boolean isKnown(String type) {
        return type != null && ( SDO.contains(type) || SRO.contains(type) || SCO.contains(type) || META.contains(type) || BUNDLE.equals(type));
    }
}
