package dev.vigil.scenario.org;

import dev.vigil.scenario.tls.BrowserProfile;
import dev.vigil.scenario.wire.Host;

/**
 * A user's Windows machine: its host, the user's account and display name, department (its file
 * share), browser (its TLS hello and User-Agent), and whether the user administers
 * servers over SSH.
 */
public record Workstation(Host host, String user, String fullName, String department, BrowserProfile browser, boolean admin, int index) {}
