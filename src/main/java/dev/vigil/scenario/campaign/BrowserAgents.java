package dev.vigil.scenario.campaign;

import dev.vigil.scenario.background.WebClient;
import dev.vigil.scenario.org.Workstation;

/** The User-Agent of the victim's own browser, so its clicks look like the rest of its traffic. */
final class BrowserAgents {
    private BrowserAgents() {}

    static String of(Workstation ws) {
        return WebClient.userAgent(ws);
    }
}
