package dev.vigil.applayer.http;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;
import java.util.Map;

/**
 * HTTP/1.x over TCP, recognised by a request line's method token and space (towards the server) or by
 * a status line's "HTTP/1." (towards the client, for flows seen from the response on).
 */
public final class HttpProtocol implements AppProtocol {
    private static final byte[] STATUS_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private final HttpLogOptions options;

    public HttpProtocol() {
        this(HttpLogOptions.DEFAULT);
    }

    public HttpProtocol(HttpLogOptions options) {
        this.options = options;
    }

    public HttpLogOptions options() { return options; }

    /** The eve-log http options ("http.extended", "http.dump-all-headers", "http.custom"): see {@link HttpLogOptions}. */
    @Override
    public AppProtocol configure(Map<String, String> settings) {
        HttpLogOptions o = HttpLogOptions.from(settings);
        return o.equals(options) ? this : new HttpProtocol(o);
    }

    @Override public String name() { return "http"; }

    @Override public Transport transport() { return Transport.TCP; }

    @Override public int priority() { return 20; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (len <= 0) return Probe.NEED_MORE;
        if (toServer) {
            int m = HttpMethods.match(buf, off, len);
            return m > 0 ? Probe.MATCH : m == 0 ? Probe.NEED_MORE : Probe.NO;
        }
        int n = Math.min(len, STATUS_PREFIX.length);
        for (int i = 0; i < n; i++) if (buf[off + i] != STATUS_PREFIX[i]) return Probe.NO;
        return len >= STATUS_PREFIX.length ? Probe.MATCH : Probe.NEED_MORE;
    }

    @Override
    public AppParser newParser(AppContext ctx) {
        return new HttpParser(ctx, options);
    }
}
