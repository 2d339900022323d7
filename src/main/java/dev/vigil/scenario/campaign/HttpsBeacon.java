package dev.vigil.scenario.campaign;

import dev.vigil.scenario.background.Resolver;
import dev.vigil.scenario.background.WebClient;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Site;
import dev.vigil.scenario.tls.BrowserProfile;
import dev.vigil.scenario.tls.TlsSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The implant on the phished workstation beacons to its C2 over HTTPS every 60 s ± 10%, a new TLS
 * connection each time with a Go client's hello (the implant's own fingerprint, not the user's
 * browser), tiny check-ins, and now and then a task and its result.
 */
final class HttpsBeacon implements Step {
    static final long PERIOD = 60_000_000_000L;

    @Override
    public String id() {
        return "c2-https-beacon";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Site c2 = new Site(in.c2Domain, in.c2Server, true, true, 0, List.of());
        int n = 0;
        for (long t = at; t < until; t += (long) (PERIOD * (0.9 + 0.2 * in.rng.nextDouble()))) {
            int seq = n++;
            boolean task = in.rng.nextInt(25) == 0;
            in.timeline.add(t, id(), w -> {
                // the Windows resolver caches the C2 name for its 300 s TTL
                if (seq % 5 == 0) Resolver.lookup(w, in.victim.host(), in.org.dc, in.c2Domain, in.c2Server.ip());
                List<TlsSession.Exchange> ex = new ArrayList<>();
                ex.add(new TlsSession.Exchange(280 + w.rng().nextInt(60), task ? 4_000 + w.rng().nextInt(20_000) : 140 + w.rng().nextInt(40),
                        30_000_000L + w.rng().nextLong(20_000_000L), 0));
                if (task) ex.add(new TlsSession.Exchange(2_000 + w.rng().nextInt(30_000), 120, 20_000_000L, 1_000_000_000L + w.rng().nextLong(4_000_000_000L)));
                WebClient.tls(w, in.org, in.victim.host(), BrowserProfile.GO_IMPLANT, c2, ex, 10e6);
            });
        }
        return new Activity(id(), "Implant beacons to its C2 over HTTPS every 60 s with 10% jitter", Techniques.WEB_PROTOCOLS,
                Party.of(in.victim.host().ip()), Party.of(in.c2Server.ip(), 443, in.c2Domain), null, null, Detector.BEACON,
                "One workstation opens a short TLS connection to " + in.c2Domain + " about every minute, day and night, with a Go TLS fingerprint.");
    }
}
