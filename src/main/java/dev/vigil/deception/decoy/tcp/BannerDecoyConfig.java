package dev.vigil.deception.decoy.tcp;

import dev.vigil.deception.decoy.DecoyLimits;
import java.util.Objects;

/**
 * One banner decoy: a TCP service that greets like the real thing, takes a login and refuses it.
 *
 * @param name        the decoy's name in its records
 * @param bindAddress the address to listen on
 * @param port        the port; 0 picks a free one ({@link BannerDecoy#port()} tells which)
 * @param kind        the protocol it speaks
 * @param banner      the protocol's identity: FTP's greeting text, the text Telnet shows before {@code login:},
 *                    Redis's version, MySQL's server version; null for a plausible default
 * @param limits      the caps: sessions (in all and per source), line length, bytes per session, session and idle time
 */
public record BannerDecoyConfig(String name, String bindAddress, int port, Kind kind, String banner, DecoyLimits limits) {

    /** The protocols a banner decoy speaks, with EVE's app_proto for each. */
    public enum Kind {
        FTP("ftp", "(vsFTPd 3.0.5)"),
        TELNET("telnet", "Ubuntu 22.04.4 LTS"),
        REDIS("redis", "7.2.4"),
        MYSQL("mysql", "8.0.36-0ubuntu0.22.04.1");

        public final String appProto;
        public final String defaultBanner;

        Kind(String appProto, String defaultBanner) {
            this.appProto = appProto;
            this.defaultBanner = defaultBanner;
        }
    }

    public BannerDecoyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(kind, "kind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (banner == null || banner.isBlank()) banner = kind.defaultBanner;
        // the banner goes out on the wire as is: a line break in it would let a config file forge protocol lines
        if (banner.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw new IllegalArgumentException("banner has control characters");
        if (limits == null) limits = DecoyLimits.DEFAULTS;
    }
}
