package dev.vigil.deception.decoy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.decoy.DecoyEveFile;
import dev.vigil.deception.decoy.DecoyEveFile.Run;
import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.TokenLookup;
import dev.vigil.deception.decoy.TokenUse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The banner decoys driven by curl (FTP) and by small clients written to each protocol's specification. */
class BannerDecoyTest {
    static final TokenLookup TOKENS = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) {
            return "backup".equals(user) && "Bk7!secret".equals(password) ? new TokenUse("token--redis", "credential", "redis.conf on FS01") : null;
        }
        @Override public TokenUse dnsName(String name) { return null; }
        @Override public TokenUse url(String host, String path) { return null; }
    };
    static final DecoyLimits LIMITS = new DecoyLimits(4, 4, 64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(5), 1024);

    @TempDir Path dir;
    DecoyEveFile eve;
    BannerDecoy decoy;

    BannerDecoy start(BannerDecoyConfig.Kind kind, String banner, DecoyLimits limits) throws IOException {
        eve = new DecoyEveFile(dir, TOKENS);
        decoy = BannerDecoy.start(new BannerDecoyConfig(kind.appProto + "-decoy", "127.0.0.1", 0, kind, banner, limits), eve.log);
        return decoy;
    }

    @AfterEach
    void stop() throws IOException {
        if (decoy != null) decoy.close();
        if (eve != null) eve.close();
    }

    Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", decoy.port()), 3000);
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void curlLoggingIntoFtpIsALoginRecord() throws Exception {
        start(BannerDecoyConfig.Kind.FTP, "ProFTPD 1.3.8 Server (Northwind FS01)", LIMITS);
        Run r = DecoyEveFile.run(dir, 30, "curl", "-sS", "--max-time", "10", "-v", "ftp://svc_ftp:Summer2026!@127.0.0.1:" + decoy.port() + "/");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(67);
        assertThat(r.stderr()).contains("220 ProFTPD 1.3.8 Server (Northwind FS01)").contains("331 ").contains("530 Login incorrect.");
        JsonNode login = eve.await(x -> "login".equals(x.path("decoy").path("action").asText()) && "decoy".equals(x.path("event_type").asText()), "login");
        assertThat(login.path("decoy").path("method").asText()).isEqualTo("ftp");
        assertThat(login.path("decoy").path("username").asText()).isEqualTo("svc_ftp");
        assertThat(login.path("decoy").path("password").asText()).isEqualTo("Summer2026!");
        assertThat(login.path("app_proto").asText()).isEqualTo("ftp");
        assertThat(login.path("src_ip").asText()).isEqualTo("127.0.0.1");
        eve.await(x -> x.path("alert").path("signature_id").asInt() == 7_110_002, "login alert");
        eve.await(x -> "disconnect".equals(x.path("decoy").path("action").asText()), "disconnect");
        assertThat(eve.decoy("connect")).hasSize(1);
        String session = login.path("decoy").path("session").asText();
        assertThat(eve.decoy("connect").getFirst().path("decoy").path("session").asText()).isEqualTo(session);
    }

    @Test
    void telnetPromptsForALoginAndRefusesIt() throws Exception {
        start(BannerDecoyConfig.Kind.TELNET, "Northwind core switch - authorised access only", LIMITS);
        try (Socket s = connect()) {
            TelnetClient t = new TelnetClient(s);
            assertThat(t.readUntil("login: ")).contains("Northwind core switch - authorised access only");
            assertThat(t.negotiation).as("the server offers ECHO and SGA").contains("WILL 1", "WILL 3");
            t.send("admin\r\n");
            assertThat(t.readUntil("Password: ")).as("the user name is echoed").contains("admin");
            t.send("Sw1tch!\r\n");
            String after = t.readUntil("login: ");
            assertThat(after).contains("Login incorrect").doesNotContain("Sw1tch!");
            // a second try on a bare CR NUL line end, as some clients send
            t.send("root\r\0");
            t.readUntil("Password: ");
            t.send("toor\r\0");
            assertThat(t.readUntil("login: ")).contains("Login incorrect");
        }
        eve.await(x -> "root".equals(x.path("decoy").path("username").asText()) && "decoy".equals(x.path("event_type").asText()), "second login");
        assertThat(eve.decoy("login")).extracting(x -> x.path("decoy").path("username").asText() + "/" + x.path("decoy").path("password").asText())
                .containsExactly("admin/Sw1tch!", "root/toor");
        assertThat(eve.decoy("login")).allSatisfy(x -> assertThat(x.path("decoy").path("method").asText()).isEqualTo("telnet"));
    }

    @Test
    void redisTakesAuthAsALoginAndRecordsEveryCommand() throws Exception {
        start(BannerDecoyConfig.Kind.REDIS, null, LIMITS);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(resp("PING"));
            assertThat(line(in)).isEqualTo("-NOAUTH Authentication required.");
            out.write(resp("AUTH", "Bk7!secret"));
            assertThat(line(in)).startsWith("-WRONGPASS");
            out.write(resp("AUTH", "backup", "Bk7!secret"));
            assertThat(line(in)).startsWith("-WRONGPASS");
            // an inline command, as typed into netcat, and a pipelined pair in one write
            out.write("CONFIG SET dir /var/spool/cron\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(line(in)).isEqualTo("-NOAUTH Authentication required.");
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.writeBytes(resp("INFO", "server"));
            two.writeBytes(resp("KEYS", "*"));
            out.write(two.toByteArray());
            assertThat(line(in)).startsWith("-NOAUTH");
            assertThat(line(in)).startsWith("-NOAUTH");
            out.write(resp("QUIT"));
            assertThat(line(in)).isEqualTo("+OK");
            assertThat(in.read()).as("closed after QUIT").isEqualTo(-1);
        }
        eve.await(x -> "disconnect".equals(x.path("decoy").path("action").asText()), "disconnect");
        assertThat(eve.decoy("command")).extracting(x -> x.path("decoy").path("command").asText())
                .containsExactly("PING", "CONFIG SET dir /var/spool/cron", "INFO server", "KEYS *", "QUIT");
        assertThat(eve.decoy("login")).extracting(x -> x.path("decoy").path("username").asText() + "/" + x.path("decoy").path("password").asText())
                .containsExactly("default/Bk7!secret", "backup/Bk7!secret");
        assertThat(eve.alerts(7_110_004)).as("the honeytoken credential").singleElement()
                .satisfies(a -> assertThat(a.path("decoy").path("token").path("id").asText()).isEqualTo("token--redis"));
        assertThat(eve.alerts(7_110_005)).as("a command alert, rate-limited to one").hasSize(1);
    }

    @Test
    void mysqlGreetsTakesAHandshakeResponse41AndDeniesAccess() throws Exception {
        start(BannerDecoyConfig.Kind.MYSQL, "8.0.36-0ubuntu0.22.04.1", LIMITS);
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            MysqlPacket greeting = MysqlPacket.read(in);
            assertThat(greeting.seq).isZero();
            MysqlGreeting g = MysqlGreeting.parse(greeting.payload);
            assertThat(g.protocol).isEqualTo(10);
            assertThat(g.version).isEqualTo("8.0.36-0ubuntu0.22.04.1");
            assertThat(g.plugin).isEqualTo("caching_sha2_password");
            assertThat(g.scramble).hasSize(20);
            assertThat(g.capabilities & MysqlSession.CLIENT_PROTOCOL_41).isNotZero();
            assertThat(g.capabilities & MysqlSession.CLIENT_SSL).as("no TLS offered").isZero();

            byte[] auth = cachingSha2("S3cret-db!", g.scramble);
            out.write(MysqlPacket.frame(1, handshakeResponse41("app_ro", auth, "payroll", g.plugin)));
            out.flush();
            MysqlPacket err = MysqlPacket.read(in);
            assertThat(err.seq).isEqualTo(2);
            assertThat(err.payload[0] & 0xff).isEqualTo(0xff);
            assertThat((err.payload[1] & 0xff) | (err.payload[2] & 0xff) << 8).isEqualTo(1045);
            String message = new String(err.payload, 3, err.payload.length - 3, StandardCharsets.UTF_8);
            assertThat(message).isEqualTo("#28000Access denied for user 'app_ro'@'127.0.0.1' (using password: YES)");
        }
        JsonNode login = eve.await(x -> "login".equals(x.path("decoy").path("action").asText()) && "decoy".equals(x.path("event_type").asText()), "login");
        assertThat(login.path("decoy").path("method").asText()).isEqualTo("mysql");
        assertThat(login.path("decoy").path("username").asText()).isEqualTo("app_ro");
        assertThat(login.path("decoy").has("password")).as("only a hash crossed the wire").isFalse();
        assertThat(login.path("decoy").path("auth_response_length").asInt()).isEqualTo(32);
        assertThat(login.path("decoy").path("database").asText()).isEqualTo("payroll");
        assertThat(login.path("decoy").path("client_plugin").asText()).isEqualTo("caching_sha2_password");
        assertThat(login.path("decoy").path("client_attributes").path("_client_name").asText()).isEqualTo("libmysql");
        assertThat(login.path("decoy").path("client_attributes").path("program_name").asText()).isEqualTo("mysql");
    }

    @Test
    void sessionsBeyondTheCapAreRefusedAndLongLinesEndASession() throws Exception {
        start(BannerDecoyConfig.Kind.FTP, null, new DecoyLimits(2, 2, 64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(5), 256));
        try (Socket a = connect(); Socket b = connect()) {
            assertThat(line(a.getInputStream())).startsWith("220 ");
            assertThat(line(b.getInputStream())).startsWith("220 ");
            try (Socket c = connect()) {
                assertThat(c.getInputStream().read()).as("third session closed at once").isEqualTo(-1);
            }
            a.getOutputStream().write(("USER " + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(line(a.getInputStream())).isEqualTo("500 Input line too long.");
            assertThat(a.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(decoy.refused()).isEqualTo(1);
        eve.await(x -> "limit".equals(x.path("decoy").path("action").asText()), "limit record");
        // the slots are free again
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (decoy.accepted() < 3 && System.nanoTime() < deadline) {
            try (Socket d = connect()) {
                if (line(d.getInputStream()).startsWith("220 ")) break;
            } catch (IOException retry) {
                Thread.sleep(50);
            }
        }
        assertThat(decoy.accepted()).isEqualTo(3);
    }

    @Test
    void anIdleSessionIsClosed() throws Exception {
        start(BannerDecoyConfig.Kind.TELNET, null, new DecoyLimits(4, 4, 64 * 1024, Duration.ofSeconds(30), Duration.ofMillis(400), 256));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            byte[] all = s.getInputStream().readAllBytes();
            assertThat(new String(all, StandardCharsets.ISO_8859_1)).endsWith("login: ");
            assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.3, 4.0);
        }
        JsonNode limit = eve.await(x -> "limit".equals(x.path("decoy").path("action").asText()), "idle limit");
        assertThat(limit.path("decoy").path("reason").asText()).isEqualTo("idle timeout");
    }

    @Test
    void aTricklingSessionIsCutOffAtItsTimeLimit() throws Exception {
        start(BannerDecoyConfig.Kind.REDIS, null, new DecoyLimits(4, 4, 64 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(10), 256));
        long t0 = System.nanoTime();
        boolean cut = false;
        try (Socket s = connect()) {
            s.setSoTimeout(1);
            for (int i = 0; i < 50 && !cut; i++) {
                Thread.sleep(100);
                try {
                    s.getOutputStream().write('P');
                    cut = s.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException open) {
                    // still open
                } catch (IOException reset) {
                    cut = true;
                }
            }
        }
        assertThat(cut).isTrue();
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.9, 3.0);
        JsonNode limit = eve.await(x -> "limit".equals(x.path("decoy").path("action").asText()), "session time limit");
        assertThat(limit.path("decoy").path("reason").asText()).isEqualTo("session time limit");
    }

    @Test
    void theMariadbClientIsDeniedAndItsLoginRecorded() throws Exception {
        start(BannerDecoyConfig.Kind.MYSQL, "8.0.36-0ubuntu0.22.04.1", LIMITS);
        Run r = DecoyEveFile.run(dir, 30, "mysql", "--protocol=TCP", "-h", "127.0.0.1", "-P", String.valueOf(decoy.port()), "-u", "report_ro",
                "-pQ3-numbers!", "--connect-timeout=5", "finance", "-e", "SELECT 1");
        System.out.println("mysql client: exit " + r.exit() + ", " + r.stderr().strip());
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("1045").contains("Access denied for user 'report_ro'@'127.0.0.1' (using password: YES)");
        JsonNode login = eve.await(x -> "login".equals(x.path("decoy").path("action").asText()) && "decoy".equals(x.path("event_type").asText()), "login");
        System.out.println("mysql client login record: " + login);
        assertThat(login.path("decoy").path("username").asText()).isEqualTo("report_ro");
        assertThat(login.path("decoy").path("database").asText()).isEqualTo("finance");
        assertThat(login.path("decoy").path("auth_response_length").asInt()).isPositive();
        assertThat(login.path("decoy").has("password")).isFalse();
    }

    @Test
    void redisCliAuthIsALoginRecord() throws Exception {
        start(BannerDecoyConfig.Kind.REDIS, null, LIMITS);
        Run r = DecoyEveFile.run(dir, 30, "redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(decoy.port()), "--no-auth-warning", "-a", "Bk7!secret",
                "--user", "backup", "CONFIG", "GET", "dir");
        System.out.println("redis-cli: exit " + r.exit() + ", " + (r.stdout() + r.stderr()).strip());
        assertThat(r.stdout() + r.stderr()).contains("WRONGPASS");
        eve.await(x -> x.path("alert").path("signature_id").asInt() == 7_110_004, "honeytoken login alert");
        Run ping = DecoyEveFile.run(dir, 30, "redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(decoy.port()), "PING");
        assertThat(ping.stdout() + ping.stderr()).contains("NOAUTH Authentication required.");
        eve.await(x -> "PING".equals(x.path("decoy").path("command").asText()), "PING recorded");
    }

    // ---- small protocol clients ----

    static byte[] resp(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) b.write(c);
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads a Telnet stream, answering nothing, noting the server's negotiation and keeping the text. */
    static final class TelnetClient {
        final InputStream in;
        final OutputStream out;
        final List<String> negotiation = new java.util.ArrayList<>();

        TelnetClient(Socket s) throws IOException {
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        String readUntil(String end) throws IOException {
            StringBuilder text = new StringBuilder();
            while (!text.toString().endsWith(end)) {
                int c = in.read();
                if (c < 0) throw new IOException("closed before '" + end + "': " + text);
                if (c == 255) {
                    int verb = in.read(), option = in.read();
                    negotiation.add((verb == 251 ? "WILL " : verb == 253 ? "DO " : verb == 252 ? "WONT " : "DONT ") + option);
                    continue;
                }
                text.append((char) c);
            }
            return text.toString();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    record MysqlPacket(int seq, byte[] payload) {
        static MysqlPacket read(InputStream in) throws IOException {
            byte[] h = in.readNBytes(4);
            if (h.length < 4) throw new IOException("closed");
            int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
            return new MysqlPacket(h[3] & 0xff, in.readNBytes(len));
        }

        static byte[] frame(int seq, byte[] payload) {
            byte[] b = new byte[payload.length + 4];
            b[0] = (byte) payload.length;
            b[1] = (byte) (payload.length >> 8);
            b[2] = (byte) (payload.length >> 16);
            b[3] = (byte) seq;
            System.arraycopy(payload, 0, b, 4, payload.length);
            return b;
        }
    }

    record MysqlGreeting(int protocol, String version, int capabilities, byte[] scramble, String plugin) {
        static MysqlGreeting parse(byte[] p) {
            int i = 0;
            int protocol = p[i++];
            int nul = i;
            while (p[nul] != 0) nul++;
            String version = new String(p, i, nul - i, StandardCharsets.UTF_8);
            i = nul + 1 + 4;
            byte[] s1 = Arrays.copyOfRange(p, i, i + 8);
            i += 8 + 1;
            int capLow = (p[i] & 0xff) | (p[i + 1] & 0xff) << 8;
            i += 2 + 1 + 2;
            int capHigh = (p[i] & 0xff) | (p[i + 1] & 0xff) << 8;
            i += 2;
            int authLen = p[i++] & 0xff;
            i += 10;
            int part2 = Math.max(13, authLen - 8);
            byte[] s2 = Arrays.copyOfRange(p, i, i + part2 - 1);
            i += part2;
            nul = i;
            while (nul < p.length && p[nul] != 0) nul++;
            byte[] scramble = new byte[20];
            System.arraycopy(s1, 0, scramble, 0, 8);
            System.arraycopy(s2, 0, scramble, 8, 12);
            return new MysqlGreeting(protocol, version, capLow | capHigh << 16, scramble, new String(p, i, nul - i, StandardCharsets.US_ASCII));
        }
    }

    /** caching_sha2_password's fast-auth scramble: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce). */
    static byte[] cachingSha2(String password, byte[] nonce) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] h1 = sha.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] h2 = sha.digest(h1);
        sha.update(h2);
        sha.update(nonce);
        byte[] h3 = sha.digest();
        byte[] out = new byte[h1.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (h1[i] ^ h3[i]);
        return out;
    }

    /** A HandshakeResponse41 as libmysqlclient 8 sends it: lenenc auth data, a database, the plugin, connection attributes. */
    static byte[] handshakeResponse41(String user, byte[] auth, String db, String plugin) {
        int caps = 0x1 | 0x4 | MysqlSession.CLIENT_CONNECT_WITH_DB | MysqlSession.CLIENT_PROTOCOL_41 | 0x2000 | MysqlSession.CLIENT_SECURE_CONNECTION
                | 0x10000 | 0x20000 | MysqlSession.CLIENT_PLUGIN_AUTH | MysqlSession.CLIENT_CONNECT_ATTRS | MysqlSession.CLIENT_PLUGIN_AUTH_LENENC;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) b.write(caps >>> (8 * i));
        for (int i = 0; i < 4; i++) b.write((16 << 20) >>> (8 * i));
        b.write(255);
        b.writeBytes(new byte[23]);
        b.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.write(auth.length);
        b.writeBytes(auth);
        b.writeBytes(db.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeBytes(plugin.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        for (String kv : List.of("_client_name", "libmysql", "_client_version", "8.0.36", "_os", "Linux", "program_name", "mysql")) {
            attrs.write(kv.length());
            attrs.writeBytes(kv.getBytes(StandardCharsets.UTF_8));
        }
        b.write(attrs.size());
        b.writeBytes(attrs.toByteArray());
        return b.toByteArray();
    }
}
