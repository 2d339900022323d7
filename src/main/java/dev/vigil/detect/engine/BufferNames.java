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

    /** Where a buffer comes from: a request's ({@code toServer}), a response's, or either's ({@code both}). */
    private record Source(String protocol, boolean toServer, boolean both) {
        Source(String protocol, boolean toServer) {
            this(protocol, toServer, false);
        }

        static Source either(String protocol) {
            return new Source(protocol, true, true);
        }
    }

    private static final Map<String, Source> SOURCES = Map.ofEntries(
            Map.entry("dns.query", new Source("dns", true)),
            Map.entry("tls.sni", new Source("tls", true)),
            Map.entry("quic.sni", new Source("quic", true)),
            Map.entry("quic.ua", new Source("quic", true)),
            Map.entry("smb.share", new Source("smb", true)),
            Map.entry("smb.named_pipe", new Source("smb", true)),
            Map.entry("smb.ntlmssp_user", new Source("smb", true)),
            Map.entry("smb.ntlmssp_domain", new Source("smb", true)),
            Map.entry("ftp.command", new Source("ftp", true)),
            Map.entry("ftp.command_data", new Source("ftp", true)),
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
            Map.entry("http.host.raw", new Source("http", true)),
            Map.entry("http.user_agent", new Source("http", true)),
            Map.entry("http.referer", new Source("http", true)),
            Map.entry("http.protocol", new Source("http", true)),
            Map.entry("http.stat_code", new Source("http", false)),
            Map.entry("http.stat_msg", new Source("http", false)),
            Map.entry("http.location", new Source("http", false)),
            Map.entry("http.request_line", new Source("http", true)),
            Map.entry("http.request_body", new Source("http", true)),
            Map.entry("http.accept", new Source("http", true)),
            Map.entry("http.accept_enc", new Source("http", true)),
            Map.entry("http.accept_lang", new Source("http", true)),
            Map.entry("http.response_line", new Source("http", false)),
            Map.entry("http.response_body", new Source("http", false)),
            Map.entry("http.server", new Source("http", false)),
            Map.entry("http.header", Source.either("http")),
            Map.entry("http.header.raw", Source.either("http")),
            Map.entry("http.header_names", Source.either("http")),
            Map.entry("http.cookie", Source.either("http")),
            Map.entry("http.content_type", Source.either("http")),
            Map.entry("http.content_len", Source.either("http")),
            Map.entry("http.connection", Source.either("http")),
            Map.entry("http.start", Source.either("http")),
            Map.entry("file.data", Source.either("http")),
            Map.entry("ssh.proto", Source.either("ssh")),
            Map.entry("ssh.software", Source.either("ssh")),
            Map.entry("ssh.hassh", new Source("ssh", true)),
            Map.entry("ssh.hassh.string", new Source("ssh", true)),
            Map.entry("ssh.hassh.server", new Source("ssh", false)),
            Map.entry("ssh.hassh.server.string", new Source("ssh", false)));

    /** The buffers only {@link dev.vigil.applayer.http.HttpProtocol#INSPECT_BODY_LIMIT} makes the HTTP parser keep. */
    static final java.util.Set<String> HTTP_KEPT_ON_DEMAND = java.util.Set.of("http.request_line", "http.request_body",
            "http.accept", "http.accept_enc", "http.accept_lang", "http.response_line", "http.response_body", "http.server",
            "http.header", "http.header.raw", "http.header_names", "http.cookie", "http.content_type", "http.content_len",
            "http.connection", "http.start", "file.data");

    /** App-layer protocols a rule header may name, as Vigil names the flow's {@code app_proto}. */
    private static final Map<String, String> HEADER_PROTOCOLS = Map.ofEntries(Map.entry("dns", "dns"), Map.entry("tls", "tls"),
            Map.entry("ssl", "tls"), Map.entry("http", "http"), Map.entry("http1", "http"), Map.entry("ssh", "ssh"),
            Map.entry("smb", "smb"), Map.entry("ftp", "ftp"), Map.entry("smtp", "smtp"), Map.entry("dhcp", "dhcp"),
            Map.entry("quic", "quic"));

    /**
     * The app-layer protocol the rule's header names ({@code alert http ...}), as flows name it; null for a
     * transport or {@code ip}. A rule with such a header and no transaction buffer is a packet rule on the
     * flows of that protocol, as in Suricata.
     */
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
     * payload, and a transport in the header); "!" and a reason when the rule needs what is not inspected yet.
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
        // payload and transaction buffers together: the payload part is matched on the packet that brought
        // the transaction to inspection (Suricata inspects both in the same packet's run)
        if (proto == null && !payload && hasSetting(r, "tls.version")) {
            // a rule on the TLS version alone is a transaction rule, as in Suricata: it alerts once per session
            // and direction, not on every packet once the version is known
            if (header != null && !header.equals("tls")) return "!tls.version in a " + r.header().protocol() + " rule";
            return "tls";
        }
        if (proto == null) return null; // a payload rule (on the flows of the header's protocol, if it names one)
        if (header != null && !header.equals(proto)) return "!" + proto + " buffers in a " + r.header().protocol() + " rule";
        if (header == null && !List.of("tcp", "udp", "ip", "tcp-pkt").contains(r.header().protocol())) {
            return "!app-layer protocol in the header (" + r.header().protocol() + ")";
        }
        return proto;
    }

    private static boolean hasSetting(Rule r, String keyword) {
        for (Object c : r.conditions()) if (c instanceof Rule.Setting s && s.keyword().equals(keyword)) return true;
        return false;
    }

    /** Direction codes of {@link #direction}. */
    static final int TO_SERVER = 1, TO_CLIENT = 2, EITHER = 3;

    /**
     * The direction of the transaction's messages a rule inspects: to the client when one of its buffers
     * is a response's, else to the server when one is a request's; with only buffers both messages have
     * ({@code http.header}, {@code file.data}), the rule's {@code flow} direction, else {@link #EITHER}.
     */
    static int direction(Rule r, boolean flowToServer, boolean flowToClient) {
        boolean server = false;
        for (Object m : r.matches()) {
            Source s = SOURCES.get(base(bufferOf(m)));
            if (s == null || s.both) continue;
            if (!s.toServer) return TO_CLIENT;
            server = true;
        }
        if (server) return TO_SERVER;
        return flowToServer ? TO_SERVER : flowToClient ? TO_CLIENT : EITHER;
    }

    /** The direction a buffer always has, or 0 when both messages have it. */
    static int fixedDirection(String buffer) {
        Source s = SOURCES.get(base(buffer));
        return s == null || s.both ? 0 : s.toServer ? TO_SERVER : TO_CLIENT;
    }

    private static String bufferOf(Object m) {
        return m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : ((Rule.BufferTest) m).buffer();
    }
}
