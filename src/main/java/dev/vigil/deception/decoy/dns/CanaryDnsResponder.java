package dev.vigil.deception.decoy.dns;

import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.Interaction;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Rcode;

/**
 * The canary zone's authoritative server on UDP and TCP (the same port): each query is recorded with the
 * address of whoever asked, which for a canary name planted in a document or config file is the resolver
 * of the network where it was opened (the point of a DNS canary: it works where nothing can connect out
 * but DNS). A canary name the {@link dev.vigil.deception.decoy.TokenLookup} knows is an alert.
 *
 * <p>Bounded everywhere: one thread reads datagrams into a queue of fixed size that two workers drain (a
 * full queue drops and counts); responses, and the records written for them, are limited per source (see
 * {@link CanaryDnsConfig#responsesPerSecond()}); TCP connections are capped in all (a semaphore) and per source, each with an
 * idle timeout, a lifetime and a bounded number of queries.
 */
public final class CanaryDnsResponder implements AutoCloseable {
    private static final int QUEUE = 1024;
    private static final int QUERIES_PER_TCP_CONNECTION = 100;

    private final CanaryDnsConfig config;
    private final DecoyLog log;
    private final CanaryZone zone;
    private final SourceRateLimit rate;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ThreadPoolExecutor workers;
    private final Semaphore tcpSessions;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> tcpPerSource = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread udpReader;
    private final Thread tcpAcceptor;
    private final java.util.concurrent.ScheduledExecutorService reaper;
    private final AtomicLong received = new AtomicLong(), answered = new AtomicLong(), refusedQueries = new AtomicLong(),
            malformed = new AtomicLong(), rateLimited = new AtomicLong(), queueFull = new AtomicLong(), tcpRefused = new AtomicLong();
    private volatile boolean closed;

    /** Counters: datagrams and TCP messages received, responses sent, REFUSED, FORMERR or dropped as malformed, dropped by the rate limit or a full queue, TCP connections refused. */
    public record Stats(long received, long answered, long refused, long malformed, long rateLimited, long queueFull, long tcpRefused) {}

    private CanaryDnsResponder(CanaryDnsConfig config, DecoyLog log, DatagramSocket udp, ServerSocket tcp) throws IOException {
        this.config = config;
        this.log = log;
        InetAddress v4 = InetAddress.getByName(config.answerIpv4());
        InetAddress v6 = config.answerIpv6() == null ? null : InetAddress.getByName(config.answerIpv6());
        this.zone = new CanaryZone(config.zone(), v4, v6, config.ttl());
        this.rate = new SourceRateLimit(config.responsesPerSecond());
        this.udp = udp;
        this.tcp = tcp;
        this.workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "decoy-dns-" + config.name());
            t.setDaemon(true);
            return t;
        }, (r, e) -> queueFull.incrementAndGet());
        this.tcpSessions = new Semaphore(config.limits().maxSessions());
        this.reaper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decoy-dns-reaper-" + config.name());
            t.setDaemon(true);
            return t;
        });
        this.udpReader = Thread.ofPlatform().daemon().name("decoy-dns-udp-" + config.name()).unstarted(this::readDatagrams);
        this.tcpAcceptor = Thread.ofPlatform().daemon().name("decoy-dns-tcp-" + config.name()).unstarted(this::acceptConnections);
    }

    /** Binds UDP and TCP on the configured port (with port 0, one free for both) and starts answering. */
    public static CanaryDnsResponder start(CanaryDnsConfig config, DecoyLog log) throws IOException {
        InetAddress bind = InetAddress.getByName(config.bindAddress());
        IOException last = null;
        for (int attempt = 0; attempt < (config.port() == 0 ? 20 : 1); attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, config.port()));
            // a burst waits in the kernel rather than being dropped there, uncounted (the OS may grant less)
            udp.setReceiveBufferSize(1 << 20);
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(bind, udp.getLocalPort()), 64);
                CanaryDnsResponder r = new CanaryDnsResponder(config, log, udp, tcp);
                r.udpReader.start();
                r.tcpAcceptor.start();
                return r;
            } catch (IOException e) {
                // the free UDP port is taken on TCP: try another
                last = e;
                udp.close();
                if (tcp != null) tcp.close();
            }
        }
        throw last;
    }

    public int port() { return udp.getLocalPort(); }

    public Stats stats() {
        return new Stats(received.get(), answered.get(), refusedQueries.get(), malformed.get(), rateLimited.get(), queueFull.get(), tcpRefused.get());
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing: nothing to do about it
        }
        workers.shutdownNow();
        reaper.shutdownNow();
    }

    private void readDatagrams() {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                udp.receive(p);
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            received.incrementAndGet();
            byte[] datagram = java.util.Arrays.copyOf(buf, Math.min(p.getLength(), config.limits().maxRequestBytes()));
            SocketAddress from = p.getSocketAddress();
            try {
                workers.execute(() -> handleDatagram(datagram, from));
            } catch (RejectedExecutionException e) {
                queueFull.incrementAndGet();
            }
        }
    }

    private void handleDatagram(byte[] datagram, SocketAddress from) {
        // the rate limit comes first: a flood costs a map lookup, not a parse, a record and a send
        if (!rate.allow(Interaction.address(from), System.nanoTime())) {
            rateLimited.incrementAndGet();
            return;
        }
        CanaryZone.Answer a = zone.answer(datagram, datagram.length, true);
        report(a, Interaction.of(config.name(), "dns", null, from, udp.getLocalSocketAddress(), "UDP", "dns"), datagram.length);
        if (a.response() == null) return;
        try {
            udp.send(new DatagramPacket(a.response(), a.response().length, from));
            answered.incrementAndGet();
        } catch (IOException e) {
            // the source is unreachable or the socket is closing: the query is recorded all the same
        }
    }

    private void report(CanaryZone.Answer a, Interaction who, int bytes) {
        if (a.rcode() == Rcode.REFUSED) refusedQueries.incrementAndGet();
        try {
            if (a.qname() != null) log.query(who, a.qname(), a.qtype());
            else {
                malformed.incrementAndGet();
                log.record(who, "error", Map.of("reason", "malformed DNS query", "bytes", (long) bytes));
            }
        } catch (RuntimeException e) {
            // the log failing must not stop the responder
        }
    }

    private void acceptConnections() {
        while (!closed) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            String src = String.valueOf(Interaction.address(s.getRemoteSocketAddress()));
            java.util.concurrent.atomic.AtomicInteger mine = tcpPerSource.computeIfAbsent(src, k -> new java.util.concurrent.atomic.AtomicInteger());
            if (mine.incrementAndGet() > config.limits().maxSessionsPerSource() || !tcpSessions.tryAcquire()) {
                if (mine.decrementAndGet() <= 0) tcpPerSource.remove(src, mine);
                tcpRefused.incrementAndGet();
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().name("decoy-dns-tcp-session").start(() -> {
                // a client trickling bytes stays under the idle timeout: its lifetime is capped here
                java.util.concurrent.ScheduledFuture<?> reap = null;
                try {
                    reap = reaper.schedule(() -> closeQuietly(s), config.limits().maxSessionTime().toMillis(), TimeUnit.MILLISECONDS);
                    serveConnection(s);
                } catch (RejectedExecutionException stopping) {
                    // closing
                } finally {
                    if (reap != null) reap.cancel(false);
                    closeQuietly(s);
                    tcpSessions.release();
                    if (mine.decrementAndGet() <= 0) tcpPerSource.remove(src, mine);
                }
            });
        }
    }

    private void serveConnection(Socket s) {
        long deadline = System.nanoTime() + config.limits().maxSessionTime().toNanos();
        String session = Long.toHexString(System.nanoTime() ^ s.getPort());
        try {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.limits().idleTimeout().toMillis()));
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int n = 0; n < QUERIES_PER_TCP_CONNECTION && System.nanoTime() < deadline && !closed; n++) {
                int length = in.readUnsignedShort();
                if (length > config.limits().maxRequestBytes()) return;
                byte[] msg = new byte[length];
                in.readFully(msg);
                received.incrementAndGet();
                if (!rate.allow(Interaction.address(s.getRemoteSocketAddress()), System.nanoTime())) {
                    rateLimited.incrementAndGet();
                    return;
                }
                CanaryZone.Answer a = zone.answer(msg, msg.length, false);
                report(a, Interaction.of(config.name(), "dns", session, s.getRemoteSocketAddress(), s.getLocalSocketAddress(), "TCP", "dns"), length);
                if (a.response() == null) return;
                byte[] frame = new byte[a.response().length + 2];
                frame[0] = (byte) (a.response().length >> 8);
                frame[1] = (byte) a.response().length;
                System.arraycopy(a.response(), 0, frame, 2, a.response().length);
                out.write(frame);
                out.flush();
                answered.incrementAndGet();
            }
        } catch (EOFException | SocketTimeoutException | SocketException e) {
            // the client went away or idled out
        } catch (IOException e) {
            // any other read failure ends this connection only
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
