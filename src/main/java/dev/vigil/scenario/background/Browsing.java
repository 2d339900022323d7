package dev.vigil.scenario.background;

import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Site;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.wire.Timeline;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Users browsing the web: page visits at a rate that follows office hours, the site chosen by
 * popularity, each visit a DNS lookup (unless cached), the page and the resources it pulls.
 */
final class Browsing {
    /** Page visits per hour at full activity. */
    static final double VISITS_PER_HOUR = 8;

    private Browsing() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, Workday.Span span, SplittableRandom r) {
        double total = 0;
        for (Site s : org.sites) total += s.weight();
        for (long t : Arrivals.poisson(r, span.from(), span.to(), VISITS_PER_HOUR, Workday::userActivity)) {
            Site site = pick(org.sites, total, r);
            tl.add(t, w -> visit(w, org, ws, site));
        }
    }

    static void visit(dev.vigil.scenario.wire.Wire w, Organisation org, Workstation ws, Site site) {
        if (w.rng().nextInt(10) < 7) Resolver.lookup(w, ws.host(), org.dc, site.name(), site.server().ip());
        String ua = ws.browser().userAgent();
        if (!site.https()) {
            WebClient.httpPage(w, ws.host(), site, ua, w.rng().nextInt(3), 40_000);
            return;
        }
        WebClient.httpsSession(w, org, ws, site, 1 + w.rng().nextInt(3), 3_000, 60_000);
        for (Site res : site.resources()) {
            w.thinkMillis(2, 50);
            if (w.rng().nextInt(10) < 5) Resolver.lookup(w, ws.host(), org.dc, res.name(), res.server().ip());
            WebClient.httpsSession(w, org, ws, res, 1 + w.rng().nextInt(4), 500, 20_000);
        }
    }

    private static Site pick(List<Site> sites, double total, SplittableRandom r) {
        double x = r.nextDouble() * total;
        for (Site s : sites) {
            x -= s.weight();
            if (x <= 0) return s;
        }
        return sites.getLast();
    }
}
