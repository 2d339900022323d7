package dev.vigil.scenario.campaign;

import dev.vigil.scenario.background.Resolver;
import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.wire.TcpConversation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The intruder found a planted credential (a honeytoken in a backup script on the file share) and
 * tries it on the intranet's admin page with HTTP Basic authentication; the account does not
 * exist, so the server refuses, but the attempt has told the defenders someone is inside.
 */
final class HoneytokenUse implements Step {
    @Override
    public String id() {
        return "honeytoken-use";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        String host = in.org.intranet.name();
        in.timeline.add(at, id(), w -> {
            Resolver.lookup(w, in.victim.host(), in.org.dc, host, in.org.intranet.ip());
            TcpConversation c = w.tcp(in.victim.host().ephemeral(), in.org.intranet.port(80)).open();
            String basic = Base64.getEncoder().encodeToString((in.honeytokenUser + ":" + in.honeytokenPassword).getBytes(StandardCharsets.UTF_8));
            for (String path : new String[] {"/admin/backup/", "/admin/"}) {
                Map<String, String> h = new LinkedHashMap<>();
                h.put("User-Agent", "python-requests/2.31.0");
                h.put("Accept", "*/*");
                h.put("Authorization", "Basic " + basic);
                c.exchange(HttpMessage.request("GET", path, host, h, new byte[0]),
                        HttpMessage.response(401, "Unauthorized", HttpMessage.date(w.now()), "Microsoft-IIS/10.0", "text/html",
                                Map.of("WWW-Authenticate", "Basic realm=\"intranet\""), Bodies.html("401 Unauthorized", 300, w.rng())),
                        4_000_000L);
                w.thinkMillis(300, 2000);
            }
            c.close();
        });
        return new Activity(id(), "Planted credential " + in.honeytokenUser + " used against the intranet admin page (HTTP Basic)",
                Techniques.VALID_ACCOUNTS, Party.of(in.victim.host().ip()), Party.of(in.org.intranet.ip(), 80, host), null, null,
                Detector.HONEYTOKEN, "An HTTP Authorization header carries the honeytoken user " + in.honeytokenUser + ".");
    }
}
