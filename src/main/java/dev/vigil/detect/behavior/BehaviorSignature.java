package dev.vigil.detect.behavior;

import java.util.List;

/**
 * Every signature the behavioural detectors raise: its id in Vigil's behavioural range
 * (7,100,000–7,109,999; deception takes 7,110,000–7,119,999; neither overlaps ET's, Snort's or
 * Suricata's own ranges), message, Suricata classification, severity, the ATT&CK techniques it
 * claims, and how long a repeat for the same subject stays quiet.
 */
public enum BehaviorSignature {
    BEACON_IP(7100001, "VIGIL BEHAVIOR Beaconing to an address (regular connections)", "trojan-activity",
            "A Network Trojan was detected", 1, List.of("T1071", "T1573"), HOURS_24()),
    BEACON_DOMAIN(7100002, "VIGIL BEHAVIOR Beaconing to a domain (regular requests by name)", "trojan-activity",
            "A Network Trojan was detected", 1, List.of("T1071"), HOURS_24()),
    DNS_TUNNEL(7100010, "VIGIL BEHAVIOR DNS tunnelling (many unique encoded subdomains)", "trojan-activity",
            "A Network Trojan was detected", 1, List.of("T1071.004", "T1048.003", "T1572"), HOURS_24()),
    EXFIL_VOLUME(7100020, "VIGIL BEHAVIOR Large upload against the host's own baseline", "policy-violation",
            "Potential Corporate Privacy Violation", 1, List.of("T1048", "T1041"), HOURS_24()),
    EXFIL_RARE_DESTINATION(7100021, "VIGIL BEHAVIOR Upload to a rare outside destination", "policy-violation",
            "Potential Corporate Privacy Violation", 1, List.of("T1048", "T1567"), HOURS_24()),
    SHARE_COLLECTION(7100022, "VIGIL BEHAVIOR Bulk file collection from network shares", "policy-violation",
            "Potential Corporate Privacy Violation", 2, List.of("T1039"), HOURS_6()),
    SCAN_HORIZONTAL(7100030, "VIGIL BEHAVIOR Horizontal scan (one port, many hosts)", "attempted-recon",
            "Attempted Information Leak", 2, List.of("T1046", "T1595.001"), HOURS_1()),
    SCAN_VERTICAL(7100031, "VIGIL BEHAVIOR Vertical scan (many ports, one host)", "attempted-recon",
            "Attempted Information Leak", 2, List.of("T1046"), HOURS_1()),
    SCAN_SWEEP(7100032, "VIGIL BEHAVIOR Address sweep (many hosts, many ports or pings)", "attempted-recon",
            "Attempted Information Leak", 2, List.of("T1046", "T1018"), HOURS_1()),
    BRUTEFORCE_SSH(7100040, "VIGIL BEHAVIOR SSH password guessing (short repeated sessions)", "attempted-user",
            "Attempted User Privilege Gain", 1, List.of("T1110", "T1110.001"), HOURS_1()),
    BRUTEFORCE_LOGIN(7100041, "VIGIL BEHAVIOR Repeated failed logins", "attempted-user",
            "Attempted User Privilege Gain", 1, List.of("T1110", "T1110.001"), HOURS_1()),
    LATERAL_NEW_PAIR(7100050, "VIGIL BEHAVIOR Host starts remote administration of inside hosts", "misc-activity",
            "Misc activity", 2, List.of("T1021"), HOURS_24()),
    LATERAL_REMOTE_SERVICE(7100051, "VIGIL BEHAVIOR Remote service creation over SMB (admin share, executable, svcctl)", "attempted-admin",
            "Attempted Administrator Privilege Gain", 1, List.of("T1021.002", "T1569.002", "T1570"), HOURS_6()),
    LONG_CONNECTION(7100060, "VIGIL BEHAVIOR Long connection to an outside host", "misc-activity",
            "Misc activity", 3, List.of("T1071"), HOURS_24()),
    FIRST_SEEN_DOMAIN(7100070, "VIGIL BEHAVIOR File fetched from a domain first seen on this network", "misc-activity",
            "Misc activity", 2, List.of("T1105", "T1566.002"), HOURS_24()),
    FIRST_SEEN_JA4(7100071, "VIGIL BEHAVIOR TLS client fingerprint (JA4) first seen on this network", "misc-activity",
            "Misc activity", 3, List.of("T1071.001", "T1573"), HOURS_24());

    public final int sid;
    public final String message;
    public final String classtype;
    /** The classification's description, as Suricata writes it in {@code alert.category}. */
    public final String category;
    public final int severity;
    public final List<String> techniques;
    /** A second finding of this signature for the same subject within this span is dropped (counted). */
    public final long quietNanos;

    BehaviorSignature(int sid, String message, String classtype, String category, int severity, List<String> techniques, long quietNanos) {
        this.sid = sid;
        this.message = message;
        this.classtype = classtype;
        this.category = category;
        this.severity = severity;
        this.techniques = techniques;
        this.quietNanos = quietNanos;
    }

    public static final int FIRST_SID = 7_100_000, LAST_SID = 7_109_999;

    private static long HOURS_1() { return 3_600_000_000_000L; }
    private static long HOURS_6() { return 6 * HOURS_1(); }
    private static long HOURS_24() { return 24 * HOURS_1(); }
}
