package dev.vigil.detect.behavior.eve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import dev.vigil.detect.behavior.event.TlsHello;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EVE records, as Vigil and Suricata write them, to events. */
class EveEventsTest {
    private static List<NetworkEvent> read(String... lines) {
        List<NetworkEvent> out = new ArrayList<>();
        EveEvents r = new EveEvents();
        for (String l : lines) r.line(l, out::add);
        return out;
    }

    @Test
    void timestampsInSuricatasAndIsoForms() {
        long t = Instant.parse("2026-03-02T10:15:00.123456Z").toEpochMilli() * 1_000_000L + 456_000L;
        assertThat(EveTimestamp.parseNanos("2026-03-02T10:15:00.123456+0000")).isEqualTo(t);
        assertThat(EveTimestamp.parseNanos("2026-03-02T11:15:00.123456+0100")).isEqualTo(t);
        assertThat(EveTimestamp.parseNanos("2026-03-02T10:15:00.123456Z")).isEqualTo(t);
        assertThat(EveTimestamp.parseNanos("2026-03-02T05:15:00.123456-05:00")).isEqualTo(t);
    }

    @Test
    void flowStatesFromTheServersFlags() {
        String base = "{\"timestamp\":\"2026-03-02T00:08:48.734522+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":5000,"
                + "\"dest_ip\":\"10.0.0.2\",\"dest_port\":%d,\"proto\":\"TCP\",\"flow\":{\"pkts_toserver\":%d,\"pkts_toclient\":%d,"
                + "\"bytes_toserver\":100,\"bytes_toclient\":200,\"start\":\"2026-03-02T00:05:47.000000+0000\",\"end\":\"2026-03-02T00:05:49.500000+0000\"},"
                + "\"tcp\":{\"tcp_flags_tc\":\"%s\"}}";
        List<NetworkEvent> e = read(String.format(base, 1, 1, 0, "0"), String.format(base, 2, 1, 1, "14"), String.format(base, 3, 5, 4, "1b"),
                String.format(base, 4, 3, 2, "10"));
        assertThat(e).extracting(x -> ((Connection) x).state())
                .containsExactly(ConnState.UNANSWERED, ConnState.REJECTED, ConnState.ESTABLISHED, ConnState.OTHER);
        Connection c = (Connection) e.get(2);
        assertThat(c.durationNanos()).isEqualTo(2_500_000_000L);
        assertThat(c.bytesOut()).isEqualTo(100);
        assertThat(c.proto()).isEqualTo("tcp");
    }

    @Test
    void dnsV3ResponsesAreAboutTheClientAndV2Works() {
        List<NetworkEvent> e = read(
                "{\"timestamp\":\"2026-03-02T00:21:03.494168+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.10.0.10\",\"src_port\":53,\"dest_ip\":\"10.20.1.18\",\"dest_port\":65469,\"proto\":\"UDP\","
                        + "\"dns\":{\"version\":3,\"type\":\"response\",\"rcode\":\"NXDOMAIN\",\"queries\":[{\"rrname\":\"a.example\",\"rrtype\":\"TXT\"}]}}",
                "{\"timestamp\":\"2026-03-02T00:21:03.494168+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.20.1.18\",\"src_port\":65469,\"dest_ip\":\"10.10.0.10\",\"dest_port\":53,\"proto\":\"UDP\","
                        + "\"dns\":{\"type\":\"query\",\"rrname\":\"b.example\",\"rrtype\":\"A\"}}");
        DnsLookup r = (DnsLookup) e.get(0), q = (DnsLookup) e.get(1);
        assertThat(r.src()).isEqualTo("10.20.1.18");
        assertThat(r.dst()).isEqualTo("10.10.0.10");
        assertThat(r.response()).isTrue();
        assertThat(r.rcode()).isEqualTo("NXDOMAIN");
        assertThat(r.qtype()).isEqualTo("TXT");
        assertThat(q.response()).isFalse();
        assertThat(q.query()).isEqualTo("b.example");
    }

    @Test
    void httpTlsAndSmbLogons() {
        List<NetworkEvent> e = read(
                "{\"timestamp\":\"2026-03-02T00:56:48.570233+0000\",\"event_type\":\"http\",\"src_ip\":\"10.20.1.18\",\"src_port\":65477,\"dest_ip\":\"10.10.0.30\",\"dest_port\":8530,\"proto\":\"TCP\","
                        + "\"http\":{\"hostname\":\"wsus01\",\"url\":\"/x\",\"http_user_agent\":\"UA\",\"http_method\":\"POST\",\"status\":401,\"length\":219,\"http_content_type\":\"text/html\"}}",
                "{\"timestamp\":\"2026-03-02T00:05:48.112069+0000\",\"event_type\":\"tls\",\"src_ip\":\"10.20.1.18\",\"src_port\":65468,\"dest_ip\":\"198.51.100.140\",\"dest_port\":443,\"proto\":\"TCP\","
                        + "\"tls\":{\"sni\":\"v10.example\",\"version\":\"TLS 1.3\",\"ja3\":{\"hash\":\"ae76\"},\"ja4\":\"t13d211100_5ae003f64878_a8c085b881a9\"}}",
                "{\"timestamp\":\"2026-03-02T13:37:42.000000+0000\",\"event_type\":\"smb\",\"src_ip\":\"10.20.1.18\",\"src_port\":50000,\"dest_ip\":\"10.10.0.21\",\"dest_port\":445,\"proto\":\"TCP\","
                        + "\"smb\":{\"command\":\"SMB2_COMMAND_SESSION_SETUP\",\"status\":\"STATUS_LOGON_FAILURE\",\"ntlmssp\":{\"domain\":\"CORP\",\"user\":\"bob\",\"host\":\"WS1\"}}}",
                "not json", "{\"event_type\":\"stats\"}");
        HttpExchange h = (HttpExchange) e.get(0);
        assertThat(h.status()).isEqualTo(401);
        assertThat(h.responseBytes()).isEqualTo(219);
        assertThat(h.host()).isEqualTo("wsus01");
        TlsHello t = (TlsHello) e.get(1);
        assertThat(t.ja3()).isEqualTo("ae76");
        assertThat(t.ja4()).startsWith("t13d");
        SmbAccess s = (SmbAccess) e.get(2);
        assertThat(s.command()).isEqualTo("SESSION_SETUP");
        assertThat(s.user()).isEqualTo("bob");
        assertThat(e.get(3)).isEqualTo(new LoginAttempt(s.tsNanos(), "10.20.1.18", 50000, "10.10.0.21", 445, "smb", "bob", false));
        assertThat(e).hasSize(4);
    }
}
