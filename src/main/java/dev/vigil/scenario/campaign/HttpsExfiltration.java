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
 * The staged archive leaves over HTTPS in the evening: curl uploads it in 4 MB parts to a
 * file-sharing look-alike never seen from this network before.
 */
final class HttpsExfiltration implements Step {
    static final int PARTS = 5;
    static final int PART_BYTES = 4_000_000;

    @Override
    public String id() {
        return "exfil-https";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        Site drop = new Site(in.exfilDomain, in.exfilServer, true, true, 0, List.of());
        in.timeline.add(at, id(), w -> {
            Resolver.lookup(w, in.victim.host(), in.org.dc, in.exfilDomain, in.exfilServer.ip());
            List<TlsSession.Exchange> parts = new ArrayList<>();
            for (int i = 0; i < PARTS; i++) {
                parts.add(new TlsSession.Exchange(PART_BYTES + w.rng().nextInt(1000), 200 + w.rng().nextInt(100), 50_000_000L,
                        i == 0 ? 0 : 200_000_000L + w.rng().nextLong(800_000_000L)));
            }
            WebClient.tls(w, in.org, in.victim.host(), BrowserProfile.CURL, drop, parts, 40e6);
        });
        return new Activity(id(), "About " + PARTS * PART_BYTES / 1_000_000 + " MB uploaded over HTTPS to a file-sharing look-alike",
                Techniques.EXFIL_ENCRYPTED_NON_C2, Party.of(in.victim.host().ip()), Party.of(in.exfilServer.ip(), 443, in.exfilDomain), null, null,
                Detector.EXFILTRATION, "A workstation sends tens of megabytes to " + in.exfilDomain
                        + ", a destination it never used, far more than it receives.");
    }
}
