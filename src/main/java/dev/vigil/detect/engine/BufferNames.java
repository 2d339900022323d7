package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleParser;
import java.util.List;
import java.util.Map;

/**
 * The transaction buffers the engine inspects so far, each with its protocol and direction, as the
 * records offer them ({@link dev.vigil.applayer.InspectionBuffers}).
 */
final class BufferNames {
    private BufferNames() {}

    private record Source(String protocol, boolean toServer) {}

    private static final Map<String, Source> SOURCES = Map.ofEntries(
            Map.entry("dns.query", new Source("dns", true)),
            Map.entry("tls.sni", new Source("tls", true)),
            Map.entry("ja3.hash", new Source("tls", true)),
            Map.entry("ja3.string", new Source("tls", true)),
            Map.entry("ja4.hash", new Source("tls", true)),
            Map.entry("ja3s.hash", new Source("tls", false)),
            Map.entry("ja3s.string", new Source("tls", false)),
            Map.entry("tls.cert_subject", new Source("tls", false)),
            Map.entry("tls.cert_issuer", new Source("tls", false)),
            Map.entry("tls.cert_serial", new Source("tls", false)),
            Map.entry("tls.certs", new Source("tls", false)),
            Map.entry("http.uri", new Source("http", true)),
            Map.entry("http.uri.raw", new Source("http", true)),
            Map.entry("http.method", new Source("http", true)),
            Map.entry("http.host", new Source("http", true)),
            Map.entry("http.user_agent", new Source("http", true)),
            Map.entry("http.referer", new Source("http", true)),
            Map.entry("http.protocol", new Source("http", true)),
            Map.entry("http.stat_code", new Source("http", false)),
            Map.entry("http.stat_msg", new Source("http", false)),
            Map.entry("http.location", new Source("http", false)));

    private static final Map<String, String> HEADER_PROTOCOLS = Map.of("dns", "dns", "tls", "tls", "ssl", "tls",
            "http", "http", "http1", "http");

    /** The app-layer protocol a rule's header names ({@code alert dns ...}), or null for a transport or ip. */
    static String headerProtocol(Rule r) {
        return HEADER_PROTOCOLS.get(r.header().protocol());
    }

    /** A buffer's base name, without its transforms. */
    static String base(String buffer) {
        int bar = buffer.indexOf('|');
        return bar < 0 ? buffer : buffer.substring(0, bar);
    }

    /** A buffer's transforms, in order. */
    static List<String> transforms(String buffer) {
        int bar = buffer.indexOf('|');
        return bar < 0 ? List.of() : List.of(buffer.substring(bar + 1).split("\\|"));
    }

    /**
     * The transaction protocol whose buffers a rule inspects; null for a payload rule (no buffer at all but the
     * payload, and a transport or a protocol of {@link #headerProtocol} in the header); "!" and a reason when the rule needs what is not inspected yet.
     */
    static String protocolOf(Rule r) {
        String proto = null;
        boolean payload = false;
        for (Object m : r.matches()) {
            String buffer = m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : ((Rule.BufferTest) m).buffer();
            if (RuleParser.PAYLOAD.equals(buffer)) {
                payload = true;
                continue;
            }
            Source s = SOURCES.get(base(buffer));
            if (s == null) return "!buffer " + base(buffer);
            if (proto != null && !proto.equals(s.protocol)) return "!buffers of two protocols";
            proto = s.protocol;
        }
        String header = HEADER_PROTOCOLS.get(r.header().protocol());
        if (proto != null && payload) return "!payload and " + proto + " buffers together";
        if (proto == null) {
            if (header == null) return null; // a payload rule
            // as Suricata: the payload of the flows of that protocol (DetectEngine checks the flow's)
            return r.matches().isEmpty() ? "!" + r.header().protocol() + " rule without buffers" : null;
        }
        if (header != null && !header.equals(proto)) return "!" + proto + " buffers in a " + r.header().protocol() + " rule";
        if (header == null && !List.of("tcp", "udp", "ip", "tcp-pkt").contains(r.header().protocol())) {
            return "!app-layer protocol in the header (" + r.header().protocol() + ")";
        }
        return proto;
    }

    /** True when every buffer the rule inspects is sent to the server (a request's). */
    static boolean allToServer(Rule r) {
        for (Object m : r.matches()) {
            String buffer = m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : ((Rule.BufferTest) m).buffer();
            Source s = SOURCES.get(base(buffer));
            if (s != null && !s.toServer) return false;
        }
        return true;
    }
}
