package dev.vigil.scenario.key;

import java.util.List;

/** The detector kinds an answer key names, one per kind of evidence Vigil's detectors look at. */
public final class Detector {
    private Detector() {}

    public static final String SIGNATURE = "signature";
    public static final String INDICATOR = "indicator";
    public static final String HONEYTOKEN = "honeytoken";
    public static final String SCAN = "scan";
    public static final String BRUTEFORCE = "bruteforce";
    public static final String BEACON = "beacon";
    public static final String DNS_TUNNEL = "dns-tunnel";
    public static final String LATERAL_MOVEMENT = "lateral-movement";
    public static final String EXFILTRATION = "exfiltration";
    public static final String FIRST_SEEN = "first-seen";

    public static final List<String> ALL = List.of(SIGNATURE, INDICATOR, HONEYTOKEN, SCAN, BRUTEFORCE, BEACON,
            DNS_TUNNEL, LATERAL_MOVEMENT, EXFILTRATION, FIRST_SEEN);
}
