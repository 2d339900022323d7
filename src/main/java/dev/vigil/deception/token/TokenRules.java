package dev.vigil.deception.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Every honeytoken as Suricata rules: the sensor loads them with the site's rules, and a site that runs
 * Suricata can load the same file ({@code vigil token rules}). A token has a block of ten signature ids
 * (7120000-7199999); each place its value can show in traffic is one rule of the block:
 * <ul>
 * <li>credential (and the credentials of env/ini files): the user name inside HTTP Basic/Proxy
 *     authorization (the base64 of {@code user:} is fixed whatever password follows, so a guess with
 *     another password is caught too), the password in a request body (form posts, JSON) or URI, the
 *     user name of an FTP USER, of an NTLMSSP AUTHENTICATE (SMB), and of SMTP AUTH LOGIN/PLAIN;</li>
 * <li>API key: the access key id in request headers (a signed request's Authorization), URIs
 *     (presigned URLs) and bodies;</li>
 * <li>DNS canary: a query for the name or any name under it;</li>
 * <li>URL, DOCX, PDF: a request for the beacon path.</li>
 * </ul>
 * Each rule alerts at most once per source in five minutes ({@code threshold}); its message carries
 * the token's memo and its metadata the token id and the ATT&CK techniques.
 */
public final class TokenRules {
    /** The classtype of token rules, with its description and priority (a token touched is always serious). */
    public static final String CLASSTYPE = "honeytoken", CLASS_DESCRIPTION = "Honeytoken touched", CLASS_PRIORITY = "1";
    private static final String THRESHOLD = "threshold: type limit, track by_src, count 1, seconds 300; ";
    private static final List<String> CREDENTIAL_TECHNIQUES = List.of("T1078", "T1552.001");
    private static final String MAIL_PORTS = "[25,587,2525,110,143]";

    private TokenRules() {}

    /** The rules of every active token, one per line, with a comment line naming each token. */
    public static List<String> of(List<Honeytoken> tokens) {
        List<String> out = new ArrayList<>();
        for (Honeytoken t : tokens) {
            if (!t.active()) continue;
            out.add("# " + t.id() + " (" + t.type().cliName + "): " + oneLine(t.memo()));
            out.addAll(of(t));
        }
        return out;
    }

    public static List<String> of(Honeytoken t) {
        List<String> rules = new ArrayList<>();
        switch (t.type()) {
            case CREDENTIAL, INI -> credential(t, rules);
            case ENV -> {
                credential(t, rules);
                apiKey(t, rules, 7);
            }
            case API_KEY -> apiKey(t, rules, 0);
            case DNS -> rules.add(rule(t, 0, "dns", "DNS canary queried", "dns.query; dotprefix; content:\"" + content("." + t.value(Honeytoken.DNS_NAME)) + "\"; nocase; endswith;", List.of("T1552")));
            case URL, DOCX, PDF -> rules.add(rule(t, 0, "http", t.type() == TokenType.URL ? "URL fetched" : t.type().cliName.toUpperCase() + " document opened",
                    "flow:to_server; http.uri; content:\"" + content(java.net.URI.create(t.value(Honeytoken.URL)).getRawPath()) + "\";", List.of("T1552")));
        }
        return rules;
    }

    private static void credential(Honeytoken t, List<String> rules) {
        String user = t.value(Honeytoken.USERNAME), password = t.value(Honeytoken.PASSWORD);
        String basic = b64Prefix(user + ":");
        if (basic.length() < 8) basic = b64(user + ":" + password);
        List<String> techniques = CREDENTIAL_TECHNIQUES;
        rules.add(rule(t, 0, "http", "credential in HTTP authorization", "flow:to_server; http.header; content:\"" + content(basic) + "\";", techniques));
        String core = longestAlnumRun(password);
        if (core.length() >= 8) {
            rules.add(rule(t, 1, "http", "password in an HTTP request body", "flow:to_server; http.request_body; content:\"" + content(core) + "\";", techniques));
            rules.add(rule(t, 2, "http", "password in an HTTP request URI", "flow:to_server; http.uri.raw; content:\"" + content(core) + "\";", techniques));
        }
        rules.add(rule(t, 3, "ftp", "user name in an FTP login", "ftp.command_data; content:\"" + content(user) + "\"; nocase; startswith; endswith;", techniques));
        rules.add(rule(t, 4, "smb", "user name in an NTLM authentication", "smb.ntlmssp_user; content:\"" + content(user) + "\"; nocase; startswith; endswith;", techniques));
        rules.add(rule(t, 5, "tcp", "user name in SMTP/POP/IMAP AUTH LOGIN", "flow:to_server,established; content:\"" + content(b64(user)) + "\";", MAIL_PORTS, techniques));
        rules.add(rule(t, 6, "tcp", "user name in SMTP/POP/IMAP AUTH PLAIN", "flow:to_server,established; content:\"" + content(b64Prefix("\0" + user + "\0")) + "\";", MAIL_PORTS, techniques));
    }

    private static void apiKey(Honeytoken t, List<String> rules, int first) {
        String key = t.value(Honeytoken.ACCESS_KEY_ID);
        List<String> techniques = CREDENTIAL_TECHNIQUES;
        rules.add(rule(t, first, "http", "API key in HTTP request headers", "flow:to_server; http.header; content:\"" + key + "\";", techniques));
        rules.add(rule(t, first + 1, "http", "API key in an HTTP request URI", "flow:to_server; http.uri.raw; content:\"" + key + "\";", techniques));
        rules.add(rule(t, first + 2, "http", "API key in an HTTP request body", "flow:to_server; http.request_body; content:\"" + key + "\";", techniques));
    }

    private static String rule(Honeytoken t, int k, String proto, String what, String body, List<String> techniques) {
        return rule(t, k, proto, what, body, "any", techniques);
    }

    private static String rule(Honeytoken t, int k, String proto, String what, String body, String dstPorts, List<String> techniques) {
        StringBuilder md = new StringBuilder("vigil_detector honeytoken, honeytoken_id ").append(t.id()).append(", honeytoken_type ").append(t.type().cliName);
        for (String x : techniques) md.append(", mitre_technique_id ").append(x);
        return "alert " + proto + " any any -> any " + dstPorts + " (msg:\"VIGIL HONEYTOKEN " + what + " - " + msgText(t.memo()) + "\"; " + body + " "
                + THRESHOLD + "classtype:" + CLASSTYPE + "; metadata: " + md + "; sid:" + (t.sid() + k) + "; rev:1;)";
    }

    /** The base64 characters fixed by {@code s} whatever follows it: those of its whole 3-byte groups. */
    static String b64Prefix(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int whole = b.length / 3 * 3;
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, whole));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String longestAlnumRun(String s) {
        String best = "";
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean alnum = i < s.length() && Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128;
            if (alnum && start < 0) start = i;
            if (!alnum && start >= 0) {
                if (i - start > best.length()) best = s.substring(start, i);
                start = -1;
            }
        }
        return best;
    }

    /** A content string: printable ASCII as itself, the rule syntax's own characters and the rest as |hex|. */
    static String content(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != ';' && c != '\\' && c != '|' && c != ':') b.append((char) c);
            else b.append('|').append(String.format("%02x", c)).append('|');
        }
        return b.toString();
    }

    /** A memo fit for a rule message: one line, none of the rule syntax's own characters, at most 120 characters. */
    static String msgText(String memo) {
        String s = oneLine(memo).replace('"', '\'').replace(';', ',').replace('\\', '/');
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
