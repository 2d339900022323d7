package dev.vigil.scenario.background;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Site;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.tls.BrowserProfile;
import dev.vigil.scenario.tls.TlsSession;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One client's connection to a web site over HTTP or HTTPS, with a few request/response exchanges. */
public final class WebClient {
    private WebClient() {}

    /** Response sizes drawn log-uniformly in [min, max): many small objects, a few large. */
    public static int size(Wire w, int min, int max) {
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

    /**
     * An HTTPS connection of {@code profile} to {@code site}: the handshake (TLS 1.3 where the site
     * speaks it), {@code exchanges} request/response pairs of sizes drawn from [minBytes, maxBytes),
     * close_notify and the TCP close.
     */
    public static void https(Wire w, Organisation org, Host client, BrowserProfile profile, Site site, int exchanges, int minBytes, int maxBytes) {
        List<TlsSession.Exchange> list = new ArrayList<>(exchanges);
        for (int i = 0; i < exchanges; i++) {
            list.add(new TlsSession.Exchange(300 + w.rng().nextInt(700), size(w, minBytes, maxBytes),
                    2_000_000L + w.rng().nextLong(80_000_000L), i == 0 ? 0 : w.rng().nextLong(2_000_000_000L)));
        }
        tls(w, org, client, profile, site, list, 20e6);
    }

    /** One HTTPS connection carrying exactly the given exchanges, at {@code bitsPerSecond}. */
    public static void tls(Wire w, Organisation org, Host client, BrowserProfile profile, Site site, List<TlsSession.Exchange> exchanges,
            double bitsPerSecond) {
        TcpConversation c = w.tcp(client.ephemeral(), site.server().port(443)).rate(bitsPerSecond).open();
        TlsSession s = new TlsSession(c, profile, site.name(), site.tls13() ? TlsSession.Version.TLS_1_3 : TlsSession.Version.TLS_1_2,
                org.certificates.forSite(site.name()));
        s.handshake();
        s.exchanges(exchanges);
        s.closeNotify();
        c.close();
    }

    /** A workstation's browser visiting {@code site} over HTTPS. */
    public static void httpsSession(Wire w, Organisation org, Workstation ws, Site site, int exchanges, int minBytes, int maxBytes) {
        https(w, org, ws.host(), ws.browser(), site, exchanges, minBytes, maxBytes);
    }

    /** The OS telemetry agent's upload: a TLS connection posting a few KB and getting a short answer. */
    public static void telemetry(Wire w, Organisation org, Workstation ws, Site site, int bytes) {
        tls(w, org, ws.host(), BrowserProfile.WINDOWS_SYSTEM, site,
                List.of(new TlsSession.Exchange(bytes, 150 + w.rng().nextInt(200), 20_000_000L + w.rng().nextLong(60_000_000L), 0)), 20e6);
    }

    /** A file download over HTTPS by the system's update agent. */
    public static void download(Wire w, Organisation org, Workstation ws, Site site, int bytes) {
        tls(w, org, ws.host(), BrowserProfile.WINDOWS_SYSTEM, site,
                List.of(new TlsSession.Exchange(450 + w.rng().nextInt(200), bytes, 10_000_000L, 0)), 50e6);
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
