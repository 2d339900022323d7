package dev.vigil.deception.decoy.tcp;

import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.Interaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP decoy that speaks just enough FTP, Telnet, Redis or MySQL to take a login (see {@link BannerSession}):
 * one connect record per connection, a login record for every credential tried, the commands sent, and a
 * disconnect record with the bytes and time. It never runs a command, opens a data connection or
 * connects anywhere.
 *
 * <p>Caps: concurrent sessions in all (a semaphore; a connection over it is closed at once and counted) and
 * per source; each session's bytes read, bytes written, records written, idle time (a read timeout) and
 * lifetime (a scheduled close, which also frees a session stuck writing to a client that does not read).
 * Sessions run on virtual threads, so a thousand idle ones cost little.
 */
public final class BannerDecoy implements AutoCloseable {
    /** Records one session may cause at most (logins, commands): a client pipelining tiny commands cannot flood the log. */
    static final int MAX_RECORDS_PER_SESSION = 1000;

    private final BannerDecoyConfig config;
    private final DecoyLog log;
    private final ServerSocket server;
    private final Semaphore sessions;
    private final Map<String, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final Thread acceptor;
    private final AtomicLong accepted = new AtomicLong(), refused = new AtomicLong(), logins = new AtomicLong();
    private volatile boolean closed;

    private BannerDecoy(BannerDecoyConfig config, DecoyLog log, ServerSocket server) {
        this.config = config;
        this.log = log;
        this.server = server;
        this.sessions = new Semaphore(config.limits().maxSessions());
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decoy-" + config.kind().appProto + "-reaper-" + config.name());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = Thread.ofPlatform().daemon().name("decoy-" + config.kind().appProto + "-" + config.name()).unstarted(this::accept);
    }

    public static BannerDecoy start(BannerDecoyConfig config, DecoyLog log) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        BannerDecoy d = new BannerDecoy(config, log, s);
        d.acceptor.start();
        return d;
    }

    public int port() { return server.getLocalPort(); }

    /** Connections served, connections refused by a cap, login attempts recorded. */
    public long accepted() { return accepted.get(); }
    public long refused() { return refused.get(); }
    public long logins() { return logins.get(); }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        reaper.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            String src = Interaction.address(s.getRemoteSocketAddress());
            AtomicInteger mine = perSource.computeIfAbsent(src == null ? "?" : src, k -> new AtomicInteger());
            if (mine.incrementAndGet() > config.limits().maxSessionsPerSource() || !sessions.tryAcquire()) {
                release(src, mine);
                refused.incrementAndGet();
                closeQuietly(s);
                continue;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().name("decoy-" + config.kind().appProto + "-session").start(() -> {
                try {
                    session(s);
                } finally {
                    closeQuietly(s);
                    sessions.release();
                    release(src, mine);
                }
            });
        }
    }

    private void release(String src, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) perSource.remove(src == null ? "?" : src, count);
    }

    private void session(Socket s) {
        DecoyLimits limits = config.limits();
        long started = System.nanoTime();
        String id = config.name() + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Interaction who = Interaction.of(config.name(), config.kind().appProto, id, s.getRemoteSocketAddress(), s.getLocalSocketAddress(), "TCP",
                config.kind().appProto);
        Report report = new Report(who);
        ScheduledFuture<?> reap = null;
        long in = 0, out = 0;
        String reason = "closed";
        try {
            reap = reaper.schedule(() -> closeQuietly(s), limits.maxSessionTime().toMillis(), TimeUnit.MILLISECONDS);
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, limits.idleTimeout().toMillis())));
            safely(() -> log.connect(who));
            BannerSession protocol = BannerSession.open(config.kind(), config.banner(), limits.maxRequestBytes(), who.srcIp(), report);
            InputStream input = s.getInputStream();
            OutputStream output = s.getOutputStream();
            byte[] greeting = protocol.greeting();
            output.write(greeting);
            output.flush();
            out += greeting.length;
            byte[] buf = new byte[4096];
            while (!protocol.finished()) {
                int n = input.read(buf, 0, (int) Math.min(buf.length, Math.max(1, limits.maxBytesPerSession() - in)));
                if (n < 0) break;
                in += n;
                byte[] reply = protocol.receive(buf, 0, n);
                if (reply.length > 0) {
                    output.write(reply);
                    output.flush();
                    out += reply.length;
                }
                if (report.records >= MAX_RECORDS_PER_SESSION) {
                    reason = "too many commands";
                    break;
                }
                if (in >= limits.maxBytesPerSession() || out >= limits.maxBytesPerSession() * 4) {
                    reason = "byte limit";
                    break;
                }
            }
            if (protocol.finished()) reason = "finished";
        } catch (java.net.SocketTimeoutException e) {
            reason = "idle timeout";
        } catch (IOException e) {
            reason = System.nanoTime() - started >= limits.maxSessionTime().toNanos() ? "session time limit" : "connection error";
        } catch (RejectedExecutionException e) {
            reason = "decoy closing";
        } finally {
            if (reap != null) reap.cancel(false);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("bytes_in", in);
        d.put("bytes_out", out);
        d.put("duration_seconds", (System.nanoTime() - started) / 1e9);
        String why = reason;
        if (!"finished".equals(why) && !"closed".equals(why) && !"connection error".equals(why)) safely(() -> log.record(who, "limit", Map.of("reason", why)));
        safely(() -> log.record(who, "disconnect", d));
    }

    /** The protocol's findings into the decoy log, counted against the session's record cap. */
    private final class Report implements SessionReport {
        private final Interaction who;
        int records;

        Report(Interaction who) { this.who = who; }

        @Override
        public void login(String method, String user, String password, Map<String, ?> details) {
            if (records++ >= MAX_RECORDS_PER_SESSION) return;
            logins.incrementAndGet();
            safely(() -> log.login(who, method, user, password, false, details));
        }

        @Override
        public void command(String command) {
            if (records++ >= MAX_RECORDS_PER_SESSION) return;
            // a Redis command is typed at the server's prompt, like a shell's; FTP verbs before login are client chatter
            if (config.kind() == BannerDecoyConfig.Kind.REDIS) safely(() -> log.command(who, command));
            else safely(() -> log.record(who, "command", Map.of("command", command)));
        }

        @Override
        public void record(String action, Map<String, ?> details) {
            if (records++ >= MAX_RECORDS_PER_SESSION) return;
            safely(() -> log.record(who, action, details));
        }
    }

    /** The log failing (a full disk) ends no session and no decoy. */
    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // counted nowhere: DecoyLog's own counters stop moving, which is what an operator sees
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
