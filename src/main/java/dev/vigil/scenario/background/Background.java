package dev.vigil.scenario.background;

import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.wire.Timeline;
import java.util.SplittableRandom;

/**
 * An organisation's normal traffic over [start, end): every workstation's day (boot, browsing,
 * timers, file shares, mail) and the servers' own chores. The amount grows with hosts × hours.
 */
public final class Background {
    private Background() {}

    /** Schedules the background; {@code leftOn} names the workstations that stay on day and night. */
    public static void schedule(Timeline tl, Organisation org, long seed, long start, long end, java.util.Set<Workstation> leftOn) {
        SplittableRandom root = new SplittableRandom(seed ^ 0x6267L);
        ServerChores.schedule(tl, org, start, end, root.split());
        for (Workstation ws : org.workstations) {
            SplittableRandom r = root.split();
            for (Workday.Span span : Workday.spans(ws, seed, start, end, leftOn.contains(ws))) {
                if (span.boot()) Leases.schedule(tl, org, ws, span.from());
                Browsing.schedule(tl, org, ws, span, r);
                PeriodicChecks.schedule(tl, org, ws, span, r);
                TimeSync.schedule(tl, ws.host(), org.dc, span.from(), span.to(), 2048_000_000_000L, r);
                MailFlow.schedule(tl, org, ws, span.from(), span.to(), r);
                FileShares.schedule(tl, org, ws, span, r);
                AdminShell.schedule(tl, org, ws, span, r);
            }
        }
    }
}
