package dev.vigil.scenario.background;

import dev.vigil.scenario.ntp.NtpMessage;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Timeline;
import java.util.SplittableRandom;

/**
 * NTP: domain members ask the domain controller, servers ask the outside pool, both on a near-exact
 * timer: the most regular "beacon" on any network, and benign.
 */
final class TimeSync {
    private TimeSync() {}

    static void schedule(Timeline tl, Host client, Host server, long from, long to, long period, SplittableRandom r) {
        byte[] refId = server.address().length == 4 ? server.address() : new byte[] {'L', 'O', 'C', 'L'};
        int poll = 63 - Long.numberOfLeadingZeros(Math.max(1, period / 1_000_000_000L));
        for (long t : Arrivals.periodic(r, from, to, period, 0.0005)) {
            tl.add(t, w -> {
                var c = client.port(123);
                var s = server.port(123);
                byte[] req = NtpMessage.request(w.now() + w.rng().nextLong(-5_000_000L, 5_000_000L), poll);
                w.udp(c, s, req);
                long rx = w.now() + server.delayNanos();
                w.advance(2 * server.delayNanos() + 40_000);
                w.udp(s, c, NtpMessage.reply(req, rx, rx + 30_000, server == client ? 3 : 2, refId));
            });
        }
    }
}
