package dev.vigil.deception.decoy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.decoy.DecoyEveFile;
import dev.vigil.deception.decoy.DecoyEveFile.Run;
import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.TokenLookup;
import dev.vigil.deception.decoy.TokenUse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portal decoy driven by curl on loopback, and by a flood of hostile requests. */
class HttpDecoyTest {
    static final TokenLookup TOKENS = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) {
            return "svc_vpn".equals(user) && "Tok3n!pw".equals(password) ? new TokenUse("token--cred", "credential", "VPN how-to on the wiki") : null;
        }
        @Override public TokenUse dnsName(String name) { return null; }
        @Override public TokenUse url(String host, String path) {
            return "/t/4f2a9c.gif".equals(path) ? new TokenUse("token--bug", "url", "web bug in Q3-budget.docx") : null;
        }
    };
    static final DecoyLimits LIMITS = new DecoyLimits(64, 32, 1 << 20, Duration.ofMinutes(2), Duration.ofSeconds(10), 64 * 1024);

    @TempDir Path dir;
    DecoyEveFile eve;
    HttpDecoy decoy;
    String base;

    @BeforeEach
    void start() throws IOException {
        eve = new DecoyEveFile(dir, TOKENS);
        decoy = HttpDecoy.start(new HttpDecoyConfig("vpn-portal", "127.0.0.1", 0, "vpn", "Northwind Ministry", "nginx/1.24.0", LIMITS), eve.log);
        base = "http://127.0.0.1:" + decoy.port();
    }

    @AfterEach
    void stop() throws IOException {
        decoy.close();
        eve.close();
    }

    Run curl(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-"));
        c.addAll(List.of(args));
        return DecoyEveFile.run(dir, 30, c.toArray(String[]::new));
    }

    @Test
    void servesTheThemedPageWithTheConfiguredServerHeader() throws Exception {
        Run r = curl(base + "/");
        assertThat(r.stdout()).startsWith("HTTP/1.1 200").contains("Server: nginx/1.24.0").contains("Northwind Ministry SSL VPN")
                .contains("action=\"/remote/login\"").doesNotContain("Jetty").doesNotContain("Invalid username");
        Run missing = curl(base + "/admin/config.php");
        assertThat(missing.stdout()).startsWith("HTTP/1.1 404").contains("Server: nginx/1.24.0").doesNotContainIgnoringCase("jetty");
        JsonNode req = eve.await(x -> "/admin/config.php".equals(x.path("decoy").path("uri").asText()), "request for /admin/config.php");
        assertThat(req.path("decoy").path("action").asText()).isEqualTo("request");
        assertThat(req.path("decoy").path("status").asInt()).isEqualTo(404);
        assertThat(req.path("decoy").path("method").asText()).isEqualTo("GET");
        assertThat(req.path("decoy").path("user_agent").asText()).startsWith("curl/");
        assertThat(req.path("src_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(req.path("dest_port").asInt()).isEqualTo(decoy.port());
    }

    @Test
    void curlPostingCredentialsIsALoginRecordAndAnAlert() throws Exception {
        Run r = curl("-d", "username=alice.b&password=Winter%2F2026&realm=", base + "/remote/login");
        assertThat(r.stdout()).startsWith("HTTP/1.1 200").contains("Invalid username or password");
        JsonNode login = eve.await(x -> "login".equals(x.path("decoy").path("action").asText()) && "decoy".equals(x.path("event_type").asText()), "login");
        assertThat(login.path("decoy").path("username").asText()).isEqualTo("alice.b");
        assertThat(login.path("decoy").path("password").asText()).isEqualTo("Winter/2026");
        assertThat(login.path("decoy").path("method").asText()).isEqualTo("form");
        assertThat(login.path("decoy").path("success").asBoolean()).isFalse();
        assertThat(login.path("decoy").path("service").asText()).isEqualTo("http");
        assertThat(login.path("src_ip").asText()).isEqualTo("127.0.0.1");
        JsonNode alert = eve.await(x -> x.path("alert").path("signature_id").asInt() == 7_110_008, "credential post alert");
        assertThat(alert.path("decoy").path("username").asText()).isEqualTo("alice.b");
        assertThat(eve.decoy("request")).anySatisfy(q -> {
            assertThat(q.path("decoy").path("method").asText()).isEqualTo("POST");
            assertThat(q.path("decoy").path("status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void multipartJsonAndBasicCredentialsAreRecordedToo() throws Exception {
        curl("-F", "username=bob", "-F", "password=Pa55 word", base + "/remote/login");
        curl("-H", "Content-Type: application/json", "-d", "{\"auth\":{\"email\":\"carol@northwind.example\",\"passwd\":\"c4r0l\"}}", base + "/remote/login");
        Run basic = curl("-u", "dave:hunter2", base + "/owa/");
        assertThat(basic.stdout()).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Basic realm=\"Northwind Ministry\"");
        curl("-d", "username=svc_vpn&password=Tok3n!pw", base + "/remote/login");
        eve.await(x -> "svc_vpn".equals(x.path("decoy").path("username").asText()) && "decoy".equals(x.path("event_type").asText()), "token login");
        List<JsonNode> logins = eve.decoy("login");
        assertThat(logins).extracting(x -> x.path("decoy").path("method").asText() + ":" + x.path("decoy").path("username").asText() + ":"
                + x.path("decoy").path("password").asText())
                .containsExactly("multipart:bob:Pa55 word", "json:carol@northwind.example:c4r0l", "basic:dave:hunter2", "form:svc_vpn:Tok3n!pw");
        assertThat(eve.alerts(7_110_004)).singleElement().satisfies(a -> {
            assertThat(a.path("decoy").path("token").path("id").asText()).isEqualTo("token--cred");
            assertThat(a.path("alert").path("metadata").path("honeytoken_id").get(0).asText()).isEqualTo("token--cred");
        });
    }

    @Test
    void aWebBugFetchedIsATokenAlertAndAnImage() throws Exception {
        Path gif = dir.resolve("bug.gif");
        Run r = DecoyEveFile.run(dir, 30, "curl", "-sS", "-o", gif.toString(), "-w", "%{http_code} %{content_type}",
                "-A", "Microsoft Office Word 2014", base + "/t/4f2a9c.gif");
        assertThat(r.stdout()).isEqualTo("200 image/gif");
        assertThat(Files.readAllBytes(gif)).startsWith("GIF89a".getBytes(StandardCharsets.US_ASCII)).hasSizeLessThan(64);
        JsonNode alert = eve.await(x -> x.path("alert").path("signature_id").asInt() == 7_110_009, "token URL alert");
        assertThat(alert.path("decoy").path("token").path("memo").asText()).isEqualTo("web bug in Q3-budget.docx");
        assertThat(alert.path("decoy").path("user_agent").asText()).isEqualTo("Microsoft Office Word 2014");
    }

    @Test
    void oversizedHeaderAndBodyAre4xxAndTheNextRequestIsServed() throws Exception {
        // curl sends no header line over 100 kB nor a request over 1 MB: 15 lines of 60 kB are as much as it sends
        Path header = dir.resolve("header.txt");
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 15; i++) h.append("X-Padding-").append(i).append(": ").append("A".repeat(60_000)).append('\n');
        Files.writeString(header, h);
        Run big = curl("-H", "@" + header, base + "/");
        assertThat(big.stdout()).as(big.stderr()).startsWith("HTTP/1.1 431").contains("Server: nginx/1.24.0").doesNotContainIgnoringCase("jetty");
        assertThat(curl(base + "/").stdout()).startsWith("HTTP/1.1 200");
        JsonNode refused = eve.await(x -> x.path("decoy").path("status").asInt() == 431, "a record of the refused request");
        assertThat(refused.path("decoy").path("action").asText()).isEqualTo("request");
        assertThat(refused.path("src_ip").asText()).isEqualTo("127.0.0.1");
        // one 1 MB header line, from a client with no such scruples
        assertThat(statusOf(("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + "A".repeat(1 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("HTTP/1.1 431");
        assertThat(curl(base + "/").stdout()).startsWith("HTTP/1.1 200");

        Path body = dir.resolve("body.bin");
        Files.write(body, ("username=x&password=" + "B".repeat(2 << 20)).getBytes(StandardCharsets.US_ASCII));
        Run large = curl("--data-binary", "@" + body, base + "/remote/login");
        assertThat(large.stdout()).startsWith("HTTP/1.1 413");
        // a chunked body has no length to refuse up front: it is read up to the cap and refused there
        Run chunked = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + body, base + "/remote/login");
        // curl asks "Expect: 100-continue" first; the decoy says continue, reads to the cap, and refuses
        assertThat(chunked.stdout()).as(chunked.stderr()).startsWith("HTTP/1.1 100").contains("\r\n\r\nHTTP/1.1 413");
        assertThat(curl(base + "/remote/login").stdout()).startsWith("HTTP/1.1 200");
        keepsReadingAfterTheRefusal();
        assertThat(eve.decoy("login")).as("an oversized body is no credential").isEmpty();
        assertThat(decoy.rejected()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void connectionsPerSourceAreCapped() throws Exception {
        decoy.close();
        decoy = HttpDecoy.start(new HttpDecoyConfig("vpn-portal", "127.0.0.1", 0, "webmail", "Northwind", null,
                new DecoyLimits(64, 2, 1 << 20, Duration.ofMinutes(2), Duration.ofSeconds(10), 64 * 1024)), eve.log);
        try (Socket a = open(); Socket b = open(); Socket c = open()) {
            // Jetty's selectors may take the three up in any order: whichever came third is the one closed
            List<Socket> open = new ArrayList<>(), closed = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (Socket s : List.of(a, b, c)) {
                s.setSoTimeout(300);
                boolean eof = false;
                while (!eof && System.nanoTime() < deadline && closed.isEmpty()) {
                    try {
                        eof = s.getInputStream().read() == -1;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        break;
                    }
                }
                (eof ? closed : open).add(s);
            }
            assertThat(closed).as("one of three connections from one source is closed").hasSize(1);
            Socket served = open.getFirst();
            served.setSoTimeout(5000);
            served.getOutputStream().write("GET / HTTP/1.1\r\nHost: mail.northwind.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String page = new String(served.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(page).startsWith("HTTP/1.1 200").contains("Server: nginx").contains("Northwind <b>Webmail</b>");
        }
        assertThat(decoy.refused()).isEqualTo(1);
        assertThat(curl(base.replaceAll(":\\d+$", ":" + decoy.port()) + "/").stdout()).startsWith("HTTP/1.1 200");
    }

    @Test
    void aClientTricklingItsHeadersIsCutOffAtTheSessionTime() throws Exception {
        decoy.close();
        decoy = HttpDecoy.start(new HttpDecoyConfig("vpn-portal", "127.0.0.1", 0, "vpn", "Northwind", null,
                new DecoyLimits(64, 8, 1 << 20, Duration.ofSeconds(1), Duration.ofSeconds(10), 64 * 1024)), eve.log);
        long t0 = System.nanoTime();
        boolean cut = false;
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50 && !cut; i++) {
                Thread.sleep(100);
                try {
                    out.write('a');
                    out.flush();
                    s.setSoTimeout(1);
                    cut = s.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException still) {
                    // open: keep trickling
                } catch (IOException reset) {
                    cut = true;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(cut).as("the connection was closed").isTrue();
        assertThat(seconds).isBetween(0.9, 3.0);
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", decoy.port()), 3000);
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void tenThousandHostileRequestsLeaveThePortalServing() throws Exception {
        byte[][] attacks = {
                ("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/1.1\r\nHost: x\r\nX: \u0000\u0001\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003".getBytes(StandardCharsets.ISO_8859_1),
                "POST /remote/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "POST /remote/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n".getBytes(StandardCharsets.US_ASCII),
                "POST /remote/login HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\"\r\nContent-Length: 9\r\n\r\n--\r\n--\r\n-"
                        .getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        };
        AtomicLong answered = new AtomicLong();
        int total = 10_000;
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    Random rnd = new Random(worker);
                    for (int i = worker; i < total; i += 8) {
                        byte[] payload;
                        if (i % 3 == 0) {
                            payload = new byte[1 + rnd.nextInt(2048)];
                            rnd.nextBytes(payload);
                        } else payload = attacks[i % attacks.length];
                        if (send(payload)) answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("HTTP decoy: %d hostile requests in %.2f s, %d answered with a status line, %d refused for size%n", total, seconds,
                answered.get(), decoy.rejected());
        assertThat(seconds).isLessThan(120);
        assertThat(answered.get()).as("hostile requests get an answer, not a crash").isGreaterThan(total / 2);
        assertThat(curl("-d", "username=after&password=flood", base + "/remote/login").stdout()).startsWith("HTTP/1.1 200")
                .contains("Invalid username or password");
        eve.await(x -> "after".equals(x.path("decoy").path("username").asText()), "login after the flood");
    }

    /** Sends one request on a fresh connection; whether an HTTP status line came back. */
    private boolean send(byte[] payload) {
        String status = statusOf(payload);
        return status != null && status.startsWith("HTTP/1.1 ");
    }

    /**
     * A client still sending its body when the 413 arrives (curl on a loaded host) must be able to finish
     * without a reset: a reset can reach it before it has read the 413 and destroy the refusal (CI saw curl
     * fail with "Send failure: Broken pipe"). Jetty alone drops only a request header's worth after its
     * response and then resets.
     */
    private void keepsReadingAfterTheRefusal() throws IOException {
        byte[] chunk = ("10000\r\n" + "C".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /remote/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write(chunk);
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
            // the refusal has arrived; 1 MiB more of the body follows, as from a client that has not looked yet
            for (int i = 0; i < 16; i++) out.write(chunk);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("the rest of the 413, then a clean end")
                    .contains("Connection: close").contains("413");
        }
    }

    /** The start of the status line the decoy answers one request with (its first 12 bytes), or null. */
    private String statusOf(byte[] payload) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", decoy.port()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(payload);
                out.flush();
                s.shutdownOutput();
            } catch (IOException reset) {
                // the decoy may close a connection mid-request (too large): what it said before still counts
            }
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }
}
