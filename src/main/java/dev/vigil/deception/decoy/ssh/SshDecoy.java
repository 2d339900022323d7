package dev.vigil.deception.decoy.ssh;

import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.Interaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;

/**
 * The SSH decoy (Apache MINA SSHD): every connection and login attempt is recorded with the password
 * tried; the configured weak credentials and honeytoken credentials let the intruder in, to a
 * {@link FakeShell} over a {@link FakeFilesystem} (interactive, or one command per exec request). Nothing
 * runs, nothing is fetched, no channel but the session's shell or exec is opened (no port forwarding, no
 * agent, no SFTP). Capped: sessions in all and per source (the connection is closed at once beyond),
 * authentication attempts per connection, authentication and idle time, session lifetime, line length.
 */
public final class SshDecoy implements AutoCloseable {
    private static final AttributeRepository.AttributeKey<Interaction> WHO = new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<Long> STARTED = new AttributeRepository.AttributeKey<>();
    private static final int MAX_AUTH_REQUESTS = 6;
    /** How long a download "tries" before failing: an instant failure of a name lookup is a tell. */
    private static final Duration DOWNLOAD_STALL = Duration.ofMillis(1200);

    private final SshDecoyConfig config;
    private final DecoyLog log;
    private final SshServer server;
    private final FakeFilesystemCache filesystems;
    private final ScheduledExecutorService timers;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final AtomicLong sessions = new AtomicLong(), refused = new AtomicLong(), logins = new AtomicLong();

    private SshDecoy(SshDecoyConfig config, DecoyLog log) {
        this.config = config;
        this.log = log;
        this.filesystems = new FakeFilesystemCache(config);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-ssh-decoy-timer");
            t.setDaemon(true);
            return t;
        });
        server = SshServer.setUpDefaultServer();
        server.setHost(config.bindAddress());
        server.setPort(config.port());
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(config.hostKey());
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        keys.setKeySize(256);
        server.setKeyPairProvider(keys);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, config.version());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, MAX_AUTH_REQUESTS);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, Duration.ofSeconds(60));
        CoreModuleProperties.IDLE_TIMEOUT.set(server, config.limits().idleTimeout());
        server.setPasswordAuthenticator((user, password, session) -> password(user, password, session, "password"));
        server.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator() {
            // the one password prompt's answer, recorded under the method the client chose (brute-forcers pick either)
            @Override
            public boolean authenticate(ServerSession session, String user, java.util.List<String> responses) {
                if (responses == null || responses.size() != 1) return false;
                return password(user, responses.getFirst(), session, "keyboard-interactive");
            }
        });
        server.setPublickeyAuthenticator((user, key, session) -> {
            Interaction who = session.getAttribute(WHO);
            if (who != null) log.login(who, "publickey", user, null, false, Map.of("key_type", KeyUtils.getKeyType(key)));
            return false;
        });
        server.setShellFactory(channel -> new Shell(null));
        server.setCommandFactory((channel, command) -> new Shell(command));
        server.setForwardingFilter(null);
        server.setSubsystemFactories(java.util.List.of());
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                opened(session);
            }

            @Override
            public void sessionClosed(Session session) {
                closed(session);
            }
        });
    }

    public static SshDecoy start(SshDecoyConfig config, DecoyLog log) throws IOException {
        SshDecoy d = new SshDecoy(config, log);
        try {
            d.server.start();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    public int port() {
        return server.getPort();
    }

    /** Connections accepted, refused by the caps, and logins let in. */
    public long sessions() { return sessions.get(); }
    public long refused() { return refused.get(); }
    public long logins() { return logins.get(); }
    public int active() { return active.get(); }

    private void opened(Session session) {
        long n = sessions.incrementAndGet();
        Interaction who = Interaction.of(config.name(), "ssh", Long.toString(n, 36) + "-" + Long.toHexString(System.nanoTime() & 0xffffff),
                session.getIoSession().getRemoteAddress(), session.getIoSession().getLocalAddress(), "TCP", "ssh");
        session.setAttribute(WHO, who);
        session.setAttribute(STARTED, System.nanoTime());
        String src = who.srcIp() == null ? "?" : who.srcIp();
        int all = active.incrementAndGet();
        int mine = perSource.computeIfAbsent(src, k -> new AtomicInteger()).incrementAndGet();
        log.connect(who);
        if (all > config.limits().maxSessions() || mine > config.limits().maxSessionsPerSource()) {
            refused.incrementAndGet();
            log.record(who, "limit", Map.of("reason", all > config.limits().maxSessions() ? "sessions" : "sessions_per_source"));
            session.close(true);
            return;
        }
        timers.schedule(() -> {
            if (session.isOpen()) {
                log.record(who, "limit", Map.of("reason", "session_time"));
                session.close(true);
            }
        }, config.limits().maxSessionTime().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closed(Session session) {
        Interaction who = session.getAttribute(WHO);
        if (who == null) return;
        active.decrementAndGet();
        perSource.computeIfPresent(who.srcIp() == null ? "?" : who.srcIp(), (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        Long t0 = session.getAttribute(STARTED);
        Map<String, Object> d = new LinkedHashMap<>();
        if (t0 != null) d.put("duration", (System.nanoTime() - t0) / 1e9);
        log.record(who, "disconnect", d);
    }

    private boolean password(String user, String password, ServerSession session, String method) {
        Interaction who = session.getAttribute(WHO);
        boolean accepted = password != null && password.equals(config.accept().get(user))
                || config.acceptTokens() && log.tokens().credential(user, password) != null;
        if (who != null) log.login(who, method, user, password, accepted);
        if (accepted) logins.incrementAndGet();
        return accepted;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            // stopping immediately: nothing left to report
        }
        timers.shutdownNow();
    }

    /** One filesystem per user name, built once (the documents are the same for all; the home directory differs). */
    private static final class FakeFilesystemCache {
        private final SshDecoyConfig config;
        private final Map<String, FakeFilesystem> byUser = new ConcurrentHashMap<>();

        FakeFilesystemCache(SshDecoyConfig config) {
            this.config = config;
        }

        FakeFilesystem of(String user) {
            if (byUser.size() > 1000) byUser.clear();
            return byUser.computeIfAbsent(user, u -> new FakeFilesystem(u, config.hostname(), config.files()));
        }
    }

    /** The shell channel (command null) or an exec request, bridged to a {@link FakeShell}. */
    private final class Shell implements Command {
        private final String exec;
        private InputStream in;
        private OutputStream out;
        private ExitCallback exit;
        private Thread thread;

        Shell(String exec) {
            this.exec = exec;
        }

        @Override public void setInputStream(InputStream in) { this.in = in; }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override
        public void start(ChannelSession channel, Environment env) {
            ServerSession session = channel.getServerSession();
            Interaction who = session.getAttribute(WHO);
            String user = sanitise(session.getUsername());
            java.util.concurrent.atomic.AtomicBoolean fetching = new java.util.concurrent.atomic.AtomicBoolean();
            FakeShell shell = new FakeShell(user, config.hostname(), filesystems.of(user), new FakeShell.Events() {
                @Override public void command(String line) { log.command(who, line); }
                @Override public void download(String line, String url) {
                    log.download(who, line, url);
                    fetching.set(true);
                }
                @Override public void fileRead(String path, long bytes) { log.fileRead(who, path, bytes); }
            });
            boolean tty = env.getEnv().containsKey(Environment.ENV_TERM) || !env.getPtyModes().isEmpty();
            thread = Thread.ofVirtual().name("vigil-ssh-decoy-shell").start(() -> {
                int code = 0;
                try {
                    if (exec != null) {
                        String shown = shell.run(exec.length() > config.limits().maxRequestBytes() ? exec.substring(0, config.limits().maxRequestBytes()) : exec);
                        stall(fetching);
                        write(shown, false);
                        if (shown.contains(": command not found")) code = 127;
                    } else {
                        interact(shell, tty, fetching);
                    }
                } catch (IOException e) {
                    code = 1; // the client went away
                } finally {
                    exit.onExit(code);
                }
            });
        }

        /** Reads typed bytes into lines (echoing them on a terminal, as a shell's line discipline does) and answers each. */
        private void interact(FakeShell shell, boolean tty, java.util.concurrent.atomic.AtomicBoolean fetching) throws IOException {
            write("Welcome to Ubuntu 24.04.1 LTS (GNU/Linux 6.8.0-48-generic x86_64)\n\nLast login: Tue Nov 26 08:02:17 2024 from 10.10.0.5\n", tty);
            write(shell.prompt(), tty);
            StringBuilder line = new StringBuilder();
            int limit = config.limits().maxRequestBytes();
            boolean lastCr = false;
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n' && lastCr) {
                    lastCr = false;
                    continue;
                }
                lastCr = c == '\r';
                if (c == '\r' || c == '\n') {
                    if (tty) write("\n", true);
                    String typed = line.toString();
                    line.setLength(0);
                    String shown = shell.run(typed);
                    stall(fetching);
                    write(shown, tty);
                    if (shell.exited()) return;
                    write(shell.prompt(), tty);
                } else if (c == 0x7f || c == 0x08) {
                    if (!line.isEmpty()) {
                        line.setLength(line.length() - 1);
                        if (tty) out.write(new byte[] {8, ' ', 8});
                        out.flush();
                    }
                } else if (c == 0x03) {
                    line.setLength(0);
                    write("^C\n" + shell.prompt(), tty);
                } else if (c == 0x04) {
                    if (line.isEmpty()) {
                        write("logout\n", tty);
                        return;
                    }
                } else if (c == 0x1b) {
                    // an escape sequence (arrow keys): its bytes are not typed text
                    int next = in.read();
                    if (next == '[' || next == 'O') in.read();
                } else if (c >= 0x20 && line.length() < limit) {
                    line.append((char) c);
                    if (tty) {
                        out.write(c);
                        out.flush();
                    }
                }
            }
        }

        private void stall(java.util.concurrent.atomic.AtomicBoolean fetching) throws IOException {
            if (!fetching.getAndSet(false)) return;
            try {
                Thread.sleep(DOWNLOAD_STALL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("channel closed", e);
            }
        }

        private void write(String text, boolean tty) throws IOException {
            String s = tty ? text.replace("\n", "\r\n") : text;
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (thread != null) thread.interrupt();
        }
    }

    /** A user name fit for a prompt and a home directory: what a real system would have accepted. */
    static String sanitise(String user) {
        if (user == null || !user.matches("[a-z_][a-z0-9_.-]{0,31}")) return "user";
        return user;
    }
}
