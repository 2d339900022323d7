package dev.vigil.deception.decoy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.decoy.DecoyEveFile;
import dev.vigil.deception.decoy.DecoyEveFile.Run;
import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.TokenLookup;
import dev.vigil.deception.decoy.TokenUse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The canary responder asked by dig on loopback, and flooded with junk. */
class CanaryDnsResponderTest {
    static final String ZONE = "canary.vigil.example.";
    static final TokenLookup TOKENS = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) { return null; }
        @Override public TokenUse dnsName(String name) {
            return name.toLowerCase().endsWith("k3x9q2.canary.vigil.example") ? new TokenUse("token--dns", "dns", "in the VPN how-to") : null;
        }
        @Override public TokenUse url(String host, String path) { return null; }
    };
    static final DecoyLimits LIMITS = new DecoyLimits(16, 8, 1 << 20, Duration.ofMinutes(1), Duration.ofSeconds(5), 4096);

    @TempDir Path dir;
    DecoyEveFile eve;
    CanaryDnsResponder dns;

    void start(int rate) throws IOException {
        eve = new DecoyEveFile(dir, TOKENS);
        dns = CanaryDnsResponder.start(new CanaryDnsConfig("canary-dns", "127.0.0.1", 0, ZONE, "192.0.2.80", "2001:db8::80", 30, rate, LIMITS), eve.log);
    }

    @AfterEach
    void stop() throws IOException {
        if (dns != null) dns.close();
        if (eve != null) eve.close();
    }

    Run dig(String... args) throws IOException, InterruptedException {
        String[] c = new String[args.length + 6];
        c[0] = "dig";
        c[1] = "@127.0.0.1";
        c[2] = "-p";
        c[3] = String.valueOf(dns.port());
        c[4] = "+time=3";
        c[5] = "+tries=1";
        System.arraycopy(args, 0, c, 6, args.length);
        return DecoyEveFile.run(dir, 30, c);
    }

    @Test
    void digResolvesACanaryNameAndTheResolverIsRecordedAndAlerted() throws Exception {
        start(50);
        Run r = dig("abc.K3x9q2.canary.vigil.example", "A");
        assertThat(r.stdout()).as(r.stderr()).contains("status: NOERROR").containsPattern("flags: qr aa rd;")
                .containsPattern("(?m)^abc\\.K3x9q2\\.canary\\.vigil\\.example\\.\\s+30\\s+IN\\s+A\\s+192\\.0\\.2\\.80$");
        JsonNode q = eve.await(x -> "query".equals(x.path("decoy").path("action").asText()), "query record");
        assertThat(q.path("decoy").path("rrname").asText()).isEqualTo("abc.K3x9q2.canary.vigil.example");
        assertThat(q.path("decoy").path("rrtype").asText()).isEqualTo("A");
        assertThat(q.path("src_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(q.path("src_port").asInt()).isPositive().isNotEqualTo(dns.port());
        assertThat(q.path("proto").asText()).isEqualTo("UDP");
        assertThat(q.path("app_proto").asText()).isEqualTo("dns");
        assertThat(q.path("decoy").path("token").path("id").asText()).isEqualTo("token--dns");
        JsonNode alert = eve.await(x -> x.path("alert").path("signature_id").asInt() == 7_110_007, "canary alert");
        assertThat(alert.path("src_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(alert.path("alert").path("metadata").path("honeytoken_id").get(0).asText()).isEqualTo("token--dns");

        // a name in the zone that is no token resolves too, and is recorded without an alert
        assertThat(dig("+tcp", "intranet.canary.vigil.example", "A").stdout()).contains("192.0.2.80");
        JsonNode tcp = eve.await(x -> "intranet.canary.vigil.example".equals(x.path("decoy").path("rrname").asText()), "TCP query");
        assertThat(tcp.path("proto").asText()).isEqualTo("TCP");
        assertThat(eve.alerts(7_110_007)).hasSize(1);
    }

    @Test
    void apexRecordsOtherTypesAndNamesOutsideTheZone() throws Exception {
        start(50);
        assertThat(dig("canary.vigil.example", "SOA").stdout()).contains("status: NOERROR")
                .containsPattern("IN\\s+SOA\\s+ns1\\.canary\\.vigil\\.example\\. hostmaster\\.canary\\.vigil\\.example\\. \\d{10} 3600 600 604800 30");
        assertThat(dig("canary.vigil.example", "NS").stdout()).containsPattern("IN\\s+NS\\s+ns1\\.canary\\.vigil\\.example\\.")
                .containsPattern("ns1\\.canary\\.vigil\\.example\\.\\s+30\\s+IN\\s+A\\s+192\\.0\\.2\\.80");
        assertThat(dig("x.canary.vigil.example", "AAAA").stdout()).containsPattern("IN\\s+AAAA\\s+2001:db8::80");
        assertThat(dig("x.canary.vigil.example", "TXT").stdout()).contains("\"v=spf1 -all\"");
        Run mx = dig("x.canary.vigil.example", "MX");
        assertThat(mx.stdout()).contains("status: NOERROR").contains("ANSWER: 0").contains("AUTHORITY: 1");
        Run outside = dig("www.example.com", "A");
        assertThat(outside.stdout()).contains("status: REFUSED").contains("ANSWER: 0");
        eve.await(x -> "www.example.com".equals(x.path("decoy").path("rrname").asText()), "refused query recorded");
        assertThat(dns.stats().refused()).isEqualTo(1);
    }

    @Test
    void unparsableQueriesAreFormerrAndTooShortOnesDropped() throws Exception {
        start(50);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2000);
            // a header claiming one question, and a question cut off in its name
            byte[] bad = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x'};
            Message reply = exchange(s, bad);
            assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
            assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
            // five bytes are no header: nothing to answer
            assertThat(exchangeOrNull(s, new byte[] {1, 2, 3, 4, 5})).isNull();
            // a response sent to the responder is not answered (no loops between two servers)
            Message response = Message.newQuery(Record.newRecord(Name.fromString("a." + ZONE), Type.A, DClass.IN));
            response.getHeader().setFlag(Flags.QR);
            assertThat(exchangeOrNull(s, response.toWire())).isNull();
        }
        assertThat(dns.stats().malformed()).isEqualTo(3);
        assertThat(eve.decoy("error")).hasSize(3);
    }

    @Test
    void responsesAreRateLimitedPerSource() throws Exception {
        start(5);
        int sent = 200, answered = 0;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(300);
            byte[] q = Message.newQuery(Record.newRecord(Name.fromString("r." + ZONE), Type.A, DClass.IN)).toWire();
            for (int i = 0; i < sent; i++) s.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", dns.port())));
            byte[] buf = new byte[512];
            try {
                while (true) {
                    s.receive(new DatagramPacket(buf, buf.length));
                    answered++;
                }
            } catch (SocketTimeoutException done) {
                // no more answers
            }
        }
        System.out.printf("DNS rate limit 5/s (burst 10): %d of %d queries answered, %d dropped%n", answered, sent, dns.stats().rateLimited());
        assertThat(answered).isBetween(10, 15);
        assertThat(dns.stats().rateLimited() + dns.stats().queueFull()).isEqualTo(sent - answered);
        assertThat(eve.decoy("query")).hasSize(answered);
    }

    @Test
    void tenThousandJunkDatagramsLeaveTheResponderAnswering() throws Exception {
        start(1_000_000);
        Random rnd = new Random(7);
        int total = 10_000;
        long t0 = System.nanoTime();
        try (DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", dns.port());
            byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("j." + ZONE), Type.A, DClass.IN)).toWire();
            for (int i = 0; i < total; i++) {
                byte[] p;
                switch (i % 4) {
                    case 0 -> {
                        p = new byte[rnd.nextInt(1500)];
                        rnd.nextBytes(p);
                    }
                    case 1 -> {
                        // a valid query with its tail mutated
                        p = valid.clone();
                        for (int k = 0; k < 3; k++) p[12 + rnd.nextInt(p.length - 12)] = (byte) rnd.nextInt();
                    }
                    case 2 -> {
                        p = new byte[4000];
                        rnd.nextBytes(p);
                        p[2] &= 0x7f;
                    }
                    default -> p = java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length));
                }
                s.send(new DatagramPacket(p, p.length, to));
                // pace the sender a little so the loopback socket buffer does the dropping less than the responder's own queue
                if (i % 200 == 0) Thread.sleep(1);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        CanaryDnsResponder.Stats st;
        while ((st = dns.stats()).answered() + st.malformed() + st.queueFull() < st.received() && System.nanoTime() < deadline) Thread.sleep(10);
        double seconds = (System.nanoTime() - t0) / 1e9;
        st = dns.stats();
        System.out.printf("DNS responder: %d junk datagrams sent, %d received, %d answered, %d malformed, %d dropped by the full queue, in %.2f s%n",
                total, st.received(), st.answered(), st.malformed(), st.queueFull(), seconds);
        assertThat(seconds).isLessThan(60);
        assertThat(st.received()).isGreaterThan(total / 2);
        Run r = dig("after.k3x9q2.canary.vigil.example", "A");
        assertThat(r.stdout()).as(r.stderr()).contains("status: NOERROR").contains("192.0.2.80");
    }

    private Message exchange(DatagramSocket s, byte[] query) throws IOException {
        Message m = exchangeOrNull(s, query);
        assertThat(m).as("an answer").isNotNull();
        return m;
    }

    private Message exchangeOrNull(DatagramSocket s, byte[] query) throws IOException {
        s.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", dns.port())));
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
    }

}
