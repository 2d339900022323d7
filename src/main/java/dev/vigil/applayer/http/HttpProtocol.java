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

    /** The setting that turns on {@link HttpInspection}: body bytes kept per message for signatures. */
    public static final String INSPECT_BODY_LIMIT = "http.inspect.body-limit";

    private final HttpLogOptions options;
    private final int inspectBodyLimit;

    public HttpProtocol() {
        this(HttpLogOptions.DEFAULT, 0);
    }

    public HttpProtocol(HttpLogOptions options) {
        this(options, 0);
    }

    private HttpProtocol(HttpLogOptions options, int inspectBodyLimit) {
        this.options = options;
        this.inspectBodyLimit = inspectBodyLimit;
    }

    public HttpLogOptions options() { return options; }

    /**
     * The eve-log http options ("http.extended", "http.dump-all-headers", "http.custom"): see
     * {@link HttpLogOptions}; and {@link #INSPECT_BODY_LIMIT}, set when rules inspect HTTP headers or bodies.
     */
    @Override
    public AppProtocol configure(Map<String, String> settings) {
        HttpLogOptions o = HttpLogOptions.from(settings);
        int limit = 0;
        String l = settings.get(INSPECT_BODY_LIMIT);
        if (l != null) {
            try {
                limit = Math.max(0, Integer.parseInt(l.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(INSPECT_BODY_LIMIT + ": not a number of bytes: " + l);
            }
        }
        return o.equals(options) && limit == inspectBodyLimit ? this : new HttpProtocol(o, limit);
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
        return new HttpParser(ctx, options, inspectBodyLimit);
    }
}
