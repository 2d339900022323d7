package dev.vigil.scenario.campaign;

import dev.vigil.scenario.dns.DnsMessage;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.wire.Endpoint;
import java.util.HexFormat;
import java.util.List;

/**
 * Exfiltration through a DNS tunnel (iodine/dnscat style): the stolen archive base32-encoded into
 * long labels of NULL queries under the tunnel's domain, a query every 40–80 ms, each answered with
 * a short acknowledgement.
 */
final class DnsTunnelExfiltration implements Step {
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    static final int QUERIES = 2_400;

    @Override
    public String id() {
        return "exfil-dns-tunnel";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        String session = HexFormat.of().toHexDigits((short) in.rng.nextInt());
        int batches = 8;
        for (int b = 0; b < batches; b++) {
            int first = b * QUERIES / batches;
            int last = (b + 1) * QUERIES / batches;
            in.timeline.add(at + b * 20_000_000_000L, id(), w -> {
                Endpoint src = in.victim.host().ephemeral();
                for (int q = first; q < last; q++) {
                    StringBuilder name = new StringBuilder(200);
                    name.append(Integer.toString(q, 36)).append(labels(w.rng(), 2, 60)).append('.').append(session).append('.').append(in.tunnelDomain);
                    int id = w.rng().nextInt(65536);
                    byte[] ack = new byte[4 + w.rng().nextInt(8)];
                    w.rng().nextBytes(ack);
                    w.udpExchange(src, in.org.dc.port(53), DnsMessage.query(id, name.toString(), DnsMessage.NULL),
                            DnsMessage.response(id, name.toString(), DnsMessage.NULL, DnsMessage.NOERROR, List.of(DnsMessage.nullRecord(ack, 0))),
                            20_000_000L + w.rng().nextLong(30_000_000L));
                    w.thinkMillis(5, 30);
                }
            });
        }
        return new Activity(id(), "Stolen documents exfiltrated through a DNS tunnel: " + QUERIES + " NULL queries with base32 labels",
                Techniques.EXFIL_UNENCRYPTED_NON_C2, Party.of(in.victim.host().ip()), Party.of(in.org.dc.ip(), 53, in.tunnelDomain), null, null,
                Detector.DNS_TUNNEL, "Thousands of NULL queries with long random labels under " + in.tunnelDomain + " from one workstation.");
    }

    private static String labels(java.util.random.RandomGenerator r, int count, int len) {
        StringBuilder sb = new StringBuilder(count * (len + 1));
        for (int i = 0; i < count; i++) {
            sb.append('.');
            for (int j = 0; j < len; j++) sb.append(B32[r.nextInt(32)]);
        }
        return sb.toString();
    }
}
