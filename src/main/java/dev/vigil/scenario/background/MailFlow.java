package dev.vigil.scenario.background;

import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.smtp.MailMessage;
import dev.vigil.scenario.smtp.SmtpDialogue;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Timeline;
import dev.vigil.scenario.wire.Wire;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mail: outside servers deliver to the DMZ gateway, which relays inward to the mail server; outgoing
 * mail takes the reverse path. A few messages a day per user, some with an attachment.
 */
final class MailFlow {
    static final double INBOUND_PER_HOUR = 0.6;
    static final double OUTBOUND_PER_HOUR = 0.25;

    private MailFlow() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, long from, long to, SplittableRandom r) {
        for (long t : Arrivals.poisson(r, from, to, INBOUND_PER_HOUR, Workday::userActivity)) {
            Host outside = org.outsideMailServers.get(r.nextInt(org.outsideMailServers.size()));
            tl.add(t, w -> deliver(w, org, outside, ws, true));
        }
        for (long t : Arrivals.poisson(r, from, to, OUTBOUND_PER_HOUR, Workday::userActivity)) {
            Host outside = org.outsideMailServers.get(r.nextInt(org.outsideMailServers.size()));
            tl.add(t, w -> deliver(w, org, outside, ws, false));
        }
    }

    private static void deliver(Wire w, Organisation org, Host outside, Workstation ws, boolean inbound) {
        String local = ws.fullName() + " <" + ws.user() + "@" + Organisation.DOMAIN + ">";
        String remoteDomain = outside.name().substring(outside.name().indexOf('.') + 1);
        String remote = "contact" + w.rng().nextInt(50) + "@" + remoteDomain;
        MailMessage.Attachment att = w.rng().nextInt(5) == 0
                ? new MailMessage.Attachment(Words.document(w.rng()).replaceAll("\\.\\w+$", ".pdf"), "application/pdf",
                        dev.vigil.scenario.http.Bodies.binary(5_000 + w.rng().nextInt(80_000), w.rng()))
                : null;
        String msg = MailMessage.build(inbound ? remote : local, List.of(inbound ? local : remote), Words.subject(w.rng()),
                HttpMessage.date(w.now()).replace("GMT", "+0000"), inbound ? remoteDomain : Organisation.DOMAIN,
                "Hello,\n\nplease see the notes below.\n\n" + Words.subject(w.rng()) + "\n\nRegards", att, w.rng());
        Host first = inbound ? outside : org.mailServer;
        Host second = org.dmzMail;
        Host third = inbound ? org.mailServer : outside;
        SmtpDialogue.play(w.tcp(first.ephemeral(), second.port(25)).rate(20e6).open(), first.name(), second.name(), "Postfix",
                inbound ? remote : local, List.of(inbound ? local : remote), msg);
        w.thinkMillis(50, 900);
        SmtpDialogue.play(w.tcp(second.ephemeral(), third.port(25)).rate(20e6).open(), second.name(), third.name(),
                inbound ? "Microsoft ESMTP MAIL Service" : "Postfix", inbound ? remote : local, List.of(inbound ? local : remote), msg);
    }
}
