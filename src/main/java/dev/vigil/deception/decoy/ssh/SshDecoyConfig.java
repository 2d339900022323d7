package dev.vigil.deception.decoy.ssh;

import dev.vigil.deception.decoy.DecoyLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One SSH decoy.
 *
 * @param name         the decoy's name in its records
 * @param bindAddress  the address to listen on
 * @param port         the port; 0 picks a free one ({@link SshDecoy#port()} tells which)
 * @param version      the software part of the identification string ({@code SSH-2.0-<version>}), what scanners fingerprint
 * @param hostKey      where the host key is kept: made on first start, then the same key every time (a decoy whose key
 *                     changes on each restart gives itself away)
 * @param accept       user name to password: logins that succeed (weak credentials an intruder is meant to find)
 * @param acceptTokens whether a honeytoken credential logs in too (so the intruder who found it goes on and shows more)
 * @param hostname     the name the shell shows
 * @param files        the fake filesystem's decoy documents
 * @param limits       sessions in all and per source, session time, idle time, line length
 */
public record SshDecoyConfig(String name, String bindAddress, int port, String version, Path hostKey, Map<String, String> accept,
                             boolean acceptTokens, String hostname, Map<String, byte[]> files, DecoyLimits limits) {
    public static final String DEFAULT_VERSION = "OpenSSH_9.6p1 Ubuntu-3ubuntu13.5";

    public SshDecoyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostKey, "hostKey");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (version == null || version.isBlank()) version = DEFAULT_VERSION;
        // the identification line goes out as is: control characters would forge protocol lines
        if (version.chars().anyMatch(c -> c < 0x21 && c != ' ' || c == 0x7f) || version.length() > 200) throw new IllegalArgumentException("bad SSH version string");
        accept = accept == null ? Map.of() : Map.copyOf(accept);
        if (hostname == null || hostname.isBlank()) hostname = "srv-backup01";
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}")) throw new IllegalArgumentException("bad hostname: " + hostname);
        files = files == null ? Map.of() : Map.copyOf(files);
        if (limits == null) limits = DecoyLimits.DEFAULTS;
    }

    /**
     * A decoy on {@code port} of every address with the default version, hostname and limits, no weak
     * credentials, honeytoken credentials let in.
     */
    public static SshDecoyConfig defaults(String name, int port, Path hostKey, Map<String, byte[]> files) {
        return new SshDecoyConfig(name, "0.0.0.0", port, DEFAULT_VERSION, hostKey, Map.of(), true, null, files, DecoyLimits.DEFAULTS);
    }
}
