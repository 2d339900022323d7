package dev.vigil.detect.attack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MITRE ATT&CK (Enterprise, v18) techniques Vigil's own detectors claim, id to name. Only ids and
 * names: a detector names its findings with these, and a test checks every entry against the ATT&CK
 * bundle in the corpus, so a rename upstream shows up as a failing test, not as a stale name.
 */
public final class AttackTechniques {
    private AttackTechniques() {}

    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        add("T1071", "Application Layer Protocol");
        add("T1071.001", "Web Protocols");
        add("T1071.004", "DNS");
        add("T1573", "Encrypted Channel");
        add("T1568.002", "Domain Generation Algorithms");
        add("T1572", "Protocol Tunneling");
        add("T1029", "Scheduled Transfer");
        add("T1041", "Exfiltration Over C2 Channel");
        add("T1048", "Exfiltration Over Alternative Protocol");
        add("T1048.002", "Exfiltration Over Asymmetric Encrypted Non-C2 Protocol");
        add("T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol");
        add("T1567", "Exfiltration Over Web Service");
        add("T1030", "Data Transfer Size Limits");
        add("T1039", "Data from Network Shared Drive");
        add("T1046", "Network Service Discovery");
        add("T1018", "Remote System Discovery");
        add("T1595.001", "Scanning IP Blocks");
        add("T1595.002", "Vulnerability Scanning");
        add("T1110", "Brute Force");
        add("T1110.001", "Password Guessing");
        add("T1110.003", "Password Spraying");
        add("T1021", "Remote Services");
        add("T1021.001", "Remote Desktop Protocol");
        add("T1021.002", "SMB/Windows Admin Shares");
        add("T1021.004", "SSH");
        add("T1021.006", "Windows Remote Management");
        add("T1569.002", "Service Execution");
        add("T1570", "Lateral Tool Transfer");
        add("T1078", "Valid Accounts");
        add("T1105", "Ingress Tool Transfer");
        add("T1566.002", "Spearphishing Link");
        add("T1204.001", "Malicious Link");
        add("T1133", "External Remote Services");
        add("T1190", "Exploit Public-Facing Application");
        add("T1571", "Non-Standard Port");
        add("T1566", "Phishing");
        add("T1083", "File and Directory Discovery");
        add("T1005", "Data from Local System");
        add("T1552", "Unsecured Credentials");
        add("T1552.001", "Credentials In Files");
    }

    private static void add(String id, String name) {
        NAMES.put(id, name);
    }

    /** The technique's ATT&CK name; an id Vigil does not know is a programming error. */
    public static String name(String id) {
        String n = NAMES.get(id);
        if (n == null) throw new IllegalArgumentException("no ATT&CK technique " + id + " in Vigil's catalogue");
        return n;
    }

    /**
     * The name of a technique that may lie outside the catalogue (an id a partner's indicator names), or
     * {@code fallback}: such ids come from data, and data never stops an alert from being written.
     */
    public static String nameOr(String id, String fallback) {
        return NAMES.getOrDefault(id, fallback);
    }

    /** Every id and name, in the order above. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(NAMES);
    }
}
