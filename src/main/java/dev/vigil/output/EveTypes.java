package dev.vigil.output;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which EVE record types are written (Suricata's eve-log {@code types} list). */
public final class EveTypes {
    public static final Set<String> KNOWN = Set.of("alert", "anomaly", "flow", "stats", "http", "dns", "tls",
            "ssh", "smb", "smtp", "ftp", "dhcp", "quic", "socks", "fileinfo", "netflow");

    private final Set<String> enabled;

    private EveTypes(Set<String> enabled) { this.enabled = enabled; }

    public static EveTypes all() { return new EveTypes(new LinkedHashSet<>(KNOWN)); }

    public static EveTypes of(Collection<String> types) { return new EveTypes(new LinkedHashSet<>(types)); }

    /** Suricata's eve-log type "ftp" writes both {@code ftp} and {@code ftp_data} records. */
    public boolean enabled(String type) {
        return enabled.contains(type) || ("ftp_data".equals(type) && enabled.contains("ftp"));
    }

    public Set<String> enabled() { return enabled; }
}
