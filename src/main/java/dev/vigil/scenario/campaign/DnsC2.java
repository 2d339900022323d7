package dev.vigil.scenario.campaign;

import dev.vigil.scenario.background.Resolver;
import dev.vigil.scenario.dns.DnsMessage;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import java.util.HexFormat;
import java.util.List;

/**
 * The implant on the compromised portal calls home over DNS: every five minutes (± 20%) an A query
 * whose first label carries the implant id and a counter, answered with an address that encodes
 * "no task"; now and then a task, fetched as a run of TXT queries with base64 answers.
 */
final class DnsC2 implements Step {
    static final long PERIOD = 300_000_000_000L;

    @Override
    public String id() {
        return "c2-dns";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        String implant = HexFormat.of().toHexDigits(in.rng.nextInt());
        int n = 0;
        for (long t = at; t < until; t += (long) (PERIOD * (0.8 + 0.4 * in.rng.nextDouble()))) {
            int seq = n++;
            boolean task = in.rng.nextInt(8) == 0;
            in.timeline.add(t, id(), w -> {
                String name = implant + HexFormat.of().toHexDigits((short) seq) + HexFormat.of().toHexDigits(w.rng().nextInt()) + "." + in.dnsC2Domain;
                Resolver.ask(w, in.foothold, in.org.dc, name, DnsMessage.A, DnsMessage.NOERROR,
                        List.of(DnsMessage.a(task ? "203.0.113.1" : "203.0.113.0", 1)));
                if (!task) return;
                for (int i = 0; i < 3 + w.rng().nextInt(6); i++) {
                    w.thinkMillis(100, 900);
                    String q = "t" + i + "." + implant + HexFormat.of().toHexDigits(w.rng().nextInt()) + "." + in.dnsC2Domain;
                    byte[] chunk = new byte[120 + w.rng().nextInt(60)];
                    w.rng().nextBytes(chunk);
                    Resolver.ask(w, in.foothold, in.org.dc, q, DnsMessage.TXT, DnsMessage.NOERROR,
                            List.of(DnsMessage.txt(java.util.Base64.getEncoder().encodeToString(chunk), 1)));
                }
            });
        }
        return new Activity(id(), "Implant on the public portal beacons over DNS every 5 minutes and fetches tasks as TXT records",
                Techniques.DNS, Party.of(in.foothold.ip()), Party.of(in.org.dc.ip(), 53, in.dnsC2Domain), null, null, Detector.DNS_TUNNEL,
                "The portal resolves a new random-looking subdomain of " + in.dnsC2Domain + " every few minutes, TTL 1, sometimes TXT.");
    }
}
