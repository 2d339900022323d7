package dev.vigil.deception.decoy.http;

import dev.vigil.deception.decoy.DecoyLimits;
import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.Interaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A decoy login portal (an SSL-VPN or webmail sign-in page): every request is recorded, every credential
 * posted (form, multipart, JSON or HTTP Basic) is a login record and an alert, and a honeytoken URL (a web
 * bug planted in a document) fetched from it is a token alert. Nobody is ever let in.
 *
 * <p>Built on Jetty's core handler API rather than the JDK's {@code com.sun.net.httpserver}: the JDK server's
 * caps (header size, idle time, connection count) are JVM-wide system properties, so two decoys could not
 * differ and the sensor's other servers would be bound by them; it has no per-connection hook to cap
 * connections per source or a session's lifetime. Jetty sets each per connector (request header size,
 * idle timeout, a connection limit, a connection listener), answers oversized headers with 431 and
 * malformed requests with 400 on its own, and its parser is hardened by years of hostile traffic. Javalin is
 * not used: routing, JSON mapping and its error pages add surface a decoy does not need and would show.
 */
public final class HttpDecoy implements AutoCloseable {
    private static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    /** How long and how much of a refused body is read and dropped after the 413 (see {@link Portal#linger}). */
    static final long LINGER_MILLIS = 5_000, LINGER_BYTES = 8L << 20;

    private final HttpDecoyConfig config;
    private final DecoyLog log;
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService reaper;
    private final Map<String, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong(), credentials = new AtomicLong(), rejected = new AtomicLong(), refused = new AtomicLong();

    private HttpDecoy(HttpDecoyConfig config, DecoyLog log) {
        this.config = config;
        this.log = log;
        DecoyLimits limits = config.limits();
        int threads = Math.clamp(limits.maxSessions() / 4, 8, 64);
        // the threads are bounded; the connection limit bounds the work queued for them (a connection has one
        // request in flight), so the queue needs no bound of its own (Jetty warns against one)
        QueuedThreadPool pool = new QueuedThreadPool(threads, 2, 60_000);
        pool.setName("decoy-http-" + config.name());
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(Math.clamp(limits.maxRequestBytes(), 1024, 64 * 1024));
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addEventListener(new SessionCaps());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxSessions(), server));
        server.setErrorHandler(new PlainErrors());
        server.setHandler(new Portal());
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decoy-http-reaper-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the portal on its address and port; it serves until {@link #close()}. */
    public static HttpDecoy start(HttpDecoyConfig config, DecoyLog log) throws IOException {
        HttpDecoy d = new HttpDecoy(config, log);
        try {
            d.server.start();
        } catch (Exception e) {
            d.close();
            throw e instanceof IOException io ? io : new IOException("decoy " + config.name() + " did not start: " + e.getMessage(), e);
        }
        return d;
    }

    public int port() { return connector.getLocalPort(); }

    /** Requests handled, credential attempts recorded, requests refused for size (413/431/400), connections refused by a cap. */
    public long requests() { return requests.get(); }
    public long credentials() { return credentials.get(); }
    public long rejected() { return rejected.get(); }
    public long refused() { return refused.get(); }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the connector is closed first, so nothing more is accepted
        }
        reaper.shutdownNow();
    }

    /** The portal: the page, the failed login, the web bug. */
    private final class Portal extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            requests.incrementAndGet();
            Interaction who = Interaction.of(config.name(), "http", request.getConnectionMetaData().getId(),
                    request.getConnectionMetaData().getRemoteSocketAddress(), request.getConnectionMetaData().getLocalSocketAddress(), "TCP", "http");
            String method = request.getMethod();
            String path = request.getHttpURI().getPath() == null ? "/" : request.getHttpURI().getPath();
            String host = hostOf(request.getHeaders().get(HttpHeader.HOST));
            String loginPath = PortalPage.loginPath(config.theme());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", method);
            fields.put("uri", PostedCredentials.clip(request.getHttpURI().getPathQuery() == null ? path : request.getHttpURI().getPathQuery()));
            if (host != null) fields.put("host", PostedCredentials.clip(host));
            String ua = request.getHeaders().get(HttpHeader.USER_AGENT);
            if (ua != null) fields.put("user_agent", PostedCredentials.clip(ua));
            String referer = request.getHeaders().get(HttpHeader.REFERER);
            if (referer != null) fields.put("referer", PostedCredentials.clip(referer));

            int status;
            byte[] body;
            String type = "text/html; charset=utf-8";
            Map<String, String> extra = new LinkedHashMap<>();
            long contentLength = request.getLength();
            byte[] posted = null;
            InputStream content = Request.asInputStream(request);
            if (contentLength > config.limits().maxRequestBytes()) {
                status = HttpStatus.PAYLOAD_TOO_LARGE_413;
            } else {
                posted = readBody(content);
                status = posted == null ? HttpStatus.PAYLOAD_TOO_LARGE_413 : 0;
            }
            if (posted != null && posted.length > 0) fields.put("request_length", (long) posted.length);

            PostedCredentials basic = PostedCredentials.fromBasic(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (basic != null) credential(who, fields, basic);
            if (status == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                rejected.incrementAndGet();
                body = PortalPage.error(413, "Request Entity Too Large", config.serverHeader());
                extra.put("Connection", "close");
            } else if (log.tokens().url(host, path) != null) {
                // a web bug: the document that fetched it must render as if nothing happened
                status = 200;
                body = GIF;
                type = "image/gif";
            } else if (isPage(path, loginPath) && "POST".equals(method)) {
                PostedCredentials c = PostedCredentials.fromBody(request.getHeaders().get(HttpHeader.CONTENT_TYPE), posted);
                if (c != null) credential(who, fields, c);
                status = 200;
                body = PortalPage.render(config.theme(), config.organisation(), c != null || basic != null);
            } else if (basic != null) {
                status = 401;
                body = PortalPage.error(401, "Authorization Required", config.serverHeader());
                extra.put("WWW-Authenticate", "Basic realm=\"" + config.organisation().replace('"', '\'') + "\"");
            } else if (isPage(path, loginPath) && ("GET".equals(method) || "HEAD".equals(method))) {
                status = 200;
                body = PortalPage.render(config.theme(), config.organisation(), false);
            } else if ("/".equals(path) || isPage(path, loginPath)) {
                status = 405;
                body = PortalPage.error(405, "Not Allowed", config.serverHeader());
            } else {
                status = 404;
                body = PortalPage.notFound(config.serverHeader());
            }
            fields.put("status", status);
            fields.put("length", (long) body.length);
            try {
                log.request(who, fields, host, path);
            } catch (RuntimeException e) {
                // the log failing (disk full) must not take the portal down with it
            }
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.SERVER, config.serverHeader());
            h.put(HttpHeader.CONTENT_TYPE, type);
            h.put(HttpHeader.CACHE_CONTROL, "no-store, no-cache, must-revalidate");
            if ("image/gif".equals(type)) h.put(HttpHeader.CACHE_CONTROL, "no-cache");
            else h.put("X-Frame-Options", "SAMEORIGIN");
            extra.forEach(h::put);
            if ("HEAD".equals(method)) {
                h.put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, null, callback);
            } else if (status == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                linger(request, response, body, content, callback);
            } else response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        /**
         * Sends the 413, then reads and drops what the client still sends before the connection closes (what
         * nginx calls a lingering close). Closing a socket with unread data makes the kernel answer with a
         * reset, and a reset that reaches the client before it has read the 413 destroys the 413: the client
         * sees "connection reset" or "broken pipe" instead of the refusal (CI saw curl do so on a loaded host).
         * Bounded in time and bytes so a client that never stops sending only holds the connection that long.
         */
        private void linger(Request request, Response response, byte[] body, InputStream content, Callback callback) {
            FutureCallback written = new FutureCallback();
            response.write(true, ByteBuffer.wrap(body), written);
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            long millis = Math.min(LINGER_MILLIS, config.limits().idleTimeout().toMillis());
            // a read blocks until data, end of stream or the idle timeout: closing the end point ends it sooner
            ScheduledFuture<?> cut = reaper.schedule((Runnable) endPoint::close, millis, TimeUnit.MILLISECONDS);
            try {
                written.get(millis, TimeUnit.MILLISECONDS);
                byte[] drop = new byte[16 * 1024];
                long left = LINGER_BYTES;
                for (int n; left > 0 && (n = content.read(drop)) >= 0; ) left -= n;
                callback.succeeded();
            } catch (Exception e) {
                callback.failed(e);
            } finally {
                cut.cancel(false);
            }
        }

        private void credential(Interaction who, Map<String, Object> fields, PostedCredentials c) {
            credentials.incrementAndGet();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", c.method());
            request.put("http_method", fields.get("method"));
            request.put("uri", fields.get("uri"));
            if (fields.get("host") != null) request.put("host", fields.get("host"));
            if (fields.get("user_agent") != null) request.put("user_agent", fields.get("user_agent"));
            try {
                log.credentialPost(who, request, c.user(), c.password());
            } catch (RuntimeException e) {
                // as above: recording is best effort, serving goes on
            }
        }

        /** The body up to the size cap; null when it is larger. A body cut short by the client is what arrived. */
        private byte[] readBody(InputStream in) {
            int max = config.limits().maxRequestBytes();
            try {
                byte[] b = in.readNBytes(max + 1);
                return b.length > max ? null : b;
            } catch (IOException | RuntimeException e) {
                return new byte[0];
            }
        }
    }

    private static boolean isPage(String path, String loginPath) {
        return "/".equals(path) || loginPath.equals(path) || "/index.html".equals(path);
    }

    /** The Host header without its port, lower-cased; null when absent. */
    static String hostOf(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Connections per source and a session's lifetime: Jetty caps connections only in all. */
    private final class SessionCaps implements Connection.Listener {
        private final Map<Connection, ScheduledFuture<?>> reaping = new ConcurrentHashMap<>();
        private final Map<Connection, String> sources = new ConcurrentHashMap<>();

        @Override
        public void onOpened(Connection c) {
            EndPoint e = c.getEndPoint();
            SocketAddress remote = e.getRemoteSocketAddress();
            String src = remote instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : "?";
            sources.put(c, src);
            int n = perSource.computeIfAbsent(src, k -> new AtomicInteger()).incrementAndGet();
            if (n > config.limits().maxSessionsPerSource()) {
                refused.incrementAndGet();
                // closed from another thread: closed inside the selector's open callback, the connection stayed open (seen in tests)
                try {
                    reaper.execute(e::close);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    e.close();
                }
                return;
            }
            try {
                reaping.put(c, reaper.schedule((Runnable) e::close, config.limits().maxSessionTime().toMillis(), TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                e.close();
            }
        }

        @Override
        public void onClosed(Connection c) {
            ScheduledFuture<?> f = reaping.remove(c);
            if (f != null) f.cancel(false);
            String src = sources.remove(c);
            if (src != null) perSource.computeIfPresent(src, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        }
    }

    /** Error pages in the style of the server the decoy claims to be, never Jetty's (which would give the decoy away). */
    private final class PlainErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object s = request.getAttribute(ERROR_STATUS);
            int status = s instanceof Integer i ? i : response.getStatus() > 0 ? response.getStatus() : 500;
            if (status == 413 || status == 431 || status == 400) rejected.incrementAndGet();
            byte[] body = PortalPage.error(status, reason(status), config.serverHeader());
            recordRefused(request, status, body.length);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.SERVER, config.serverHeader());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            rejected.incrementAndGet();
            fields.put(new HttpField(HttpHeader.SERVER, config.serverHeader()));
            fields.put(HttpHeader.CONTENT_TYPE, "text/html");
            return ByteBuffer.wrap(PortalPage.error(status, reason(status), config.serverHeader()));
        }

        /** A request Jetty refused before the portal saw it (headers too large, malformed) is recorded all the same. */
        private void recordRefused(Request request, int status, int length) {
            try {
                var meta = request.getConnectionMetaData();
                Interaction who = Interaction.of(config.name(), "http", meta.getId(), meta.getRemoteSocketAddress(), meta.getLocalSocketAddress(), "TCP", "http");
                Map<String, Object> fields = new LinkedHashMap<>();
                if (request.getMethod() != null) fields.put("method", PostedCredentials.clip(request.getMethod()));
                String uri = request.getHttpURI() == null ? null : request.getHttpURI().getPathQuery();
                if (uri != null) fields.put("uri", PostedCredentials.clip(uri));
                fields.put("status", status);
                fields.put("length", (long) length);
                Object message = request.getAttribute(ERROR_MESSAGE);
                if (message != null) fields.put("reason", PostedCredentials.clip(String.valueOf(message)));
                log.record(who, "request", fields);
            } catch (RuntimeException e) {
                // a request too broken to describe, or the log failing: the error page is sent regardless
            }
        }

        private static String reason(int status) {
            String r = HttpStatus.getMessage(status);
            return r == null ? "Error" : r;
        }
    }

}
