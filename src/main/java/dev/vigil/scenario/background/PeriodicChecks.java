package dev.vigil.scenario.background;

import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.wire.Timeline;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The machine's own timers, which look like beaconing and are not: the operating system's
 * telemetry upload every 15 minutes, the update agent asking the WSUS server every hour. Detectors
 * must rank these below a real implant's beacon.
 */
final class PeriodicChecks {
    static final long TELEMETRY_PERIOD = 15 * 60_000_000_000L;
    static final long UPDATE_PERIOD = 60 * 60_000_000_000L;
    static final String WSUS_UA = "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.71";

    private PeriodicChecks() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, Workday.Span span, SplittableRandom r) {
        for (long t : Arrivals.periodic(r, span.from(), span.to(), TELEMETRY_PERIOD, 0.03)) {
            tl.add(t, w -> {
                if (w.rng().nextInt(4) == 0) Resolver.lookup(w, ws.host(), org.dc, org.telemetry.name(), org.telemetry.server().ip());
                WebClient.telemetry(w, org, ws, org.telemetry, 800 + w.rng().nextInt(2500));
            });
        }
        for (long t : Arrivals.periodic(r, span.from(), span.to(), UPDATE_PERIOD, 0.1)) {
            tl.add(t, w -> {
                String soap = "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<s:Body><SyncUpdates><cookie>" + Long.toHexString(w.rng().nextLong()) + "</cookie></SyncUpdates></s:Body></s:Envelope>";
                WebClient.httpPost(w, ws.host(), org.updateServer, 8530, org.updateServer.name() + ":8530",
                        "/ClientWebService/client.asmx", WSUS_UA, "text/xml; charset=utf-8", soap.getBytes(StandardCharsets.UTF_8));
            });
        }
        // one machine in ten fetches a larger update from the vendor on a given day
        if (span.boot() && r.nextInt(10) == 0) {
            long t = span.from() + r.nextLong(Math.max(1, span.to() - span.from()));
            tl.add(t, w -> {
                Resolver.lookup(w, ws.host(), org.dc, org.osUpdates.name(), org.osUpdates.server().ip());
                WebClient.download(w, org, ws, org.osUpdates, 300_000 + w.rng().nextInt(2_000_000));
            });
        }
    }
}
