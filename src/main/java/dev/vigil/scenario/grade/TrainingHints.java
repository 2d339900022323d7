package dev.vigil.scenario.grade;

import dev.vigil.scenario.key.Detector;

/**
 * What to look for when a kind of activity went unnoticed: the general shape of the evidence each
 * detector kind works from, shown next to the key's own hint in training mode.
 */
final class TrainingHints {
    private TrainingHints() {}

    /** @return null for a kind this version does not know */
    static String forDetector(String kind) {
        if (kind == null) return null;
        return switch (kind) {
            case Detector.SIGNATURE -> "a known pattern in the content: check that the rule set covers the protocol "
                    + "and that the flow's payload was reassembled and inspected";
            case Detector.INDICATOR -> "a known-bad address, domain, URL or file hash: compare the contacted destinations "
                    + "and names with the threat-intelligence feeds";
            case Detector.HONEYTOKEN -> "a planted credential, document or name that nobody legitimate uses: any trace "
                    + "of its value in the traffic is the intruder";
            case Detector.SCAN -> "one source touching many addresses or ports in a short time, most attempts unanswered "
                    + "or reset";
            case Detector.BRUTEFORCE -> "many short sessions to one login service (SSH, RDP, SMB, HTTP) from one source, "
                    + "at machine pace, nearly all failing";
            case Detector.BEACON -> "one host calling the same destination at regular intervals with similar sizes, "
                    + "for hours: look at the regularity of the gaps, not at the volume";
            case Detector.DNS_TUNNEL -> "many unique long subdomains of one registered domain from one host, "
                    + "random-looking labels, TXT or NULL records, large answers";
            case Detector.LATERAL_MOVEMENT -> "an internal host reaching other internal hosts over administration protocols "
                    + "(SMB, RPC, WinRM, RDP, SSH) it has not used before, often soon after it was compromised";
            case Detector.EXFILTRATION -> "far more bytes out than in towards one outside destination, in a burst or "
                    + "out of hours, above what the host usually sends";
            case Detector.FIRST_SEEN -> "something this network has never seen before: a destination, TLS fingerprint, "
                    + "user agent or service";
            default -> null;
        };
    }
}
