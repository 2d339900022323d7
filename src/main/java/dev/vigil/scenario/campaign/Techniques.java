package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Technique;

/** The ATT&CK techniques the campaigns use, named as ATT&CK v18 names them. */
final class Techniques {
    private Techniques() {}

    static final Technique SCANNING_IP_BLOCKS = new Technique("T1595.001", "Scanning IP Blocks");
    static final Technique EXPLOIT_PUBLIC_APP = new Technique("T1190", "Exploit Public-Facing Application");
    static final Technique INGRESS_TOOL_TRANSFER = new Technique("T1105", "Ingress Tool Transfer");
    static final Technique SPEARPHISHING_LINK = new Technique("T1566.002", "Spearphishing Link");
    static final Technique WEB_PROTOCOLS = new Technique("T1071.001", "Web Protocols");
    static final Technique DNS = new Technique("T1071.004", "DNS");
    static final Technique NETWORK_SERVICE_DISCOVERY = new Technique("T1046", "Network Service Discovery");
    static final Technique PASSWORD_GUESSING = new Technique("T1110.001", "Password Guessing");
    static final Technique VALID_ACCOUNTS = new Technique("T1078", "Valid Accounts");
    static final Technique SMB_ADMIN_SHARES = new Technique("T1021.002", "SMB/Windows Admin Shares");
    static final Technique DATA_FROM_NETWORK_SHARE = new Technique("T1039", "Data from Network Shared Drive");
    static final Technique EXFIL_ENCRYPTED_NON_C2 = new Technique("T1048.002", "Exfiltration Over Asymmetric Encrypted Non-C2 Protocol");
    static final Technique EXFIL_UNENCRYPTED_NON_C2 = new Technique("T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol");
}
