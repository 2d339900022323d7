package dev.vigil.scenario.org;

import dev.vigil.scenario.wire.Host;
import java.util.List;

/**
 * An outside web site: its name, its server, whether it serves HTTPS (then TLS 1.3 or only 1.2),
 * how popular it is, and the hosts its pages pull resources from.
 */
public record Site(String name, Host server, boolean https, boolean tls13, double weight, List<Site> resources) {}
