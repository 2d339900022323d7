package dev.vigil.scenario.background;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.org.Site;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Wire;
import java.util.Map;

/** One client's connection to a web site over HTTP or HTTPS, with a few request/response exchanges. */
public final class WebClient {
    private WebClient() {}

    /** The User-Agent the workstation's browser sends. */
    public static String userAgent(dev.vigil.scenario.org.Workstation ws) {
        return UserAgents.of(ws.browser());
    }

    /** Response sizes drawn log-uniformly in [min, max): many small objects, a few large. */
    static int size(Wire w, int min, int max) {
        return (int) Math.round(Math.exp(Math.log(min) + w.rng().nextDouble() * (Math.log(max) - Math.log(min))));
    }

    /**
     * A page load over plain HTTP: one connection, the page, then {@code extra} objects on the same
     * keep-alive connection.
     */
    public static void httpPage(Wire w, Host client, Site site, String userAgent, int extra, int maxBytes) {
        TcpConversation c = w.tcp(client.ephemeral(), site.server().port(80)).rate(20e6).open();
        String path = "/" + Words.path(w.rng());
        for (int i = 0; i <= extra; i++) {
            String target = i == 0 ? path : "/assets/" + Words.slug(w.rng()) + (i % 2 == 0 ? ".css" : ".js");
            byte[] req = HttpMessage.request("GET", target, site.name(),
                    HttpMessage.browserHeaders(userAgent, i == 0 ? "text/html,application/xhtml+xml,*/*;q=0.8" : "*/*",
                            i == 0 ? null : "http://" + site.name() + path), new byte[0]);
            byte[] body = i == 0 ? Bodies.html(site.name(), size(w, 3_000, maxBytes), w.rng())
                    : Bodies.html("asset", size(w, 500, maxBytes / 2), w.rng());
            byte[] resp = HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "nginx", i == 0 ? "text/html; charset=utf-8" : "text/plain",
                    Map.of(), body);
            c.exchange(req, resp, 2_000_000L + w.rng().nextLong(60_000_000L));
            w.thinkMillis(5, 200);
        }
        c.close();
    }

    /** An HTTPS connection with {@code exchanges} request/response pairs (TEMPORARY: plain HTTP until TLS lands). */
    public static void httpsSession(Wire w, dev.vigil.scenario.org.Workstation ws, Site site, int exchanges, int minBytes, int maxBytes) {
        httpPage(w, ws.host(), site, UserAgents.of(ws.browser()), exchanges - 1, maxBytes);
    }

    /** The OS telemetry agent's upload (TEMPORARY: plain HTTP until TLS lands). */
    public static void telemetry(Wire w, dev.vigil.scenario.org.Workstation ws, Site site, int bytes) {
        httpPost(w, ws.host(), site.server(), 80, site.name(), "/OneCollector/1.0/", "Microsoft-CryptoAPI/10.0", "application/json",
                Bodies.json(bytes, w.rng()));
    }

    /** A file download (TEMPORARY: plain HTTP until TLS lands). */
    public static void download(Wire w, dev.vigil.scenario.org.Workstation ws, Site site, String path, byte[] content) {
        TcpConversation c = w.tcp(ws.host().ephemeral(), site.server().port(80)).rate(50e6).open();
        byte[] req = HttpMessage.request("GET", path, site.name(), HttpMessage.browserHeaders("Microsoft BITS/7.8", "*/*", null), new byte[0]);
        c.exchange(req, HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "ECAcc", "application/octet-stream", Map.of(), content),
                5_000_000L);
        c.close();
    }

    /** An HTTP request with a body (a POST of an update check, an upload) and a small JSON answer. */
    public static void httpPost(Wire w, Host client, Host server, int port, String host, String target, String userAgent,
            String contentType, byte[] body) {
        TcpConversation c = w.tcp(client.ephemeral(), server.port(port)).open();
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("User-Agent", userAgent);
        h.put("Content-Type", contentType);
        h.put("Connection", "close");
        byte[] req = HttpMessage.request("POST", target, host, h, body);
        byte[] resp = HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "Microsoft-IIS/10.0", "application/json", Map.of(),
                Bodies.json(size(w, 60, 400), w.rng()));
        c.exchange(req, resp, 3_000_000L + w.rng().nextLong(30_000_000L));
        c.closeByServer();
    }
}
