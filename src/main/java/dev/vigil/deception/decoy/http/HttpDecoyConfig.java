package dev.vigil.deception.decoy.http;

import dev.vigil.deception.decoy.DecoyLimits;
import java.util.Objects;

/**
 * One decoy login portal.
 *
 * @param name         the decoy's name in its records
 * @param bindAddress  the address to listen on (an IP literal or host name)
 * @param port         the port; 0 picks a free one ({@link HttpDecoy#port()} tells which)
 * @param theme        {@code vpn} (a corporate SSL-VPN portal) or {@code webmail} (a webmail login)
 * @param organisation the organisation the page names, so it looks like the site's own
 * @param serverHeader the {@code Server} header every response carries (an appliance's or nginx's)
 * @param limits       the caps: connections (in all and per source), request size, idle and session time
 */
public record HttpDecoyConfig(String name, String bindAddress, int port, String theme, String organisation, String serverHeader,
                              DecoyLimits limits) {

    public HttpDecoyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (!PortalPage.THEMES.contains(theme)) throw new IllegalArgumentException("theme must be one of " + PortalPage.THEMES + ": " + theme);
        if (organisation == null || organisation.isBlank()) organisation = "Corporate";
        if (serverHeader == null || serverHeader.isBlank()) serverHeader = "nginx";
        if (limits == null) limits = DecoyLimits.DEFAULTS;
    }
}
