package dev.vigil.stream;

import java.util.Locale;

/**
 * Which bytes win when TCP segments overlap, as the receiving host's stack would decide (Suricata's
 * {@code host-os-policy} targets). Only bytes not yet delivered can change; bytes already delivered
 * stay, and a retransmission that differs from them raises an anomaly.
 */
public enum OverlapPolicy {
    /** The earlier-received bytes win. */
    FIRST,
    /** The later-received bytes win. */
    LAST,
    /** BSD: the original bytes win, unless the new segment starts before the original one. */
    BSD,
    /** Linux: like BSD, and a new segment starting at the same sequence but ending later also wins. */
    LINUX,
    /** Windows (and Vista): the original bytes always win. */
    WINDOWS,
    /** Solaris: the new segment wins when it ends after the original one, unless it starts after it. */
    SOLARIS;

    public static OverlapPolicy parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "bsd", "bsd-right", "old-linux", "hpux10", "irix", "macos" -> BSD;
            case "linux", "hpux11" -> LINUX;
            case "windows", "vista", "windows2k3", "old-solaris" -> WINDOWS;
            case "solaris" -> SOLARIS;
            case "first" -> FIRST;
            case "last" -> LAST;
            default -> throw new IllegalArgumentException("unknown overlap policy: " + s);
        };
    }
}
