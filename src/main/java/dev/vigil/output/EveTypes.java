package dev.vigil.output;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which EVE record types are written (Suricata's eve-log {@code types} list). */
public final class EveTypes {
    public static final Set<String> KNOWN = Set.of("alert", "anomaly", "flow", "stats", "http", "dns", "tls",
            "ssh", "smb", "smtp", "ftp", "dhcp", "quic", "socks", "fileinfo", "netflow", "arp", "decoy");
    /** Types written only when asked for, as in Suricata: ARP records are many on a busy LAN. */
    public static final Set<String> OFF_BY_DEFAULT = Set.of("arp");

    private final Set<String> enabled;

    private EveTypes(Set<String> enabled) { this.enabled = enabled; }

    /** The default: every type but {@link #OFF_BY_DEFAULT}. */
    public static EveTypes all() {
        Set<String> s = new LinkedHashSet<>(KNOWN);
        s.removeAll(OFF_BY_DEFAULT);
        return new EveTypes(s);
    }

    public static EveTypes of(Collection<String> types) { return new EveTypes(new LinkedHashSet<>(types)); }

    /** Suricata's eve-log type "ftp" writes both {@code ftp} and {@code ftp_data} records. */
    public boolean enabled(String type) {
        return enabled.contains(type) || ("ftp_data".equals(type) && enabled.contains("ftp"));
    }

    public Set<String> enabled() { return enabled; }
}
