package dev.vigil.scenario.campaign;

import dev.vigil.scenario.background.Resolver;
import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.smtp.MailMessage;
import dev.vigil.scenario.smtp.SmtpDialogue;
import dev.vigil.scenario.wire.TcpConversation;
import java.util.List;
import java.util.Map;

/**
 * A spear-phishing mail to the victim with a link to a look-alike document site; a few minutes
 * later the victim's browser fetches the lure, a ZIP holding a shortcut that starts the implant.
 */
final class SpearphishingLink implements Step {
    @Override
    public String id() {
        return "spearphishing-link";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        String to = in.victim.fullName() + " <" + in.victim.user() + "@" + Organisation.DOMAIN + ">";
        String from = "HR Payroll <hr-notice@payroll-notify.example>";
        String url = "http://" + in.phishDomain + "/s/Salary_Adjustment_2026.zip";
        in.timeline.add(at, id(), w -> {
            String msg = MailMessage.build(from, List.of(to), "Salary adjustment 2026 - action required", HttpMessage.date(w.now()).replace("GMT", "+0000"),
                    "payroll-notify.example", "Dear colleague,\n\nyour salary adjustment letter is ready: " + url
                            + "\nPlease review it before Friday.\n\nHR Payroll Services", null, w.rng());
            SmtpDialogue.play(w.tcp(in.phishMailServer.ephemeral(), in.org.dmzMail.port(25)).open(), in.phishMailServer.name(),
                    in.org.dmzMail.name(), "Postfix", from, List.of(to), msg);
            w.thinkMillis(300, 1500);
            SmtpDialogue.play(w.tcp(in.org.dmzMail.ephemeral(), in.org.mailServer.port(25)).open(), in.org.dmzMail.name(),
                    in.org.mailServer.name(), "Microsoft ESMTP MAIL Service", from, List.of(to), msg);
            // the victim reads the mail and clicks
            w.advance(4 * 60_000_000_000L + w.rng().nextLong(8 * 60_000_000_000L));
            Resolver.lookup(w, in.victim.host(), in.org.dc, in.phishDomain, in.phishServer.ip());
            TcpConversation c = w.tcp(in.victim.host().ephemeral(), in.phishServer.port(80)).rate(8e6).open();
            byte[] zip = Bodies.binary(180_000 + w.rng().nextInt(60_000), w.rng());
            zip[0] = 'P';
            zip[1] = 'K';
            zip[2] = 3;
            zip[3] = 4;
            c.exchange(HttpMessage.request("GET", "/s/Salary_Adjustment_2026.zip", in.phishDomain,
                            HttpMessage.browserHeaders(in.victim.browser().userAgent(), "text/html,application/xhtml+xml,*/*;q=0.8", null), new byte[0]),
                    HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "nginx", "application/x-zip-compressed",
                            Map.of("Content-Disposition", "attachment; filename=\"Salary_Adjustment_2026.zip\""), zip), 40_000_000L);
            c.close();
        });
        return new Activity(id(), "Spear-phishing mail with a link to a look-alike document site; the victim downloads the ZIP lure",
                Techniques.SPEARPHISHING_LINK, Party.of(in.victim.host().ip()), Party.of(in.phishServer.ip(), 80, in.phishDomain), null, null,
                Detector.FIRST_SEEN, "A mail from payroll-notify.example links to " + in.phishDomain
                        + "; a workstation then downloads a ZIP from that never-seen domain.");
    }
}
