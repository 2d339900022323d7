package dev.vigil.detect.behavior.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import dev.vigil.detect.behavior.event.SshSession;
import dev.vigil.detect.behavior.event.TlsHello;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeekLogsTest {
    @TempDir
    Path dir;

    static final String HEAD = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n";

    static String tsv(String path, String fields, String... rows) {
        StringBuilder b = new StringBuilder(HEAD).append("#path\t").append(path).append('\n')
                .append("#fields\t").append(fields.replace(' ', '\t')).append('\n');
        for (String r : rows) b.append(r.replace('|', '\t')).append('\n');
        return b.append("#close\t2024-04-19-01-00-00\n").toString();
    }

    static final String CONN_FIELDS = "ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state orig_pkts resp_pkts";

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path writeGz(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(p, b.toByteArray());
        return p;
    }

    private record Run(List<NetworkEvent> events, ZeekLogs.Stats stats) {}

    private static Run read(Path p) throws IOException {
        List<NetworkEvent> out = new ArrayList<>();
        ZeekLogs.Stats st = ZeekLogs.read(p, out::add);
        assertThat(st.rows()).as("rows = events + ignored + malformed").isEqualTo(st.events() + st.ignored() + st.malformedRows());
        assertThat(out).hasSize((int) st.events());
        return new Run(out, st);
    }

    @Test
    void connRowWithUnsetAndEmptyFieldsAndStates() throws IOException {
        Path p = write("conn.log", tsv("conn", CONN_FIELDS,
                "1713484795.943239|C1|10.0.0.5|51000|203.0.113.9|443|tcp|ssl|1.5|100|2000|SF|5|6",
                "1713484796.000001|C2|10.0.0.5|51001|203.0.113.9|1177|tcp|-|-|-|-|S0|1|0",
                "1713484797|C3|10.0.0.5|51002|203.0.113.9|80|TCP|(empty)|0.25|0|0|REJ|1|1"));
        Run r = read(p);
        assertThat(r.events).hasSize(3);
        // delivered by end time: 796.000001, 797.25, 797.443239
        assertThat(r.events).extracting(NetworkEvent::srcPort).containsExactly(51001, 51002, 51000);
        Connection a = (Connection) r.events.get(2);
        assertThat(a).isEqualTo(new Connection(1713484795_943239000L, 1_500_000_000L, "10.0.0.5", 51000, "203.0.113.9", 443, "tcp",
                "tls", 100, 2000, 5, 6, ConnState.ESTABLISHED, false));
        Connection b = (Connection) r.events.get(0);
        assertThat(b.durationNanos()).isZero();
        assertThat(b.service()).isNull();
        assertThat(b.bytesOut()).isZero();
        assertThat(b.state()).isEqualTo(ConnState.UNANSWERED);
        Connection c = (Connection) r.events.get(1);
        assertThat(c.proto()).isEqualTo("tcp");
        assertThat(c.service()).isNull();
        assertThat(c.state()).isEqualTo(ConnState.REJECTED);
        assertThat(r.stats.rows("conn")).isEqualTo(3);
        assertThat(r.stats.malformedRows()).isZero();
    }

    @Test
    void escapesAreUndoneBytewise() {
        assertThat(ZeekTsv.unescape("a\\x09b")).isEqualTo("a\tb");
        assertThat(ZeekTsv.unescape("back\\\\slash")).isEqualTo("back\\slash");
        // an escaped UTF-8 sequence is decoded as one character, not as two Latin-1 ones
        assertThat(ZeekTsv.unescape("caf\\xc3\\xa9")).isEqualTo("café");
        assertThat(ZeekTsv.unescape("\\x2d")).isEqualTo("-");
        assertThat(ZeekTsv.unescape("half\\x4")).isEqualTo("half\\x4");
        assertThat(ZeekTsv.unescape("naïve")).isEqualTo("naïve");
    }

    @Test
    void httpRowFieldsAndAnEscapedTabInAValue() throws IOException {
        String fields = "ts uid id.orig_h id.orig_p id.resp_h id.resp_p trans_depth method host uri user_agent request_body_len "
                + "response_body_len status_code username resp_mime_types";
        Path p = write("http.log", tsv("http", fields,
                "1713520921.220256|C1|73.54.23.243|8521|64.225.56.201|80|1|GET|(empty)|/|Modzilla/0.0001 (Atari 7800)|0|166|400|-|text/html,text/plain",
                "1713520922|C2|10.1.1.1|8522|64.225.56.201|80|1|POST|h.example|/a\\x09b|-|12|-|-|bob|-"));
        Run r = read(p);
        HttpExchange a = (HttpExchange) r.events.get(0), b = (HttpExchange) r.events.get(1);
        assertThat(a.host()).isEmpty();
        assertThat(a.userAgent()).isEqualTo("Modzilla/0.0001 (Atari 7800)");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.responseBytes()).isEqualTo(166);
        assertThat(a.contentType()).isEqualTo("text/html");
        assertThat(a.user()).isNull();
        assertThat(b.uri()).isEqualTo("/a\tb");
        assertThat(b.status()).isEqualTo(-1);
        assertThat(b.userAgent()).isNull();
        assertThat(b.requestBytes()).isEqualTo(12);
        assertThat(b.user()).isEqualTo("bob");
        assertThat(b.contentType()).isNull();
    }

    @Test
    void columnsAreFoundByNameWithALeadingNodeColumnAndTrailingLabels() throws IOException {
        Path p = write("a/conn.log.labeled", tsv("conn", "_node_name " + CONN_FIELDS + " label detailedlabel",
                "worker-1|1.5|C1|192.168.1.115|49200|41.108.179.197|1177|tcp|-|3.0|0|0|S0|2|0|Malicious|CC"));
        Connection c = (Connection) read(p).events.getFirst();
        assertThat(c.tsNanos()).isEqualTo(1_500_000_000L);
        assertThat(c.src()).isEqualTo("192.168.1.115");
        assertThat(c.dstPort()).isEqualTo(1177);
        assertThat(c.endNanos()).isEqualTo(4_500_000_000L);
    }

    @Test
    void labelColumnsJoinedBySpacesAreSplit() throws IOException {
        // the IoT-23 layout: the last #fields entry and the last column of each row hold three values joined by spaces
        String text = HEAD + "#path\tconn\n#fields\t" + CONN_FIELDS.replace(' ', '\t') + "\ttunnel_parents   label   detailed-label\n"
                + "10.0|C1|10.0.0.1|1|10.0.0.2|23|tcp|-|-|0|0|S0|1|0|(empty)   Malicious   PartOfAHorizontalPortScan\n".replace('|', '\t')
                + "11.0|C2|10.0.0.1|2|10.0.0.3|23|tcp|-|-|0|0|S0|1|0|(empty)   Malicious\n".replace('|', '\t');
        Run r = read(write("conn.log.labeled", text));
        assertThat(r.events).hasSize(1);
        assertThat(((Connection) r.events.getFirst()).dst()).isEqualTo("10.0.0.2");
        assertThat(r.stats.malformed()).containsEntry("conn: space-joined columns differ from #fields", 1L);
    }

    @Test
    void anotherSeparatorAndSetSeparator() throws IOException {
        String text = "#separator \\x7c\n#set_separator|;\n#empty_field|(empty)\n#unset_field|-\n#path|http\n"
                + "#fields|ts|id.orig_h|id.orig_p|id.resp_h|id.resp_p|method|host|uri|resp_mime_types\n"
                + "5.0|10.0.0.1|1|10.0.0.2|80|GET|a\\x7cb|/|application/json;text/html\n";
        HttpExchange h = (HttpExchange) read(write("x.log", text)).events.getFirst();
        assertThat(h.host()).isEqualTo("a|b");
        assertThat(h.contentType()).isEqualTo("application/json");
    }

    @Test
    void aHashSeparatorDoesNotBreakTheHeaders() throws IOException {
        // found by ZeekLogFuzzTest: "#fields" split at its own '#'
        String text = "#separator #\n#fields#ts#id.orig_h#id.orig_p#id.resp_h#id.resp_p#proto\n1.0#10.0.0.1#1#10.0.0.2#2#udp\n";
        Run r = read(write("conn.log", text));
        assertThat(r.events).hasSize(1);
        assertThat(((Connection) r.events.getFirst()).proto()).isEqualTo("udp");
    }

    @Test
    void jsonRowsWithExactDecimalsIsoTimesNestedIdsAndPathRouting() throws IOException {
        Path conn = write("j/conn.log", """
                {"ts":1664462456.755299,"uid":"C1","id.orig_h":"172.16.1.11","id.orig_p":40042,"id.resp_h":"8.8.8.8","id.resp_p":53,"proto":"udp","service":"dns","duration":0.012166976928710938,"orig_bytes":0,"resp_bytes":111,"conn_state":"SHR","orig_pkts":0,"resp_pkts":1}
                {"ts":"2024-04-19T00:00:01.500000Z","id":{"orig_h":"10.0.0.1","orig_p":1,"resp_h":"10.0.0.2","resp_p":22},"proto":"tcp","conn_state":"S0"}
                """);
        Run r = read(conn);
        Connection a = (Connection) r.events.get(0), b = (Connection) r.events.get(1);
        assertThat(a.tsNanos()).isEqualTo(1664462456_755299000L);
        assertThat(a.durationNanos()).isEqualTo(12_166_976L);
        assertThat(a.state()).isEqualTo(ConnState.OTHER);
        assertThat(b.tsNanos()).isEqualTo(1713484801_500000000L);
        assertThat(b.src()).isEqualTo("10.0.0.1");
        assertThat(b.dstPort()).isEqualTo(22);

        // a file name that says nothing: _path routes the rows, or the keys do
        Path mixed = write("k/zeek.json", """
                {"_path":"ssh","ts":1.0,"id.orig_h":"10.0.0.1","id.orig_p":2,"id.resp_h":"10.0.0.2","id.resp_p":22,"auth_success":false,"auth_attempts":3,"client":"SSH-2.0-x"}
                {"_path":"weird","ts":2.0,"id.orig_h":"10.0.0.1","id.orig_p":2,"id.resp_h":"10.0.0.2","id.resp_p":22,"name":"x"}
                {"ts":3.0,"id.orig_h":"10.0.0.1","id.orig_p":3,"id.resp_h":"10.0.0.3","id.resp_p":53,"proto":"udp","query":"a.example","qtype_name":"A","rcode":3,"answers":["1.2.3.4","5.6.7.8"]}
                """);
        Run m = read(mixed);
        assertThat(m.events).hasSize(2);
        SshSession s = (SshSession) m.events.get(0);
        assertThat(s.authSuccess()).isFalse();
        assertThat(s.authAttempts()).isEqualTo(3);
        assertThat(s.serverSoftware()).isNull();
        DnsLookup d = (DnsLookup) m.events.get(1);
        assertThat(d.rcode()).isEqualTo("NXDOMAIN");
        assertThat(d.answers()).isEqualTo(2);
        assertThat(m.stats.ignored()).isEqualTo(1);
        assertThat(m.stats.rows("weird")).isEqualTo(1);
    }

    @Test
    void otherLogsMapToTheirEvents() throws IOException {
        write("d/dns.log", tsv("dns", "ts id.orig_h id.orig_p id.resp_h id.resp_p proto query qtype qtype_name rcode rcode_name answers",
                "10.0|10.0.0.1|5000|10.0.0.53|53|udp|qebyrev.com|1|A|3|NXDOMAIN|-",
                "10.5|10.0.0.1|5001|10.0.0.53|53|udp|-|-|-|-|-|-",
                "11.0|10.0.0.1|5002|10.0.0.53|53|udp|ok.example|28|AAAA|0|NOERROR|::1,::2"));
        write("d/ssl.log", tsv("ssl", "ts id.orig_h id.orig_p id.resp_h id.resp_p version server_name ja3 ja4",
                "12.0|10.0.0.1|5003|198.51.100.1|443|TLSv12|-|8951236eca85955755e4946572ef32bb|t13d1516h2_8daaf6152771_b186095e22b6",
                "12.5|10.0.0.1|5004|198.51.100.1|443|TLSv13|www.example.com|-|-"));
        write("d/ssh.log", tsv("ssh", "ts id.orig_h id.orig_p id.resp_h id.resp_p auth_success auth_attempts client server",
                "13.0|203.0.113.5|40000|10.0.0.22|22|T|1|SSH-2.0-libssh2_1.11.0|SSH-2.0-OpenSSH_9.6p1",
                "13.5|203.0.113.5|40001|10.0.0.22|22|-|-|-|-"));
        write("d/ftp.log", tsv("ftp", "ts id.orig_h id.orig_p id.resp_h id.resp_p user password command arg reply_code reply_msg",
                "14.0|203.0.113.5|40002|10.0.0.21|21|root|<hidden>|USER|root|331|Password required",
                "14.1|203.0.113.5|40002|10.0.0.21|21|root|<hidden>|PASS|<hidden>|530|Login incorrect",
                "14.2|203.0.113.5|40003|10.0.0.21|21|anonymous|<hidden>|PASS|<hidden>|230|OK"));
        write("d/smb_mapping.log", tsv("smb_mapping", "ts id.orig_h id.orig_p id.resp_h id.resp_p path service share_type",
                "15.0|10.0.0.7|49000|10.0.0.10|445|\\\\\\\\SRV\\\\IPC$|-|PIPE"));
        write("d/smb_files.log", tsv("smb_files", "ts id.orig_h id.orig_p id.resp_h id.resp_p action path name size",
                "15.5|10.0.0.7|49000|10.0.0.10|445|SMB::FILE_OPEN|\\\\\\\\SRV\\\\ADMIN$|evil.exe|100"));
        write("d/open_conn.log", tsv("open_conn", CONN_FIELDS, "1.0|C9|73.54.23.243|56394|64.225.56.201|22|tcp|ssh|14400.964662|26739|57370|S1|570|448"));
        write("d/weird.log", tsv("weird", "ts id.orig_h name", "1.0|10.0.0.1|bad_TCP_checksum"));
        write("d/README", "not a log\n");
        Run r = read(dir.resolve("d"));
        assertThat(r.stats.skippedFiles()).containsEntry("unsupported log: weird", 1L);
        assertThat(r.stats.files()).isEqualTo(7);

        List<DnsLookup> dns = r.events.stream().filter(DnsLookup.class::isInstance).map(DnsLookup.class::cast).toList();
        assertThat(dns).extracting(DnsLookup::query).containsExactly("qebyrev.com", "ok.example");
        assertThat(dns.getFirst().response()).isFalse();
        assertThat(dns.getFirst().rcode()).isEqualTo("NXDOMAIN");
        assertThat(dns.get(1).answers()).isEqualTo(2);
        assertThat(dns.get(1).qtype()).isEqualTo("AAAA");

        List<TlsHello> tls = r.events.stream().filter(TlsHello.class::isInstance).map(TlsHello.class::cast).toList();
        assertThat(tls.getFirst().sni()).isNull();
        assertThat(tls.getFirst().ja3()).isEqualTo("8951236eca85955755e4946572ef32bb");
        assertThat(tls.getFirst().ja4()).isEqualTo("t13d1516h2_8daaf6152771_b186095e22b6");
        assertThat(tls.getFirst().version()).isEqualTo("TLS 1.2");
        assertThat(tls.get(1).sni()).isEqualTo("www.example.com");
        assertThat(tls.get(1).version()).isEqualTo("TLS 1.3");

        List<SshSession> ssh = r.events.stream().filter(SshSession.class::isInstance).map(SshSession.class::cast).toList();
        assertThat(ssh.getFirst().authSuccess()).isTrue();
        assertThat(ssh.getFirst().clientSoftware()).isEqualTo("SSH-2.0-libssh2_1.11.0");
        assertThat(ssh.get(1).authSuccess()).isNull();
        assertThat(ssh.get(1).authAttempts()).isEqualTo(-1);

        List<LoginAttempt> logins = r.events.stream().filter(LoginAttempt.class::isInstance).map(LoginAttempt.class::cast).toList();
        assertThat(logins).extracting(LoginAttempt::success).containsExactly(false, true);
        assertThat(logins).extracting(LoginAttempt::user).containsExactly("root", "anonymous");
        assertThat(logins.getFirst().service()).isEqualTo("ftp");

        List<SmbAccess> smb = r.events.stream().filter(SmbAccess.class::isInstance).map(SmbAccess.class::cast).toList();
        assertThat(smb).extracting(SmbAccess::command).containsExactly("TREE_CONNECT", "CREATE");
        assertThat(smb.getFirst().share()).isEqualTo("\\\\SRV\\IPC$");
        assertThat(smb.getFirst().namedPipe()).isTrue();
        assertThat(smb.get(1).filename()).isEqualTo("evil.exe");

        Connection open = r.events.stream().filter(Connection.class::isInstance).map(Connection.class::cast).findFirst().orElseThrow();
        assertThat(open.open()).isTrue();
        assertThat(open.state()).isEqualTo(ConnState.ESTABLISHED);
        assertThat(open.orderNanos()).isEqualTo(14401_964662000L);

        // merged across files in the order the engine wants: a connection by its end
        assertThat(r.events).isSortedAccordingTo((x, y) -> Long.compare(x.orderNanos(), y.orderNanos()));
        assertThat(r.stats.ignored()).isEqualTo(2); // the DNS row without a query, the FTP USER
        assertThat(r.stats.outOfOrder()).isZero();
        assertThat(r.stats.summary()).isEqualTo("7 files, 13 rows (dns 3, ftp 3, open_conn 1, smb_files 1, smb_mapping 1, ssh 2, ssl 2), "
                + "11 events, 2 ignored, 0 malformed, skipped {unsupported log: weird=1}");
    }

    @Test
    void rotatedCompressedFilesInDaySubdirectoriesAreMergedInEventOrder() throws IOException {
        // conn rows are written at the connection's end, so a file is in end order, not start order
        writeGz("2024-04-19/conn.00:00:00-01:00:00.log.gz", tsv("conn", "_node_name " + CONN_FIELDS,
                "w|100.0|C1|10.0.0.1|1|10.0.0.2|80|tcp|-|50.0|0|0|SF|1|1",
                "w|10.0|C2|10.0.0.1|2|10.0.0.2|80|tcp|-|200.0|0|0|SF|1|1",
                "w|3000.0|C3|10.0.0.1|3|10.0.0.2|80|tcp|-|1.0|0|0|SF|1|1"));
        writeGz("2024-04-19/conn.01:00:00-02:00:00.log.gz", tsv("conn", "_node_name " + CONN_FIELDS,
                "w|3600.0|C4|10.0.0.1|4|10.0.0.2|80|tcp|-|1.0|0|0|SF|1|1"));
        // compressed, though the name does not say so
        writeGz("2024-04-19/dns.00:00:00-01:00:00.log", tsv("dns", "ts id.orig_h id.orig_p id.resp_h id.resp_p query",
                "160.0|10.0.0.1|9|10.0.0.53|53|a.example", "205.0|10.0.0.1|9|10.0.0.53|53|b.example", "3601.5|10.0.0.1|9|10.0.0.53|53|c.example"));
        Run r = read(dir);
        assertThat(r.events).extracting(NetworkEvent::orderNanos).containsExactly(150_000_000_000L, 160_000_000_000L,
                205_000_000_000L, 210_000_000_000L, 3001_000_000_000L, 3601_000_000_000L, 3601_500_000_000L);
        assertThat(r.stats.files()).isEqualTo(3);
        assertThat(r.stats.outOfOrder()).isZero();
    }

    @Test
    void aSmallReorderHeapStillDeliversEverythingAndCountsWhatIsLate() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) rows.add((1000 - i * 10) + ".0|C|10.0.0.1|" + i + "|10.0.0.2|80|tcp|-|-|0|0|S0|1|0");
        Path p = write("conn.log", tsv("conn", CONN_FIELDS, rows.toArray(String[]::new)));
        List<NetworkEvent> out = new ArrayList<>();
        ZeekLogs.Stats st = ZeekLogs.read(p, new ZeekLogs.Options(0, 10, 10, 1 << 20), out::add);
        assertThat(out).hasSize(50);
        assertThat(st.outOfOrder()).isPositive();
        List<NetworkEvent> sorted = new ArrayList<>();
        ZeekLogs.Stats whole = ZeekLogs.read(p, sorted::add);
        assertThat(whole.outOfOrder()).isZero();
        assertThat(sorted.getFirst().tsNanos()).isEqualTo(510_000_000_000L);
    }

    @Test
    void malformedRowsAreCountedByReasonAndSkipped() throws IOException {
        String text = "1.0\t10.0.0.1\n" // a row before any header
                + tsv("conn", CONN_FIELDS,
                "1.0|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "1.0|C|10.0.0.1|1|10.0.0.2|80|tcp",
                "abc|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "-|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "99999999999999|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "-5|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "1.0|C|10.0.0.1|70000|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "1.0|C|not-an-ip|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0",
                "1.0|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-1|0|0|S0|1|0",
                "1.0|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|12x|0|S0|1|0",
                "1.0|C|10.0.0.1|1|10.0.0.2|80|-|-|-|0|0|S0|1|0",
                "9.0|C|10.0.0.1|1|10.0.0.2|80|tcp|-|-|0|0|S0|1|0")
                + "{\"ts\":1.0,\"id.orig_h\":\"10.0.0.1\"\n"
                + "[1,2]\n"
                + "x".repeat(300) + "\n";
        Run r = read(write("conn.log", text));
        assertThat(r.events).hasSize(2);
        assertThat(r.stats.malformed()).containsOnly(
                java.util.Map.entry("conn: row before #fields", 1L),
                // the short row, the JSON array and the long line: neither '#' nor '{', so TSV rows of the wrong width
                java.util.Map.entry("conn: column count differs from #fields", 3L),
                java.util.Map.entry("conn: bad ts", 1L),
                java.util.Map.entry("conn: no ts", 1L),
                java.util.Map.entry("conn: ts out of range", 2L),
                java.util.Map.entry("conn: bad id.orig_p", 1L),
                java.util.Map.entry("conn: bad id.orig_h", 1L),
                java.util.Map.entry("conn: duration out of range", 1L),
                java.util.Map.entry("conn: bad orig_bytes", 1L),
                java.util.Map.entry("conn: no proto", 1L),
                java.util.Map.entry("not JSON", 1L));
        List<NetworkEvent> out = new ArrayList<>();
        ZeekLogs.Stats st = ZeekLogs.read(dir.resolve("conn.log"), new ZeekLogs.Options(600, 100, 1000, 200), out::add);
        assertThat(st.malformed()).containsEntry("line too long", 1L);
        assertThat(out).hasSize(2);
    }

    @Test
    void aTruncatedGzipKeepsWhatWasReadAndCountsTheFile() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) rows.add(i + ".0|C|10.0.0.1|" + (i % 60000) + "|10.0.0.2|80|tcp|-|-|0|0|S0|1|0");
        Path p = writeGz("conn.log.gz", tsv("conn", CONN_FIELDS, rows.toArray(String[]::new)));
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length * 2 / 3));
        Run r = read(p);
        assertThat(r.stats.unreadable()).isEqualTo(1);
        assertThat(r.events.size()).isBetween(100, 3999);
    }

    @Test
    void garbageBehindAGzipMagicIsAnUnreadableFileNotAnException() throws IOException {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = 0x1f;
        junk[1] = (byte) 0x8b;
        junk[2] = 8;
        junk[3] = 0;
        Files.write(dir.resolve("conn.log.gz"), junk);
        write("dns.log", tsv("dns", "ts id.orig_h id.orig_p id.resp_h id.resp_p query", "1.0|10.0.0.1|9|10.0.0.53|53|a.example"));
        Run r = read(dir);
        assertThat(r.stats.unreadable()).isEqualTo(1);
        assertThat(r.events).hasSize(1);
        ZeekLogs.Stats st = ZeekLogs.read(new java.io.ByteArrayInputStream(junk), "conn.log", ZeekLogs.Options.DEFAULTS, e -> { });
        assertThat(st.unreadable()).isEqualTo(1);

        // a file named like a log that is not one, and whose name names no log, is passed over
        write("notes.log", "call the vendor\n");
        assertThat(read(dir).stats.skippedFiles()).isEqualTo(java.util.Map.of("not a Zeek log", 1L));
    }

    @Test
    void aMissingPathIsAnErrorButAnEmptyDirectoryIsNot() throws IOException {
        assertThatThrownBy(() -> ZeekLogs.read(dir.resolve("nope"), e -> { })).isInstanceOf(NoSuchFileException.class);
        assertThat(ZeekLogs.read(dir, e -> { }).files()).isZero();
    }
}
