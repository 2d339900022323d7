package dev.vigil.deception.decoy;

import java.util.List;

/**
 * The deception findings (signature ids 7110000-7119999, see docs/DECEPTION.md): an interaction with a
 * decoy is suspicious in itself (nothing legitimate talks to it), so each kind is an alert, rate-limited
 * per source (and per token) by {@link DecoyLog}.
 */
public enum DecoySignature {
    CONNECT(7_110_001, "VIGIL DECOY connection to a decoy service", "Network Scan", 2, List.of("T1046")),
    LOGIN_ATTEMPT(7_110_002, "VIGIL DECOY login attempt on a decoy service", "Attempted User Privilege Gain", 2, List.of("T1110")),
    BRUTE_FORCE(7_110_003, "VIGIL DECOY brute force against a decoy service", "Attempted User Privilege Gain", 1, List.of("T1110")),
    TOKEN_LOGIN(7_110_004, "VIGIL DECOY honeytoken credential used on a decoy", "Successful Administrator Privilege Gain", 1, List.of("T1078")),
    COMMAND(7_110_005, "VIGIL DECOY command typed in a decoy shell", "Attempted Information Leak", 1, List.of("T1083")),
    DOWNLOAD(7_110_006, "VIGIL DECOY download attempted from a decoy shell", "Attempted Information Leak", 1, List.of("T1105")),
    CANARY_QUERY(7_110_007, "VIGIL DECOY honeytoken DNS canary resolved", "Successful Administrator Privilege Gain", 1, List.of("T1552")),
    CREDENTIAL_POST(7_110_008, "VIGIL DECOY credentials submitted to a decoy login portal", "Attempted User Privilege Gain", 2, List.of("T1110")),
    TOKEN_URL(7_110_009, "VIGIL DECOY honeytoken URL fetched", "Successful Administrator Privilege Gain", 1, List.of("T1552")),
    FILE_READ(7_110_010, "VIGIL DECOY decoy document read in a decoy shell", "Attempted Information Leak", 1, List.of("T1005"));

    public final int sid;
    public final String message;
    public final String category;
    public final int severity;
    public final List<String> techniques;

    DecoySignature(int sid, String message, String category, int severity, List<String> techniques) {
        this.sid = sid;
        this.message = message;
        this.category = category;
        this.severity = severity;
        this.techniques = techniques;
    }
}
