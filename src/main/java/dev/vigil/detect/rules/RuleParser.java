package dev.vigil.detect.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Suricata's rule language into a {@link Rule}: the header, then each option in order, keeping the
 * sticky buffer in force and the last content or pcre for the modifiers that follow it. A rule with a
 * keyword Vigil does not know, or a value it cannot read, is refused with the keyword and the reason.
 */
public final class RuleParser {
    /** The payload as the packet and stream inspection sees it, when no sticky buffer is in force. */
    public static final String PAYLOAD = "payload";

    private final RuleVars vars;
    private final Set<String> classtypes;

    /** @param classtypes the classification names known ({@code classification.config}), or null to accept any */
    public RuleParser(RuleVars vars, Set<String> classtypes) {
        this.vars = vars;
        this.classtypes = classtypes;
    }

    public Rule parse(String text, String file, int line) throws RuleException {
        return parse(text, file, line, Dialect.SURICATA);
    }

    public Rule parse(String text, String file, int line, Dialect dialect) throws RuleException {
        String t = text.trim();
        int open = t.indexOf('(');
        if (open < 0 || !t.endsWith(")")) throw new RuleException(null, "rule has no option list in parentheses");
        RuleHeader header = RuleHeader.parse(t.substring(0, open), vars, dialect);
        State s = new State();
        s.dialect = dialect;
        for (RuleText.Option o : RuleText.options(t.substring(open + 1, t.length() - 1))) {
            if (dialect == Dialect.SNORT3) snort3(s, o.name(), o.value());
            else apply(s, o.name(), o.value());
        }
        if (s.sid < 0) throw new RuleException("sid", "rule has no sid");
        if (s.fastPatterns > 1) throw new RuleException("fast_pattern", "more than one fast_pattern");
        decodedContents(s.matches);
        return new Rule(header, s.gid, s.sid, s.rev, s.msg, s.classtype, s.priority, List.copyOf(s.references),
                s.metadata, s.target, List.copyOf(s.matches), List.copyOf(s.conditions), t, file, line);
    }

    /** What a rule's options have set so far. */
    private static final class State {
        long sid = -1;
        int gid = 1, rev = 0, priority = 0, fastPatterns;
        String msg, classtype, target;
        List<String> references = new ArrayList<>();
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        List<Object> matches = new ArrayList<>();
        List<Object> conditions = new ArrayList<>();
        String buffer = PAYLOAD;
        /** The content or pcre that modifiers apply to. */
        Object last;
        boolean pendingTransformBuffer;
        Set<String> extracted = new HashSet<>();
        Set<String> seenMeta = new HashSet<>();
        Dialect dialect = Dialect.SURICATA;
    }

    // ---- Snort 3

    /** Snort 3's HTTP and other buffers: sticky, like Suricata's dotted names. */
    private static final Map<String, String> SNORT3_STICKY = Map.ofEntries(
            Map.entry("http_uri", "http.uri"), Map.entry("http_raw_uri", "http.uri.raw"), Map.entry("http_header", "http.header"),
            Map.entry("http_raw_header", "http.header.raw"), Map.entry("http_client_body", "http.request_body"),
            Map.entry("http_method", "http.method"), Map.entry("http_cookie", "http.cookie"), Map.entry("http_stat_code", "http.stat_code"),
            Map.entry("http_stat_msg", "http.stat_msg"), Map.entry("http_version", "http.protocol"), Map.entry("file_data", "file.data"),
            Map.entry("pkt_data", PAYLOAD), Map.entry("raw_data", PAYLOAD), Map.entry("base64_data", "base64_data"));

    /** Snort 3's {@code http_header:field NAME} as the buffer Suricata has for that header, if one. */
    private static String snortHeaderField(String field) throws RuleException {
        return switch (field.toLowerCase(java.util.Locale.ROOT)) {
            case "host" -> "http.host";
            case "user-agent" -> "http.user_agent";
            case "cookie" -> "http.cookie";
            case "content-type" -> "http.content_type";
            case "content-length" -> "http.content_len";
            case "referer" -> "http.referer";
            case "accept" -> "http.accept";
            case "accept-encoding" -> "http.accept_enc";
            case "accept-language" -> "http.accept_lang";
            case "connection" -> "http.connection";
            case "location" -> "http.location";
            case "server" -> "http.server";
            default -> throw new RuleException("http_header", "http_header field " + field + " has no Suricata buffer");
        };
    }

    private void snort3(State s, String name, String value) throws RuleException {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        String sticky = SNORT3_STICKY.get(key);
        if (sticky != null) {
            if (value != null) {
                String v = value.trim();
                if (!key.equals("http_header") || !v.startsWith("field ")) throw new RuleException(name, name + " option " + v + " not supported");
                sticky = snortHeaderField(v.substring(6).trim());
            }
            s.buffer = sticky;
            s.last = null;
            s.pendingTransformBuffer = false;
            return;
        }
        switch (key) {
            case "rem" -> { return; }
            case "service" -> {
                for (String svc : value(name, value).split(",")) {
                    if (!svc.trim().matches("[a-z0-9_-]+")) throw new RuleException(name, "bad service " + svc);
                }
                s.conditions.add(new Rule.Setting("service", value.trim()));
                return;
            }
            case "bufferlen" -> {
                String x = value(name, value).replaceAll(",\\s*relative", "");
                java.util.regex.Matcher incl = INCLUSIVE_RANGE.matcher(x);
                // Snort 3's a<=>b includes both bounds; Suricata's a<>b (and Compare) excludes them
                if (incl.matches()) x = Math.max(0, Long.parseLong(incl.group(1)) - 1) + "<>" + (Long.parseLong(incl.group(2)) + 1);
                Compare.parse("bsize", x, Integer.MAX_VALUE);
                s.matches.add(new Rule.BufferTest(s.buffer, "bsize", x));
                return;
            }
            case "content" -> {
                String v = value == null ? "" : value.trim();
                int close = closingQuote(v);
                if (close < 0) throw new RuleException(name, "content must be quoted: " + v);
                Content c = Content.parse(v.substring(0, close + 1), s.buffer);
                s.matches.add(c);
                s.last = c;
                String rest = v.substring(close + 1).trim();
                if (rest.isEmpty()) return;
                if (!rest.startsWith(",")) throw new RuleException(name, "unexpected text after content: " + rest);
                for (String mod : rest.substring(1).split(",")) {
                    if (mod.isBlank()) throw new RuleException(name, "empty content option");
                    String m = mod.trim();
                    int sp = m.indexOf(' ');
                    String mk = sp < 0 ? m : m.substring(0, sp), mv = sp < 0 ? null : m.substring(sp + 1).trim();
                    switch (mk) {
                        case "nocase", "fast_pattern" -> apply(s, mk, null);
                        case "offset", "depth", "distance", "within" -> apply(s, mk, mv);
                        case "fast_pattern_offset" -> c.fastPatternOffset = (int) number(mk, mv, 0, 65535);
                        case "fast_pattern_length" -> c.fastPatternLength = (int) number(mk, mv, 1, 65535);
                        default -> throw new RuleException(name, "unsupported content option " + mk);
                    }
                }
                if ((c.fastPatternOffset >= 0) != (c.fastPatternLength >= 0)
                        || c.fastPatternOffset >= 0 && c.fastPatternOffset + c.fastPatternLength > c.pattern.length) {
                    throw new RuleException(name, "fast_pattern_offset and fast_pattern_length must come together, within the content");
                }
                if (c.fastPatternOffset >= 0 && !c.fastPattern) {
                    c.fastPattern = true;
                    s.fastPatterns++;
                }
                return;
            }
            default -> apply(s, name, value);
        }
    }

    private static final Pattern INCLUSIVE_RANGE = Pattern.compile("\\s*(\\d{1,9})\\s*<=>\\s*(\\d{1,9})\\s*");

    private static int closingQuote(String v) {
        int i = v.startsWith("!") ? 1 : 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) i++;
        if (i >= v.length() || v.charAt(i) != '"') return -1;
        for (int j = i + 1; j < v.length(); j++) {
            char c = v.charAt(j);
            if (c == '\\') { j++; continue; }
            if (c == '"') return j;
        }
        return -1;
    }

    // ---- the keyword table

    @FunctionalInterface
    private interface Handler {
        void apply(RuleParser p, State s, String name, String value) throws RuleException;
    }

    private static final Map<String, Handler> KEYWORDS = new HashMap<>();
    /** Sticky buffers by every name they go by, to their canonical name. */
    private static final Map<String, String> STICKY = new HashMap<>();
    /** Legacy content modifiers that move the previous content into a buffer. */
    private static final Map<String, String> LEGACY = new HashMap<>();
    private static final Set<String> TRANSFORMS = Set.of("dotprefix", "strip_whitespace", "compress_whitespace", "to_lowercase",
            "to_uppercase", "url_decode", "to_md5", "to_sha1", "to_sha256", "header_lowercase", "strip_pseudo_headers", "from_base64", "xor");

    private static void sticky(String canonical, String... aliases) {
        STICKY.put(canonical, canonical);
        for (String a : aliases) STICKY.put(a, canonical);
    }

    static {
        sticky("http.uri", "http_uri_buffer");
        sticky("http.uri.raw");
        sticky("http.method");
        sticky("http.host");
        sticky("http.host.raw");
        sticky("http.user_agent");
        sticky("http.header");
        sticky("http.header.raw");
        sticky("http.header_names", "http_header_names");
        sticky("http.cookie");
        sticky("http.content_type", "http_content_type");
        sticky("http.content_len", "http_content_len");
        sticky("http.request_body", "http_client_body_buffer");
        sticky("http.response_body");
        sticky("http.stat_code");
        sticky("http.stat_msg");
        sticky("http.protocol", "http_protocol");
        sticky("http.start", "http_start");
        sticky("http.request_line", "http_request_line");
        sticky("http.response_line", "http_response_line");
        sticky("http.referer", "http_referer");
        sticky("http.accept", "http_accept");
        sticky("http.accept_enc", "http_accept_enc");
        sticky("http.accept_lang", "http_accept_lang");
        sticky("http.connection", "http_connection");
        sticky("http.location", "http_location");
        sticky("http.server", "http_server");
        sticky("http.request_header");
        sticky("http.response_header");
        sticky("file.data", "file_data");
        sticky("file.name");
        sticky("dns.query", "dns_query");
        sticky("tls.sni", "tls_sni");
        sticky("tls.cert_subject", "tls_cert_subject");
        sticky("tls.cert_issuer", "tls_cert_issuer");
        sticky("tls.cert_serial", "tls_cert_serial");
        sticky("tls.cert_fingerprint", "tls_cert_fingerprint");
        sticky("tls.certs");
        sticky("ja3.hash", "ja3_hash");
        sticky("ja3.string", "ja3_string");
        sticky("ja3s.hash", "ja3s_hash");
        sticky("ja3s.string", "ja3s_string");
        sticky("ja4.hash");
        sticky("quic.sni");
        sticky("quic.ua");
        sticky("ssh.proto", "ssh_proto");
        sticky("ssh.software", "ssh_software");
        sticky("ssh.hassh", "hassh");
        sticky("ssh.hassh.server", "hassh.server");
        sticky("ssh.hassh.string", "hassh.string");
        sticky("smb.share", "smb_share");
        sticky("smb.named_pipe", "smb_named_pipe");
        sticky("smb.ntlmssp_user");
        sticky("smb.ntlmssp_domain");
        sticky("ftp.command");
        sticky("ftp.command_data");
        sticky("base64_data");

        LEGACY.put("http_uri", "http.uri");
        LEGACY.put("http_raw_uri", "http.uri.raw");
        LEGACY.put("http_method", "http.method");
        LEGACY.put("http_host", "http.host");
        LEGACY.put("http_raw_host", "http.host.raw");
        LEGACY.put("http_user_agent", "http.user_agent");
        LEGACY.put("http_header", "http.header");
        LEGACY.put("http_raw_header", "http.header.raw");
        LEGACY.put("http_cookie", "http.cookie");
        LEGACY.put("http_client_body", "http.request_body");
        LEGACY.put("http_server_body", "http.response_body");
        LEGACY.put("http_stat_code", "http.stat_code");
        LEGACY.put("http_stat_msg", "http.stat_msg");

        KEYWORDS.put("msg", (p, s, n, v) -> s.msg = once(s, n, RuleText.unquote(n, v)));
        KEYWORDS.put("sid", (p, s, n, v) -> { once(s, n, v); s.sid = number(n, v, 1, 0xFFFF_FFFFL); });
        KEYWORDS.put("rev", (p, s, n, v) -> { once(s, n, v); s.rev = (int) number(n, v, 0, Integer.MAX_VALUE); });
        KEYWORDS.put("gid", (p, s, n, v) -> { once(s, n, v); s.gid = (int) number(n, v, 0, Integer.MAX_VALUE); });
        KEYWORDS.put("priority", (p, s, n, v) -> s.priority = (int) number(n, v, 1, 255));
        KEYWORDS.put("classtype", (p, s, n, v) -> {
            String c = value(n, v);
            if (p.classtypes != null && !p.classtypes.contains(c)) throw new RuleException(n, "unknown classtype " + c);
            s.classtype = c;
        });
        KEYWORDS.put("reference", (p, s, n, v) -> {
            String r = value(n, v);
            if (r.indexOf(',') <= 0) throw new RuleException(n, "reference must be type,id: " + r);
            s.references.add(r);
        });
        KEYWORDS.put("metadata", (p, s, n, v) -> {
            for (String item : value(n, v).split(",")) {
                String it = item.trim();
                if (it.isEmpty()) continue;
                int sp = it.indexOf(' ');
                String key = sp < 0 ? it : it.substring(0, sp), val = sp < 0 ? "" : it.substring(sp + 1).trim();
                s.metadata.computeIfAbsent(key, k -> new ArrayList<>()).add(val);
            }
        });
        KEYWORDS.put("target", (p, s, n, v) -> {
            String x = value(n, v);
            if (!x.equals("src_ip") && !x.equals("dest_ip")) throw new RuleException(n, "target must be src_ip or dest_ip");
            s.target = x;
        });

        KEYWORDS.put("content", (p, s, n, v) -> {
            Content c = Content.parse(v, s.buffer);
            s.matches.add(c);
            s.last = c;
        });
        KEYWORDS.put("uricontent", (p, s, n, v) -> {
            Content c = Content.parse(v, "http.uri");
            s.matches.add(c);
            s.last = c;
        });
        KEYWORDS.put("pcre", (p, s, n, v) -> {
            Pcre x = Pcre.parse(v, s.buffer);
            if (x.relative && s.last == null) throw new RuleException(n, "relative pcre with nothing before it");
            // relative to a match in a content modifier buffer: in that buffer (as isdataat, above)
            if (x.relative && PAYLOAD.equals(x.buffer) && !relativeBuffer(s, "relative").equals(x.buffer)) x = Pcre.parse(v, relativeBuffer(s, "relative"));
            s.matches.add(x);
            s.last = x;
        });
        KEYWORDS.put("nocase", (p, s, n, v) -> { noValue(n, v); content(s, n).nocase = true; });
        KEYWORDS.put("rawbytes", (p, s, n, v) -> { noValue(n, v); content(s, n).rawbytes = true; });
        KEYWORDS.put("offset", (p, s, n, v) -> position(s, n, v));
        KEYWORDS.put("depth", (p, s, n, v) -> position(s, n, v));
        KEYWORDS.put("distance", (p, s, n, v) -> position(s, n, v));
        KEYWORDS.put("within", (p, s, n, v) -> position(s, n, v));
        KEYWORDS.put("startswith", (p, s, n, v) -> {
            noValue(n, v);
            Content c = content(s, n);
            if (c.absolute() || c.relative()) throw new RuleException(n, "startswith with offset, depth, distance or within");
            c.startsWith = true;
        });
        KEYWORDS.put("endswith", (p, s, n, v) -> { noValue(n, v); content(s, n).endsWith = true; });
        KEYWORDS.put("fast_pattern", (p, s, n, v) -> {
            Content c = content(s, n);
            if (c.negated && v != null && v.trim().equals("only")) throw new RuleException(n, "fast_pattern:only on a negated content");
            c.fastPattern = true;
            s.fastPatterns++;
            if (v == null) return;
            String x = v.trim();
            if (x.equals("only")) { c.fastPatternOnly = true; return; }
            String[] ab = x.split(",");
            if (ab.length != 2) throw new RuleException(n, "fast_pattern takes only or offset,length: " + x);
            int off = (int) number(n, ab[0], 0, 65535), len = (int) number(n, ab[1], 1, 65535);
            if (off + len > c.pattern.length) throw new RuleException(n, "fast_pattern chop beyond the content");
            c.fastPatternOffset = off;
            c.fastPatternLength = len;
        });

        for (String b : new String[] {"isdataat", "byte_test", "byte_jump", "byte_extract", "byte_math", "bsize", "base64_decode"}) {
            KEYWORDS.put(b, RuleParser::bufferTest);
        }
        KEYWORDS.put("urilen", RuleParser::urilen);
        for (String c : new String[] {"dsize", "ttl", "tos", "itype", "icode", "icmp_id", "icmp_seq", "ip_proto",
            "seq", "ack", "window", "id", "fragoffset", "tcp.mss"}) {
            KEYWORDS.put(c, RuleParser::compare);
        }
        for (String k : new String[] {"flow", "flowbits", "xbits", "flowint", "threshold", "detection_filter", "flags",
            "ipopts", "fragbits", "sameip", "noalert", "tag", "app-layer-protocol", "tls.version", "ssh.protoversion",
            "ssh.softwareversion", "stream_size", "tls_cert_notbefore", "tls_cert_notafter", "tls.cert_expired", "tls.cert_valid",
            "dns.opcode", "prefilter"}) {
            KEYWORDS.put(k, RuleParser::setting);
        }
    }

    private void apply(State s, String name, String value) throws RuleException {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        String stickyName = STICKY.get(key);
        if (stickyName != null) {
            if (value != null) {
                // a few buffer names are also value keywords in older rules (tls_sni is not; tls.version is)
                throw new RuleException(name, "sticky buffer " + name + " takes no value");
            }
            s.buffer = stickyName;
            s.last = null;
            s.pendingTransformBuffer = true;
            return;
        }
        if (key.equals("pkt_data")) {
            s.buffer = PAYLOAD;
            s.last = null;
            return;
        }
        String legacy = LEGACY.get(key);
        if (legacy != null) {
            noValue(name, value);
            Content c = content(s, name);
            if (!PAYLOAD.equals(c.buffer)) throw new RuleException(name, name + " on a content already in " + c.buffer);
            c.buffer = legacy;
            return;
        }
        if (TRANSFORMS.contains(key)) {
            if (PAYLOAD.equals(s.buffer) || !s.pendingTransformBuffer) throw new RuleException(name, "transform " + name + " must follow a sticky buffer");
            if (key.equals("xor")) RuleText.unquote(name, value);
            else noValue(name, value);
            s.buffer = s.buffer + "|" + key;
            return;
        }
        Handler h = KEYWORDS.get(key);
        if (h == null) throw new RuleException(name, "unsupported keyword " + name);
        h.apply(this, s, key, value);
        s.pendingTransformBuffer = false;
    }

    // ---- helpers

    private static String once(State s, String n, String v) throws RuleException {
        if (!s.seenMeta.add(n)) throw new RuleException(n, "duplicate " + n);
        return v;
    }

    private static String value(String n, String v) throws RuleException {
        if (v == null || v.isBlank()) throw new RuleException(n, n + " needs a value");
        return RuleText.unquote(n, v).trim();
    }

    private static void noValue(String n, String v) throws RuleException {
        if (v != null) throw new RuleException(n, n + " takes no value");
    }

    private static long number(String n, String v, long min, long max) throws RuleException {
        try {
            long x = Long.parseLong(value(n, v));
            if (x < min || x > max) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new RuleException(n, "bad value for " + n + ": " + v);
        }
    }

    private static Content content(State s, String n) throws RuleException {
        if (s.last instanceof Content c) return c;
        throw new RuleException(n, n + " needs a content before it");
    }

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static void position(State s, String n, String v) throws RuleException {
        Content c = content(s, n);
        if (c.startsWith) throw new RuleException(n, n + " with startswith");
        String x = value(n, v);
        Integer num = null;
        String var = null;
        if (VARIABLE.matcher(x).matches()) {
            if (!s.extracted.contains(x)) throw new RuleException(n, n + " names " + x + ", which no byte_extract defines");
            var = x;
        } else {
            num = (int) number(n, x, n.equals("distance") ? -65535 : 0, 65535);
        }
        boolean relative = n.equals("distance") || n.equals("within");
        if (relative ? c.absolute() : c.relative()) throw new RuleException(n, "relative and absolute positions on one content");
        switch (n) {
            case "offset" -> { if (c.offset != null || c.offsetVar != null) throw dup(n); c.offset = num; c.offsetVar = var; }
            case "depth" -> {
                if (c.depth != null || c.depthVar != null) throw dup(n);
                if (num != null && num < c.pattern.length) throw new RuleException(n, "depth shorter than the content");
                c.depth = num; c.depthVar = var;
            }
            case "distance" -> { if (c.distance != null || c.distanceVar != null) throw dup(n); c.distance = num; c.distanceVar = var; }
            default -> {
                if (c.within != null || c.withinVar != null) throw dup(n);
                if (num != null && num < c.pattern.length) throw new RuleException(n, "within shorter than the content");
                c.within = num; c.withinVar = var;
            }
        }
    }

    private static RuleException dup(String n) {
        return new RuleException(n, "duplicate " + n + " on one content");
    }


    /**
     * A content (or pcre) of {@code base64_data} inspects what the {@code base64_decode} before it decoded from its
     * buffer: it moves to that buffer, marked {@link Content#base64Data}. One with no decode before it
     * stays in {@code base64_data}, which the engine does not inspect.
     */
    private static void decodedContents(List<Object> matches) {
        String from = null;
        for (Object m : matches) {
            if (m instanceof Rule.BufferTest t && t.keyword().equals("base64_decode")) from = t.buffer();
            else if (m instanceof Content c && c.buffer.equals("base64_data") && from != null) {
                c.buffer = from;
                c.base64Data = true;
            } else if (m instanceof Pcre x && x.buffer.equals("base64_data") && from != null) {
                x.buffer = from;
                x.base64Data = true;
            }
        }
    }

    private static void bufferTest(RuleParser p, State s, String n, String v) throws RuleException {
        if (n.equals("base64_decode")) {
            if (v != null && !SYNTAX.get(n).matcher(v).matches()) throw new RuleException(n, "bad base64_decode options: " + v);
            s.matches.add(new Rule.BufferTest(s.buffer, n, v == null ? "" : v.trim()));
            return;
        }
        String x = value(n, v);
        if (!SYNTAX.get(n).matcher(x).matches()) throw new RuleException(n, "bad " + n + " value: " + x);
        if (n.equals("byte_extract")) {
            String name = x.split(",")[2].trim();
            if (!s.extracted.add(name)) throw new RuleException(n, "byte_extract variable " + name + " defined twice");
        }
        if (n.equals("byte_math")) {
            java.util.regex.Matcher result = BYTE_MATH_RESULT.matcher(x);
            if (!result.find()) throw new RuleException(n, "byte_math needs a result");
            if (!s.extracted.add(result.group(1))) throw new RuleException(n, "byte_math variable " + result.group(1) + " defined twice");
        }
        if (n.equals("bsize")) Compare.parse(n, x, Integer.MAX_VALUE);
        s.matches.add(new Rule.BufferTest(relativeBuffer(s, x), n, x));
    }

    /**
     * The buffer a test works in: a relative one right after a match of a content modifier buffer
     * ({@code uricontent:"x"; isdataat:4,relative;}) works in that match's buffer, as in Suricata.
     */
    private static String relativeBuffer(State s, String value) {
        if (!PAYLOAD.equals(s.buffer) || s.last == null || !value.matches(".*\\brelative\\b.*")) return s.buffer;
        return s.last instanceof Content c ? c.buffer : s.last instanceof Pcre x ? x.buffer : s.buffer;
    }

    private static final Pattern BYTE_MATH_RESULT = Pattern.compile("(?:^|,)\\s*result\\s+([A-Za-z_]\\w*)");

    /**
     * {@code urilen}: the length of the normalized URI ({@code ,raw}: the raw one), which is what Suricata
     * tests; a {@code bsize} of that buffer, wherever in the rule the keyword stands.
     */
    private static void urilen(RuleParser p, State s, String n, String v) throws RuleException {
        String x = value(n, v).trim().replace(" ", "");
        Compare.parse(n, x, Integer.MAX_VALUE);
        int comma = x.indexOf(',');
        boolean raw = comma >= 0 && x.substring(comma + 1).equals("raw");
        if (comma >= 0) x = x.substring(0, comma);
        s.matches.add(new Rule.BufferTest(raw ? "http.uri.raw" : "http.uri", "bsize", x));
    }

    private static void compare(RuleParser p, State s, String n, String v) throws RuleException {
        long max = switch (n) {
            case "ttl", "tos", "itype", "icode", "ip_proto" -> 255;
            case "icmp_id", "icmp_seq", "window", "id", "tcp.mss" -> 65535;
            case "seq", "ack" -> 0xFFFF_FFFFL;
            default -> Integer.MAX_VALUE;
        };
        String x = value(n, v);
        if (n.equals("ip_proto") && !x.matches("[!<>]?\\s*\\d+")) x = String.valueOf(ipProto(n, x));
        s.conditions.add(Compare.parse(n, x, max));
    }

    private static int ipProto(String n, String name) throws RuleException {
        return switch (name.replace("!", "").trim().toLowerCase(java.util.Locale.ROOT)) {
            case "icmp" -> 1;
            case "igmp" -> 2;
            case "tcp" -> 6;
            case "udp" -> 17;
            case "ipv6-icmp", "icmpv6" -> 58;
            case "gre" -> 47;
            case "esp" -> 50;
            case "ah" -> 51;
            case "sctp" -> 132;
            default -> throw new RuleException(n, "unknown protocol name " + name);
        };
    }

    private static final Set<String> FLOW_WORDS = Set.of("to_server", "to_client", "from_server", "from_client", "established",
            "not_established", "stateless", "only_stream", "no_stream", "only_frag", "no_frag");

    /** What the value of each keyword checked by pattern must look like. */
    private static final Map<String, Pattern> SYNTAX = Map.ofEntries(
            Map.entry("isdataat", Pattern.compile("!?\\s*(\\d+|[A-Za-z_]\\w*)(\\s*,\\s*(relative|rawbytes))*")),
            Map.entry("byte_test", Pattern.compile("\\s*\\d+\\s*,\\s*(!\\s*(<=|>=|<|>|=|&|\\^)?|<=|>=|<|>|=|&|\\^)\\s*,\\s*(-?\\w+)\\s*,\\s*(-?\\w+)(\\s*,\\s*[\\w ]+)*")),
            Map.entry("byte_jump", Pattern.compile("\\s*\\d+\\s*,\\s*(-?\\w+)(\\s*,\\s*[\\w -]+)*")),
            Map.entry("byte_extract", Pattern.compile("\\s*\\d+\\s*,\\s*-?\\d+\\s*,\\s*[A-Za-z_]\\w*(\\s*,\\s*[\\w ]+)*")),
            Map.entry("byte_math", Pattern.compile("[\\w ,+\\-*/<>]+")),
            Map.entry("bsize", Pattern.compile("\\s*(!|<=|>=|<|>|=)?\\s*\\d+\\s*(<>\\s*\\d+\\s*)?")),
            Map.entry("base64_decode", Pattern.compile("(\\s*(bytes\\s+\\d+|offset\\s+\\d+|relative)\\s*,?)*")),
            Map.entry("flowbits", Pattern.compile("\\s*(noalert|(set|isset|isnotset|unset|toggle)\\s*,\\s*[\\w.\\-]+(\\s*[|&]\\s*[\\w.\\-]+)*)\\s*")),
            Map.entry("xbits", Pattern.compile("\\s*(set|unset|isset|isnotset|toggle)\\s*,\\s*[\\w.\\-]+\\s*,\\s*track\\s+(ip_src|ip_dst|ip_pair|tx)(\\s*,\\s*expire\\s+\\d+)?\\s*")),
            Map.entry("flowint", Pattern.compile("\\s*[\\w.\\-]+\\s*,\\s*(isset|notset|isnotset|(=|\\+|-|==|!=|<|<=|>|>=)\\s*,\\s*[\\w.\\-]+)\\s*")),
            Map.entry("threshold", Pattern.compile("(\\s*(type\\s+(limit|threshold|both|backoff)|track\\s+(by_src|by_dst|by_rule|by_both|by_flow)|count\\s+\\d+|seconds\\s+\\d+|multiplier\\s+\\d+)\\s*,?)+")),
            Map.entry("detection_filter", Pattern.compile("(\\s*(track\\s+(by_src|by_dst|by_rule|by_both|by_flow)|count\\s+\\d+|seconds\\s+\\d+)\\s*,?)+")),
            Map.entry("flags", Pattern.compile("\\s*[!+*]?[FSRPAUCE0N12]+[!+*]?(\\s*,\\s*[FSRPAUCE12]+)?\\s*")),
            Map.entry("ipopts", Pattern.compile("\\s*(rr|eol|nop|ts|sec|esec|lsrr|lsrre|ssrr|satid|any)\\s*")),
            Map.entry("fragbits", Pattern.compile("\\s*[!+*]?[MDR]+[!+*]?\\s*")),
            Map.entry("tag", Pattern.compile("\\s*(host|session)(\\s*,\\s*\\d+\\s*,\\s*(packets|seconds|bytes)|\\s*,\\s*(packets|seconds|bytes)\\s+\\d+)?(\\s*,\\s*(src|dst))?\\s*")),
            Map.entry("app-layer-protocol", Pattern.compile("\\s*!?[\\w\\-]+(\\s*,\\s*(final|original|either|to_server|to_client))?\\s*")),
            Map.entry("tls.version", Pattern.compile("(?i)\\s*\"?\\s*(1\\.[0-3]|ssl(v)?[23](\\.0)?|0x[0-9a-f]{4})\\s*\"?\\s*")),
            Map.entry("stream_size", Pattern.compile("\\s*(server|client|both|either)\\s*,\\s*(<=|>=|<|>|=|!=)\\s*,\\s*\\d+\\s*")),
            Map.entry("dns.opcode", Pattern.compile("\\s*!?\\d+\\s*")),
            Map.entry("prefilter", Pattern.compile("")));

    private static void setting(RuleParser p, State s, String n, String v) throws RuleException {
        switch (n) {
            case "flow" -> {
                for (String w : value(n, v).split(",")) {
                    if (!FLOW_WORDS.contains(w.trim())) throw new RuleException(n, "unknown flow option " + w.trim());
                }
            }
            case "sameip", "noalert" -> noValue(n, v);
            case "prefilter" -> {
                noValue(n, v);
                if (!(s.last instanceof Content) && s.conditions.isEmpty()) throw new RuleException(n, "prefilter needs a keyword before it");
            }
            case "ssh.protoversion", "ssh.softwareversion", "tls_cert_notbefore", "tls_cert_notafter" -> value(n, v);
            case "tls.cert_expired", "tls.cert_valid" -> noValue(n, v);
            default -> {
                String x = value(n, v);
                Pattern syntax = SYNTAX.get(n);
                if (syntax != null && !syntax.matcher(x).matches()) throw new RuleException(n, "bad " + n + " value: " + x);
            }
        }
        s.conditions.add(new Rule.Setting(n, v == null ? null : v.trim()));
    }
}
