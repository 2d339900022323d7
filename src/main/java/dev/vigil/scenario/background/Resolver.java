package dev.vigil.scenario.background;

import dev.vigil.scenario.dns.DnsMessage;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Wire;
import java.util.List;

/**
 * A workstation asking the organisation's DNS server: the A query for a name and its answer, and
 * at times the AAAA query a dual-stack client sends alongside (answered with no records).
 */
public final class Resolver {
    private Resolver() {}

    /** Resolves {@code name} to {@code ip} as {@code client} asks {@code dns}; the clock ends at the answer. */
    public static void lookup(Wire w, Host client, Host dns, String name, String ip) {
        int id = w.rng().nextInt(65536);
        int ttl = 60 + w.rng().nextInt(3540);
        var c = client.ephemeral();
        var s = dns.port(53);
        long work = w.rng().nextInt(10) < 7 ? 200_000L : 5_000_000L + w.rng().nextLong(40_000_000L);
        if (w.rng().nextInt(3) == 0) {
            int id6 = w.rng().nextInt(65536);
            var c6 = client.ephemeral();
            w.udp(c6, s, DnsMessage.query(id6, name, DnsMessage.AAAA));
            w.advance(30_000);
            w.udpExchange(c, s, DnsMessage.query(id, name, DnsMessage.A),
                    DnsMessage.response(id, name, DnsMessage.A, DnsMessage.NOERROR, List.of(DnsMessage.a(ip, ttl))), work);
            w.advance(20_000);
            w.udp(s, c6, DnsMessage.response(id6, name, DnsMessage.AAAA, DnsMessage.NOERROR, List.of()));
            return;
        }
        w.udpExchange(c, s, DnsMessage.query(id, name, DnsMessage.A),
                DnsMessage.response(id, name, DnsMessage.A, DnsMessage.NOERROR, List.of(DnsMessage.a(ip, ttl))), work);
    }

    /** One query of {@code type} and the answer the caller built; the clock ends at the answer. */
    public static void ask(Wire w, Host client, Host dns, String name, int type, int rcode, List<DnsMessage.Answer> answers) {
        int id = w.rng().nextInt(65536);
        w.udpExchange(client.ephemeral(), dns.port(53), DnsMessage.query(id, name, type),
                DnsMessage.response(id, name, type, rcode, answers), 300_000L + w.rng().nextLong(20_000_000L));
    }
}
