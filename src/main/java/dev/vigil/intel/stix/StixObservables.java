package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.stix.StixValidator.Report;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Value rules of the cyber-observable objects (STIX 2.1 section 6) that a property list cannot express. */
final class StixObservables {
    private StixObservables() {}

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern MIME = Pattern.compile("(application|audio|font|image|message|model|multipart|text|video)/[A-Za-z0-9!#$&^_.+-]+");
    private static final Pattern CHARSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$%&'+^_`{}~.:-]{0,39}");
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})*");
    private static final Set<String> SOCKET_FAMILY = Set.of("AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS",
            "AF_INET6", "AF_IRDA", "AF_BTH");
    private static final Set<String> SOCKET_TYPE = Set.of("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");

    /** Properties of the spec's nested observable structures; anything else there is custom content. */
    private static final Map<String, Set<String>> EMBEDDED = Map.of(
            "x509_v3_extensions", Set.of("basic_constraints", "name_constraints", "policy_constraints", "key_usage",
                    "extended_key_usage", "subject_key_identifier", "authority_key_identifier", "subject_alternative_name",
                    "issuer_alternative_name", "subject_directory_attributes", "crl_distribution_points", "inhibit_any_policy",
                    "private_key_usage_period_not_before", "private_key_usage_period_not_after", "certificate_policies",
                    "policy_mappings"),
            "values", Set.of("name", "data", "data_type"),
            "alternate_data_streams", Set.of("name", "hashes", "size"),
            "sections", Set.of("name", "size", "entropy", "hashes"),
            "body_multipart", Set.of("body", "body_raw_ref", "content_type", "content_disposition"));
    private static final Set<String> EMBEDDED_TIMESTAMPS = Set.of("private_key_usage_period_not_before",
            "private_key_usage_period_not_after", "time_date_stamp");
    private static final Set<String> HIVES = Set.of("hkey_local_machine", "hkey_current_user", "hkey_classes_root",
            "hkey_users", "hkey_current_config", "hkey_performance_data", "hkey_performance_text", "hkey_performance_nlstext",
            "hkey_dyn_data");
    private static final Set<String> UUID_V4_TYPES = Set.of("process");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    /** Custom content found inside a nested structure: (name, path). */
    interface Custom {
        void found(String name, String path);
    }

    static void check(Report must, Report should, ObjectNode o, String type, String p) {
        check(must, should, (n, path) -> { }, o, type, p);
    }

    static void check(Report must, Report should, Custom custom, ObjectNode o, String type, String p) {
        uuidVersion(should, o, type, p);
        nested(must, should, custom, o, p, 0);
        switch (type) {
            case "ipv4-addr" -> {
                String v = StixValidator.text(o, "value");
                if (v != null && !IPV4.matcher(v).matches()) must.issue("ipv4-addr", p + "value", "not an IPv4 address or CIDR block: " + v);
            }
            case "ipv6-addr" -> {
                String v = StixValidator.text(o, "value");
                if (v != null && !ipv6(v)) must.issue("ipv6-addr", p + "value", "not an IPv6 address or CIDR block: " + v);
            }
            case "mac-addr" -> {
                String v = StixValidator.text(o, "value");
                if (v != null && !MAC.matcher(v).matches()) must.issue("mac-addr", p + "value", "a MAC address is six lowercase colon-separated octets");
            }
            case "email-addr" -> {
                String v = StixValidator.text(o, "value");
                if (v != null && !v.matches("[^@\\s]+@[^@\\s]+")) must.issue("email-addr", p + "value", "not an email address: " + v);
            }
            case "url" -> {
                String v = StixValidator.text(o, "value");
                if (v != null && !url(v)) must.issue("url", p + "value", "not a URL: " + v);
            }
            case "file" -> file(must, should, o, p);
            case "directory" -> charset(must, o, "path_enc", p);
            case "artifact" -> artifact(must, should, o, p);
            case "network-traffic" -> networkTraffic(must, should, o, p);
            case "email-message" -> emailMessage(must, o, p);
            case "software" -> {
                String cpe = StixValidator.text(o, "cpe");
                if (cpe != null && !cpe.startsWith("cpe:2.3:")) must.issue("software-cpe", p + "cpe", "cpe must be a CPE 2.3 name");
                JsonNode langs = o.get("languages");
                if (langs != null) for (JsonNode l : langs) {
                    if (!Languages.isLanguage(l.asText(""))) must.issue("software-language", p + "languages", "languages are ISO 639-2 codes: " + l);
                }
            }
            case "x509-certificate" -> {
                if (o.size() <= 2 || (o.size() <= 4 && !hasAny(o, "is_self_signed", "hashes", "version", "serial_number",
                        "signature_algorithm", "issuer", "validity_not_before", "validity_not_after", "subject",
                        "subject_public_key_algorithm", "subject_public_key_modulus", "subject_public_key_exponent", "x509_v3_extensions"))) {
                    must.issue("required", p, "x509-certificate needs at least one property beyond type and id");
                }
            }
            case "windows-registry-key" -> {
                if (o.has("modified")) must.issue("deprecated", p + "modified", "modified is modified_time on windows-registry-key");
                String key = StixValidator.text(o, "key");
                if (key != null) {
                    int slash = key.indexOf('\\');
                    String hive = (slash < 0 ? key : key.substring(0, slash)).toLowerCase(java.util.Locale.ROOT);
                    if (!HIVES.contains(hive)) should.issue("windows-registry-key", p + "key", "the key should start with a full hive name (HKEY_...), not " + hive);
                }
            }
            default -> { }
        }
        JsonNode hashes = o.get("hashes");
        if (hashes != null) hashesCheck(must, should, hashes, p + "hashes");
        JsonNode ext = o.get("extensions");
        if (ext != null && ext.isObject()) extensions(must, should, ext, p + "extensions.");
    }

    private static boolean charsetKnown(String name) {
        if (!CHARSET.matcher(name).matches()) return false;
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    /** Observables with ID-contributing properties get name-based (v5) ids; the rest random (v4) ones. */
    private static void uuidVersion(Report should, ObjectNode o, String type, String p) {
        StixIds.Parsed id = StixIds.parse(StixValidator.text(o, "id"));
        if (id == null || !StixTypes.SCO.contains(type)) return;
        int want = UUID_V4_TYPES.contains(type) || !StixIds.hasContributingProperties(o) ? 4 : 5;
        if (id.uuid().version() != want) should.issue("uuid-check", p + "id", type + " identifiers should use UUID version " + want);
    }

    /** Walks nested structures: timestamps inside them, their custom properties, their dictionary keys. */
    private static void nested(Report must, Report should, Custom custom, JsonNode n, String path, int depth) {
        if (depth > 20 || n == null) return;
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) nested(must, should, custom, n.get(i), path + "[" + i + "]", depth + 1);
            return;
        }
        if (!n.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            String kp = path + (path.isEmpty() || path.endsWith(".") ? "" : ".") + k;
            if (depth > 0 && (EMBEDDED_TIMESTAMPS.contains(k) || StixProperties.TIMESTAMPS.contains(k))
                    && !(v.isTextual() && StixTimestamps.isValid(v.textValue()))) {
                must.issue("timestamp", kp, "not an RFC 3339 UTC timestamp: " + v);
            }
            if (depth > 0 && !k.equals(k.toLowerCase(java.util.Locale.ROOT)) && !(path.contains("hashes") || path.contains("ipfix")
                    || path.contains("request_header") || path.contains("document_info_dict") || path.contains("options")
                    || path.contains("environment_variables") || path.contains("additional_header_fields") || path.contains("exif_tags"))) {
                should.issue("observable-dictionary-keys", kp, "dictionary keys should be lowercase");
            }
            Set<String> known = EMBEDDED.get(k);
            if (known != null) {
                for (JsonNode item : v.isArray() ? v : java.util.List.of(v)) {
                    if (!item.isObject()) continue;
                    for (Iterator<String> f = item.fieldNames(); f.hasNext(); ) {
                        String prop = f.next();
                        if (!known.contains(prop)) custom.found(prop, kp + "." + prop);
                    }
                }
            }
            if (k.equals("extensions") && depth == 0) {
                for (Iterator<Map.Entry<String, JsonNode>> x = v.fields(); x.hasNext(); ) {
                    Map.Entry<String, JsonNode> ext = x.next();
                    if (StixProperties.SCO_EXTENSIONS.containsKey(ext.getKey())) nested(must, should, custom, ext.getValue(), kp + "." + ext.getKey(), depth + 2);
                }
                continue;
            }
            if (v.isContainerNode() && !k.equals("hashes")) nested(must, should, custom, v, kp, depth + 1);
        }
    }

    private static boolean hasAny(ObjectNode o, String... props) {
        for (String s : props) if (o.has(s)) return true;
        return false;
    }

    private static void file(Report must, Report should, ObjectNode o, String p) {
        if (!o.has("hashes") && !o.has("name")) must.issue("required", p, "a file needs hashes or name");
        charset(must, o, "name_enc", p);
        JsonNode size = o.get("size");
        if (size != null && (!size.isIntegralNumber() || size.asLong() < 0)) must.issue("file-size", p + "size", "size must be a non-negative integer");
        mime(should, o, p);
        String magic = StixValidator.text(o, "magic_number_hex");
        if (magic != null && !HEX.matcher(magic).matches()) must.issue("hex", p + "magic_number_hex", "not hex");
    }

    private static void mime(Report should, ObjectNode o, String p) {
        String m = StixValidator.text(o, "mime_type");
        if (m != null && !MIME.matcher(m).matches()) should.issue("mime-type", p + "mime_type", "not an IANA media type: " + m);
    }

    private static void charset(Report must, ObjectNode o, String prop, String p) {
        String v = StixValidator.text(o, prop);
        if (v != null && !charsetKnown(v)) must.issue("character-set", p + prop, "not an IANA character set name: " + v);
    }

    private static void artifact(Report must, Report should, ObjectNode o, String p) {
        boolean bin = o.has("payload_bin"), url = o.has("url");
        if (bin == url) must.issue("artifact", p, "an artifact has exactly one of payload_bin and url");
        String b64 = StixValidator.text(o, "payload_bin");
        if (bin && (b64 == null || b64.length() % 4 != 0 || !BASE64.matcher(b64).matches())) must.issue("binary", p + "payload_bin", "payload_bin must be base64");
        if (url && !o.has("hashes")) must.issue("artifact", p + "hashes", "an artifact with url needs hashes");
        if (o.has("decryption_key") && !o.has("encryption_algorithm")) must.issue("artifact", p + "decryption_key", "decryption_key needs encryption_algorithm");
        String u = StixValidator.text(o, "url");
        if (u != null && !url(u)) must.issue("url", p + "url", "not a URL: " + u);
        mime(should, o, p);
    }

    private static void networkTraffic(Report must, Report should, ObjectNode o, String p) {
        if (!o.has("src_ref") && !o.has("dst_ref")) must.issue("required", p, "network-traffic needs src_ref or dst_ref");
        for (String port : new String[] {"src_port", "dst_port"}) {
            JsonNode v = o.get(port);
            if (v != null && (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 65535)) {
                must.issue("port-range", p + port, port + " must be 0-65535");
            }
        }
        JsonNode protos = o.get("protocols");
        boolean ported = false;
        if (protos != null && protos.isArray()) for (JsonNode pr : protos) ported |= Set.of("tcp", "udp", "sctp").contains(pr.asText(""));
        if (ported && (!o.has("src_port") || !o.has("dst_port"))) {
            should.issue("network-traffic-ports", p, "TCP/UDP/SCTP traffic should carry both src_port and dst_port");
        }
        JsonNode active = o.get("is_active");
        if (active != null && active.asBoolean(false) && o.has("end")) must.issue("network-traffic", p + "end", "is_active traffic has no end");
        String s = StixValidator.text(o, "start"), e = StixValidator.text(o, "end");
        if (s != null && e != null && StixTimestamps.isValid(s) && StixTimestamps.isValid(e) && StixTimestamps.micros(e) < StixTimestamps.micros(s)) {
            must.issue("timestamp-order", p + "end", "end is before start");
        }
        JsonNode protocols = o.get("protocols");
        if (protocols != null) {
            if (!protocols.isArray() || protocols.isEmpty()) must.issue("network-traffic", p + "protocols", "protocols must be a non-empty list");
            else for (JsonNode pr : protocols) {
                if (!pr.asText("").matches("[a-z0-9][a-z0-9-]*")) should.issue("protocols", p + "protocols", "protocol names should be lowercase IANA service names: " + pr);
            }
        }
        JsonNode ipfix = o.get("ipfix");
        if (ipfix != null && ipfix.isObject()) {
            for (Iterator<String> it = ipfix.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.matches("[a-z][A-Za-z0-9]*")) should.issue("ipfix", p + "ipfix." + k, "ipfix keys should be IANA IPFIX element names");
            }
        }
    }

    private static void emailMessage(Report must, ObjectNode o, String p) {
        JsonNode multi = o.get("is_multipart");
        if (multi == null) return;
        if (multi.asBoolean(false) && o.has("body")) must.issue("email-message", p + "body", "a multipart message carries body_multipart, not body");
        if (!multi.asBoolean(false) && o.has("body_multipart")) must.issue("email-message", p + "body_multipart", "body_multipart needs is_multipart true");
    }

    static void hashesCheck(Report must, Report should, JsonNode h, String path) {
        if (!h.isObject() || h.isEmpty()) {
            must.issue("hashes", path, "hashes must be a non-empty dictionary");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String algo = e.getKey();
            if (!StixVocabularies.HASH_ALGO.contains(algo) && !algo.startsWith("x_")) {
                should.issue("hash-algo", path + "." + algo, "hash algorithm " + algo + " is not in the vocabulary");
            }
            String v = e.getValue().asText("");
            int want = switch (algo) {
                case "MD5" -> 32;
                case "SHA-1" -> 40;
                case "SHA-256", "SHA3-256" -> 64;
                case "SHA-512", "SHA3-512" -> 128;
                default -> -1;
            };
            if (want > 0 && !(v.length() == want && v.matches("[0-9a-fA-F]+"))) {
                should.issue("hash-length", path + "." + algo, algo + " should be " + want + " hex digits");
            }
        }
    }

    private static void extensions(Report must, Report should, JsonNode ext, String p) {
        for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String ep = p + e.getKey();
            switch (e.getKey()) {
                case "ntfs-ext" -> {
                    JsonNode ads = v.get("alternate_data_streams");
                    if (ads != null) for (JsonNode a : ads) if (a.has("hashes")) hashesCheck(must, should, a.get("hashes"), ep + ".alternate_data_streams.hashes");
                }
                case "windows-pebinary-ext" -> {
                    String pt = StixValidator.text(v, "pe_type");
                    if (pt != null && !StixVocabularies.WINDOWS_PEBINARY_TYPE.contains(pt)) should.issue("windows-pebinary-type", ep + ".pe_type", "pe_type " + pt + " not in vocabulary");
                    if (v.has("file_header_hashes")) hashesCheck(must, should, v.get("file_header_hashes"), ep + ".file_header_hashes");
                    JsonNode oh = v.get("optional_header");
                    if (oh != null && oh.has("hashes")) hashesCheck(must, should, oh.get("hashes"), ep + ".optional_header.hashes");
                    JsonNode secs = v.get("sections");
                    if (secs != null) for (JsonNode s : secs) if (s.has("hashes")) hashesCheck(must, should, s.get("hashes"), ep + ".sections.hashes");
                }
                case "pdf-ext" -> {
                    JsonNode info = v.get("document_info_dict");
                    if (info != null && info.isObject()) for (Iterator<String> f = info.fieldNames(); f.hasNext(); ) {
                        String k = f.next();
                        if (!Set.of("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate", "Trapped").contains(k)) {
                            should.issue("pdf-doc-info", ep + ".document_info_dict." + k, "not a PDF document information key");
                        }
                    }
                }
                case "socket-ext" -> {
                    String af = StixValidator.text(v, "address_family");
                    if (af != null && !SOCKET_FAMILY.contains(af)) must.issue("socket-ext", ep + ".address_family", "unknown address family " + af);
                    String st = StixValidator.text(v, "socket_type");
                    if (st != null && !SOCKET_TYPE.contains(st)) must.issue("socket-ext", ep + ".socket_type", "unknown socket type " + st);
                    JsonNode opts = v.get("options");
                    if (opts != null && opts.isObject()) for (Iterator<String> f = opts.fieldNames(); f.hasNext(); ) {
                        String k = f.next();
                        if (!k.matches("SO_[A-Z0-9_]+")) should.issue("socket-options", ep + ".options." + k, "socket option names should start with SO_");
                    }
                }
                case "http-request-ext" -> {
                    JsonNode hdr = v.get("request_header");
                    if (hdr != null && hdr.isObject()) for (Iterator<String> f = hdr.fieldNames(); f.hasNext(); ) {
                        String k = f.next();
                        if (!k.matches("[A-Z][A-Za-z0-9]*(-[A-Z][A-Za-z0-9]*)*")) should.issue("http-request-headers", ep + ".request_header." + k, "not a canonical HTTP header name");
                    }
                }
                case "windows-process-ext" -> {
                    String pr = StixValidator.text(v, "priority");
                    if (pr != null && !pr.endsWith("_CLASS")) should.issue("windows-process-priority-format", ep + ".priority", "priority should end in _CLASS");
                }
                default -> { }
            }
        }
    }

    static boolean ipv6(String v) {
        String addr = v;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            String len = v.substring(slash + 1);
            if (!len.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(len) > 128) return false;
            addr = v.substring(0, slash);
        }
        if (!addr.matches("[0-9A-Fa-f:.]+") || addr.isEmpty()) return false;
        try {
            return java.net.InetAddress.ofLiteral(addr) instanceof java.net.Inet6Address || addr.contains(":");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean url(String v) {
        try {
            java.net.URI u = new java.net.URI(v);
            return u.getScheme() != null && (u.getHost() != null || u.getSchemeSpecificPart() != null && !u.getSchemeSpecificPart().isEmpty());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
