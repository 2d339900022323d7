package dev.vigil.applayer.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the eve-log {@code http} type writes, from its suricata.yaml options:
 * <ul>
 *   <li>{@code extended} (setting "http.extended"): the fields after the basic ones ({@code http_refer},
 *       {@code http_method}, {@code protocol}, {@code status}, {@code redirect}, {@code length}). Suricata
 *       turns them on only when asked, but its shipped suricata.yaml asks; Vigil writes them unless the
 *       option is set false.</li>
 *   <li>{@code dump-all-headers: request|response|both} ("http.dump-all-headers"): every header of that
 *       message as {@code request_headers}/{@code response_headers}, arrays of {name, value}.</li>
 *   <li>{@code custom: [names]} ("http.custom", comma-joined): the headers of those names only, in the same
 *       arrays (Suricata 7 and later). A name is one of Suricata's field names ({@code accept_encoding})
 *       or the header's own name in any case ({@code Accept-Encoding}); unknown names are ignored, as
 *       Suricata ignores them.</li>
 * </ul>
 * Header bytes are kept only when one of the last two asks for them.
 */
public record HttpLogOptions(boolean extended, boolean dumpRequest, boolean dumpResponse, List<String> customHeaders) {

    /** Suricata's default configuration: extended fields, no header arrays. */
    public static final HttpLogOptions DEFAULT = new HttpLogOptions(true, false, false, List.of());

    /**
     * The headers Suricata's custom list can name: its field name, then the header name it matches (lower
     * case). Two are Suricata's own spellings and match no common header: "etag" looks for "etags" and
     * "accept_range" for "accept-range"; they are kept as Suricata has them.
     */
    private static final String[][] FIELDS = {
        {"accept", "accept"}, {"accept_charset", "accept-charset"}, {"accept_encoding", "accept-encoding"},
        {"accept_language", "accept-language"}, {"accept_datetime", "accept-datetime"},
        {"authorization", "authorization"}, {"cache_control", "cache-control"}, {"cookie", "cookie"},
        {"from", "from"}, {"max_forwards", "max-forwards"}, {"origin", "origin"}, {"pragma", "pragma"},
        {"proxy_authorization", "proxy-authorization"}, {"range", "range"}, {"te", "te"}, {"via", "via"},
        {"x_requested_with", "x-requested-with"}, {"dnt", "dnt"}, {"x_forwarded_proto", "x-forwarded-proto"},
        {"x_authenticated_user", "x-authenticated-user"}, {"x_flash_version", "x-flash-version"},
        {"accept_range", "accept-range"}, {"age", "age"}, {"allow", "allow"}, {"connection", "connection"},
        {"content_encoding", "content-encoding"}, {"content_language", "content-language"},
        {"content_length", "content-length"}, {"content_location", "content-location"},
        {"content_md5", "content-md5"}, {"content_range", "content-range"}, {"content_type", "content-type"},
        {"date", "date"}, {"etag", "etags"}, {"expires", "expires"}, {"last_modified", "last-modified"},
        {"link", "link"}, {"location", "location"}, {"proxy_authenticate", "proxy-authenticate"},
        {"referer", "referer"}, {"refresh", "refresh"}, {"retry_after", "retry-after"}, {"server", "server"},
        {"set_cookie", "set-cookie"}, {"trailer", "trailer"}, {"transfer_encoding", "transfer-encoding"},
        {"upgrade", "upgrade"}, {"vary", "vary"}, {"warning", "warning"}, {"www_authenticate", "www-authenticate"},
        {"true_client_ip", "true-client-ip"}, {"org_src_ip", "org-src-ip"}, {"x_bluecoat_via", "x-bluecoat-via"},
    };

    public HttpLogOptions {
        customHeaders = List.copyOf(customHeaders);
    }

    /** The options among {@code settings} ("http.extended", "http.dump-all-headers", "http.custom"). */
    public static HttpLogOptions from(Map<String, String> settings) {
        String ext = settings.get("http.extended");
        boolean extended = ext == null || isTrue(ext);
        String dump = settings.get("http.dump-all-headers");
        dump = dump == null ? "" : dump.trim();
        // Suricata compares prefixes: "both", "request", "response"
        boolean both = dump.startsWith("both");
        boolean req = both || dump.startsWith("request");
        boolean resp = both || dump.startsWith("response");
        List<String> custom = new ArrayList<>();
        String list = settings.get("http.custom");
        if (list != null) {
            for (String item : list.split(",")) {
                String name = item.trim();
                for (String[] f : FIELDS) {
                    if (f[0].equals(name) || f[1].equalsIgnoreCase(name)) {
                        // with extended on, Referer is already http_refer: Suricata does not log it twice
                        if (!(extended && f[0].equals("referer")) && !custom.contains(f[1])) custom.add(f[1]);
                        break;
                    }
                }
            }
        }
        HttpLogOptions o = new HttpLogOptions(extended, req, resp, custom);
        return o.equals(DEFAULT) ? DEFAULT : o;
    }

    private static boolean isTrue(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("true") || s.equals("on") || s.equals("1");
    }

    /** Whether any header of this direction's messages is kept. */
    boolean keepsHeaders(boolean request) {
        return (request ? dumpRequest : dumpResponse) || !customHeaders.isEmpty();
    }

    /** Whether a header named {@code b[off, off+len)} is kept for a message of this direction. */
    boolean keeps(boolean request, byte[] b, int off, int len) {
        if (request ? dumpRequest : dumpResponse) return true;
        for (int i = 0; i < customHeaders.size(); i++) if (HeaderValues.is(b, off, len, customHeaders.get(i))) return true;
        return false;
    }
}
