package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TAXII 2.1 server on Javalin/Jetty: HTTPS with a keystore (TLS 1.2+), or plain HTTP when the
 * configuration opts in. Every request of every method and path goes to {@link TaxiiRequestHandler},
 * so even unknown paths answer in TAXII's error JSON with the TAXII Content-Type.
 *
 * <p>{@code outbound} is the per-partner release policy (TLP): it sees every object a GET would return
 * and returns it, a redacted copy, or null to withhold it. It must not modify its argument, and its
 * answer must depend on the partner and the object alone (backends reuse a partner's pages while the
 * store is unchanged).
 */
public final class TaxiiServer implements AutoCloseable {
    private static final String[] HEADERS = {"accept", "authorization", "content-type", "content-length", "host"};

    private final TaxiiServerConfig config;
    private final TaxiiRequestHandler handler;
    private Javalin app;

    public TaxiiServer(TaxiiServerConfig config, TaxiiBackend backend) {
        this(config, backend, null);
    }

    public TaxiiServer(TaxiiServerConfig config, TaxiiBackend backend, BiFunction<Partner, ObjectNode, ObjectNode> outbound) {
        this.config = config;
        this.handler = new TaxiiRequestHandler(config, backend, outbound);
    }

    public synchronized TaxiiServer start() {
        if (app != null) throw new IllegalStateException("already started");
        Handler h = this::serve;
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.generateEtags = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.host = config.bindAddress();
            cfg.jetty.port = config.port();
            if (config.tls() != null) cfg.jetty.addConnector((server, httpConfig) -> tlsConnector(server, httpConfig));
            for (String path : new String[] {"/", "/*"}) {
                cfg.routes.get(path, h);
                cfg.routes.post(path, h);
                cfg.routes.delete(path, h);
                cfg.routes.put(path, h);
                cfg.routes.patch(path, h);
                cfg.routes.options(path, h);
                cfg.routes.head(path, h);
            }
            cfg.routes.exception(Exception.class, (e, ctx) -> write(ctx, handler.error(new TaxiiException(500, "Internal server error", null))));
        });
        app.start();
        return this;
    }

    private ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig) {
        TaxiiServerConfig.Tls tls = config.tls();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystore());
        ssl.setKeyStorePassword(tls.keystorePassword());
        ssl.setKeyStoreType(tls.keystoreType());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // partners reach us by IP or alias as often as by the certificate's name
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost(config.bindAddress());
        c.setPort(config.port());
        return c;
    }

    private void serve(Context ctx) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String name : HEADERS) {
            String v = ctx.header(name);
            if (v != null) headers.put(name, v);
        }
        InputStream body = ctx.method().name().equals("POST") ? ctx.req().getInputStream() : null;
        TaxiiRequest req = new TaxiiRequest(ctx.method().name(), ctx.req().getRequestURI(), ctx.queryString(), headers, body,
                ctx.req().isSecure());
        write(ctx, handler.handle(req));
    }

    private static void write(Context ctx, TaxiiResponse r) {
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        ctx.contentType(r.contentType());
        ctx.result(r.body());
    }

    public int port() {
        return app.port();
    }

    /** The server's base URL (scheme, loopback-usable host and bound port) ending in '/'. */
    public URI baseUri() {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((config.tls() != null ? "https://" : "http://") + host + ":" + port() + "/");
    }

    public URI discoveryUri() {
        return baseUri().resolve(TaxiiRequestHandler.DISCOVERY + "/");
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
