package dev.vigil.detect.behavior.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.BehaviorCorpus;
import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SshSession;
import dev.vigil.detect.behavior.event.SensorNotice;
import dev.vigil.detect.behavior.event.TlsHello;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reader on the behavioural corpus: row counts as MANIFEST.md states them, values spot-checked against the files. */
class ZeekCorpusTest {
    private record Read(List<NetworkEvent> events, ZeekLogs.Stats stats) {
        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static Read read(String relative) throws IOException {
        Path p = BehaviorCorpus.root().resolve(relative);
        List<NetworkEvent> out = new ArrayList<>();
        ZeekLogs.Stats st = ZeekLogs.read(p, out::add);
        assertThat(st.malformed()).as(relative).isEmpty();
        assertThat(st.unreadable()).as(relative).isZero();
        assertThat(st.rows()).isEqualTo(st.events() + st.ignored());
        return new Read(out, st);
    }

    private static <T> Map<T, Long> histogram(List<? extends NetworkEvent> events, Function<NetworkEvent, T> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void njratFailedBeaconIsTwoHundredThirtySevenUnansweredFlows() throws IOException {
        Read r = read("sdt-001-njrat-cc");
        assertThat(r.stats.rows("conn")).isEqualTo(992);
        List<Connection> c2 = r.of(Connection.class).stream()
                .filter(c -> c.src().equals("192.168.1.115") && c.dst().equals("41.108.179.197")).toList();
        assertThat(c2).hasSize(237);
        assertThat(c2).allSatisfy(c -> {
            assertThat(c.dstPort()).isEqualTo(1177);
            assertThat(c.proto()).isEqualTo("tcp");
            assertThat(c.state()).isEqualTo(ConnState.UNANSWERED);
            assertThat(c.bytesOut() + c.bytesIn()).isZero();
        });
        // relative timestamps, read as seconds after the epoch (the file is not in start order: its earliest is not its first row)
        assertThat(r.events.stream().mapToLong(NetworkEvent::tsNanos).min().orElseThrow()).isEqualTo(15_230_937_000L);
        long span = c2.getLast().tsNanos() - c2.getFirst().tsNanos();
        assertThat(span / 1_000_000_000L).isBetween(2700L, 2760L);
    }

    @Test
    void nmapJsonConnLogAsManifestCountsIt() throws IOException {
        Read r = read("sdt-002-nmap-portscan");
        assertThat(r.stats.rows("conn")).isEqualTo(4504);
        List<Connection> c = r.of(Connection.class);
        assertThat(c).hasSize(4504).allSatisfy(x -> assertThat(x.src()).isEqualTo("172.16.1.11"));
        assertThat(histogram(c, e -> ((Connection) e).proto())).isEqualTo(Map.of("tcp", 4062L, "icmp", 383L, "udp", 59L));
        // S0 2,409; REJ 1,273 + RSTRH 32; RSTO 95; OTH 652 + SHR 43
        assertThat(histogram(c, e -> ((Connection) e).state())).isEqualTo(Map.of(ConnState.UNANSWERED, 2409L,
                ConnState.REJECTED, 1305L, ConnState.ESTABLISHED, 95L, ConnState.OTHER, 695L));
        assertThat(c.stream().map(Connection::dst).distinct().count()).isEqualTo(182);
        assertThat(c.stream().mapToLong(Connection::tsNanos).min().orElseThrow() / 1_000_000_000L).isEqualTo(1664462456L);
    }

    @Test
    void sshJsonWithoutAuthSuccess() throws IOException {
        Read r = read("sdt-004-ssh-logins");
        List<SshSession> s = r.of(SshSession.class);
        assertThat(s).hasSize(396).allSatisfy(x -> {
            assertThat(x.authSuccess()).isNull();
            assertThat(x.authAttempts()).isZero();
        });
        assertThat(s.stream().map(SshSession::src).distinct().count()).isEqualTo(82);
        assertThat(s.stream().filter(x -> x.src().equals("10.0.82.226")).count()).isEqualTo(54);
        assertThat(r.events).isSortedAccordingTo((a, b) -> Long.compare(a.orderNanos(), b.orderNanos()));
    }

    @Test
    void simdaDgaConnDnsAndHttp() throws IOException {
        Read r = read("sdt-005-simda-dga");
        assertThat(r.stats.rowsByLog()).isEqualTo(Map.of("conn", 992L, "dns", 992L, "http", 992L));
        List<HttpExchange> http = r.of(HttpExchange.class);
        assertThat(http).hasSize(992).allSatisfy(h -> {
            assertThat(h.src()).isEqualTo("192.168.1.116");
            assertThat(h.method()).isEqualTo("GET");
        });
        assertThat(http.stream().filter(h -> h.uri().equals("/login.php")).count()).isEqualTo(977);
        assertThat(http.getFirst().userAgent()).startsWith("Mozilla/4.0 (compatible; MSIE 2.0;");
        assertThat(r.of(dev.vigil.detect.behavior.event.DnsLookup.class).stream()
                .filter(d -> "NXDOMAIN".equals(d.rcode()) && d.query().endsWith(".com")).map(d -> d.query()).distinct().count()).isPositive();
    }

    @Test
    void sshAdminSessionsOnPort902() throws IOException {
        Read r = read("sdt-006-ssh-admin");
        assertThat(r.stats.rowsByLog()).isEqualTo(Map.of("conn", 18L, "ssh", 10L));
        List<SshSession> s = r.of(SshSession.class);
        assertThat(s).allSatisfy(x -> assertThat(x.dstPort()).isEqualTo(902));
        assertThat(s.stream().filter(x -> Boolean.TRUE.equals(x.authSuccess())).count()).isEqualTo(9);
        assertThat(s.stream().filter(x -> Boolean.FALSE.equals(x.authSuccess())).count()).isEqualTo(1);
    }

    @Test
    void labelledCtuDaysReadByTheirFieldsHeader() throws IOException {
        Read r8 = read("sdt-008-ctu-normal-40-day1");
        assertThat(r8.stats.rowsByLog()).isEqualTo(Map.of("conn", 5663L, "http", 342L, "ssl", 545L, "notice", 16L));
        assertThat(r8.stats.skippedFiles()).containsKeys("unsupported log: sip", "unsupported log: weird", "unsupported log: tunnel");
        assertThat(r8.of(Connection.class).stream().filter(c -> c.src().equals("104.156.155.13") && c.dst().equals("147.32.81.167"))
                .map(Connection::dstPort).distinct().count()).isEqualTo(816);

        Read r11 = read("sdt-011-ctu-normal-43-day1");
        assertThat(r11.stats.rows("conn")).isEqualTo(9048);
        assertThat(r11.stats.rows("ssl")).isEqualTo(2820);
        assertThat(r11.of(Connection.class).stream().filter(c -> c.src().equals("104.152.52.193") && c.dst().equals("147.32.83.165"))
                .map(c -> c.proto() + "/" + c.dstPort()).distinct().count()).isEqualTo(38);
    }

    @Test
    void kovterTlsBeaconsWithoutSni() throws IOException {
        Read r = read("sdt-009-kovter");
        assertThat(r.stats.rowsByLog()).isEqualTo(Map.of("http", 1464L, "ssl", 744L, "notice", 39L));
        // Zeek's own verdict on the Kovter host's address scans: 24 notices, each naming the port, none a single target
        List<SensorNotice> scans = r.of(SensorNotice.class).stream().filter(n -> n.note().equals("Scan::Address_Scan")).toList();
        assertThat(scans).hasSize(24).allSatisfy(n -> {
            assertThat(n.src()).isEqualTo("192.168.1.113");
            assertThat(n.dst()).isNull();
            assertThat(n.dstPort()).isIn(80, 443, 8080);
        });
        List<TlsHello> c2 = r.of(TlsHello.class).stream().filter(t -> t.dst().equals("91.82.226.222")).toList();
        assertThat(c2).hasSize(189).allSatisfy(t -> {
            assertThat(t.sni()).isNull();
            assertThat(t.src()).isEqualTo("192.168.1.113");
        });
        assertThat(r.of(HttpExchange.class).stream().filter(h -> h.dst().equals("189.241.104.183") && h.method().equals("POST")).count())
                .isEqualTo(180);
    }

    @Test
    void slipsScansOneTsvOneJson() throws IOException {
        Read r = read("slips-port-scans");
        assertThat(r.stats.rows("conn")).isEqualTo(41 + 50);
        List<Connection> vertical = r.of(Connection.class).stream().filter(c -> c.dst().equals("45.33.32.156")).toList();
        assertThat(vertical.stream().filter(c -> c.state() == ConnState.REJECTED).count()).isEqualTo(43);
        assertThat(vertical.stream().map(Connection::dstPort).distinct().count()).isEqualTo(44);
    }

    @Test
    void ritaThreeDaysOfRotatedCompressedLogsWithANodeColumn() throws IOException {
        Read r = read("rita-missing-host");
        assertThat(r.stats.rowsByLog()).isEqualTo(Map.of("conn", 105_918L, "ssh", 17_299L, "http", 18_829L, "dns", 5432L, "ssl", 139L,
                "open_conn", 72L, "notice", 23L));
        assertThat(r.stats.files()).isEqualTo(6 * 72 + 21);
        assertThat(r.stats.skippedFiles()).isEmpty();
        // its notices are capture-loss reports, about no host: read, and nothing for the detectors
        assertThat(r.of(SensorNotice.class)).isEmpty();

        List<Connection> beacon = r.of(Connection.class).stream()
                .filter(c -> !c.open() && c.src().equals("73.54.23.243") && c.dstPort() == 80).toList();
        assertThat(beacon).hasSize(950).allSatisfy(c -> assertThat(c.state()).isEqualTo(ConnState.ESTABLISHED));
        List<HttpExchange> http = r.of(HttpExchange.class).stream().filter(h -> h.src().equals("73.54.23.243")).toList();
        assertThat(http).hasSize(950).allSatisfy(h -> {
            assertThat(h.host()).isEmpty();
            assertThat(h.userAgent()).isEqualTo("Modzilla/0.0001 (Atari 7800)");
        });

        List<Connection> open = r.of(Connection.class).stream().filter(Connection::open).toList();
        assertThat(open).hasSize(72).allSatisfy(c -> {
            assertThat(c.src()).isEqualTo("73.54.23.243");
            assertThat(c.dst()).isEqualTo("64.225.56.201");
            assertThat(c.dstPort()).isEqualTo(22);
        });
        // each hour's report of the same open session is longer than the one before
        assertThat(open).isSortedAccordingTo((a, b) -> Long.compare(a.durationNanos(), b.durationNanos()));
        assertThat(open.getLast().durationNanos() / 3_600_000_000_000L).isGreaterThanOrEqualTo(70);

        assertThat(r.of(SshSession.class).stream().filter(s -> s.src().equals("170.64.237.193")).count()).isEqualTo(465);

        // merged across 432 files: only a handful of stragglers (conn rows written long after their end) are late
        assertThat(r.stats.outOfOrder()).isLessThan(r.events.size() / 1000);
        assertThat(r.stats.maxOpenFiles()).isLessThanOrEqualTo(16);
        long late = 0, last = Long.MIN_VALUE;
        for (NetworkEvent e : r.events) {
            if (e.orderNanos() < last) late++;
            last = Math.max(last, e.orderNanos());
        }
        assertThat(late).isEqualTo(r.stats.outOfOrder());
    }
}
