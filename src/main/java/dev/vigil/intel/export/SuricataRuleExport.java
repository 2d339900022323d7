package dev.vigil.intel.export;

import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorField;
import dev.vigil.intel.CompiledIndicator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Indicators as Suricata rules, for sensors that are not Vigil: one rule per clause and protocol whose
 * sticky buffers can say the clause (a domain becomes a dns.query, a tls.sni and an http.host rule),
 * addresses and ports in the rule header, exact values pinned with {@code bsize}. Sids are numbered from
 * {@link #FIRST_SID} in the order given (sort the indicators for stable numbers); each rule names its
 * indicator in {@code metadata}. What no Suricata keyword can say inline (file hashes need a list file,
 * mail addresses) is reported as skipped, not dropped silently.
 */
public final class SuricataRuleExport {
    public static final int FIRST_SID = 7_300_000;
    public static final int LAST_SID = 7_999_999;

    public record Result(List<String> rules, List<String> skipped) {}

    private SuricataRuleExport() {}

    private enum Proto { DNS, TLS, HTTP }

    private static final Set<IndicatorField> HEADER = EnumSet.of(IndicatorField.IP, IndicatorField.SRC_IP, IndicatorField.DST_IP, IndicatorField.SRC_PORT, IndicatorField.DST_PORT);

    public static Result export(List<CompiledIndicator> indicators) {
        List<String> rules = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int sid = FIRST_SID;
        for (CompiledIndicator ci : indicators) {
            for (List<Atom> clause : ci.clauses()) {
                List<String> made;
                try {
                    made = rules(ci, clause);
                } catch (IllegalArgumentException e) {
                    skipped.add(ci.info().id() + ": " + e.getMessage());
                    continue;
                }
                for (String body : made) {
                    if (sid > LAST_SID) {
                        skipped.add(ci.info().id() + ": sid range exhausted");
                        continue;
                    }
                    rules.add(body.replace("sid:0;", "sid:" + sid++ + ";"));
                }
            }
        }
        return new Result(rules, skipped);
    }

    private static List<String> rules(CompiledIndicator ci, List<Atom> clause) {
        String src = "any", dst = "any", sport = "any", dport = "any";
        boolean either = false;
        List<Atom> app = new ArrayList<>();
        for (Atom a : clause) {
            switch (a.field()) {
                case IP -> {
                    dst = address(a);
                    either = true;
                }
                case SRC_IP -> src = address(a);
                case DST_IP -> dst = address(a);
                case SRC_PORT -> sport = a.value();
                case DST_PORT -> dport = a.value();
                default -> app.add(a);
            }
        }
        if (either && !src.equals("any")) throw new IllegalArgumentException("an address on either side together with a source address has no rule header");
        String dir = either ? "<>" : "->";
        String msg = "VIGIL INTEL " + (ci.info().name() == null ? ci.info().id() : ci.info().name());
        String meta = "metadata:vigil_indicator_id " + ci.info().id() + (ci.info().validUntil() == null ? "" : ", vigil_valid_until " + ci.info().validUntil().replace(',', ' ').replace(';', ' '));
        List<String> out = new ArrayList<>();
        if (app.isEmpty()) {
            boolean ports = !sport.equals("any") || !dport.equals("any");
            for (String proto : ports ? List.of("tcp", "udp") : List.of("ip")) {
                out.add("alert " + proto + " " + src + " " + sport + " " + dir + " " + dst + " " + dport + " (msg:\"" + text(msg) + "\"; " + meta + "; sid:0; rev:1;)");
            }
            return out;
        }
        for (Proto p : Proto.values()) {
            StringBuilder body = new StringBuilder();
            boolean ok = true;
            for (Atom a : app) {
                String k = keyword(p, a);
                if (k == null) {
                    ok = false;
                    break;
                }
                body.append(k);
            }
            if (!ok) continue;
            out.add("alert " + p.name().toLowerCase(Locale.ROOT) + " " + src + " " + sport + " " + dir + " " + dst + " " + dport + " (msg:\"" + text(msg) + "\"; "
                    + body + meta + "; sid:0; rev:1;)");
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no Suricata keyword matches " + describe(app));
        return out;
    }

    private static String describe(List<Atom> app) {
        return app.stream().map(a -> a.field().name().toLowerCase(Locale.ROOT)).distinct().toList().toString();
    }

    /** The sticky buffer and content that say {@code a} in protocol {@code p}, or null when {@code p} cannot. */
    private static String keyword(Proto p, Atom a) {
        String v = a.value();
        // a rule cannot say "empty": content needs bytes
        if (v.isEmpty()) return null;
        return switch (a.field()) {
            case DOMAIN -> {
                String buf = switch (p) {
                    case DNS -> "dns.query";
                    case TLS -> "tls.sni";
                    case HTTP -> "http.host";
                };
                if (a.kind() == Atom.Kind.UNDER_DOMAIN) {
                    // the name itself or any name under it: a dot-prefixed buffer ends with ".name"
                    yield buf + "; dotprefix; content:\"." + content(v) + "\"; nocase; endswith; ";
                }
                yield buf + "; content:\"" + content(v) + "\"; nocase; bsize:" + bytes(v) + "; ";
            }
            case URL -> {
                if (p != Proto.HTTP) yield null;
                int scheme = v.indexOf("://");
                if (scheme <= 0) yield null;
                int path = v.indexOf('/', scheme + 3);
                String host = v.substring(scheme + 3, path < 0 ? v.length() : path);
                int colon = host.lastIndexOf(':');
                if (colon >= 0 && host.indexOf(']') < colon) host = host.substring(0, colon);
                if (host.isEmpty()) yield null;
                String uri = path < 0 ? "/" : v.substring(path);
                yield "http.host; content:\"" + content(host) + "\"; bsize:" + bytes(host) + "; http.uri.raw; content:\"" + content(uri) + "\"; bsize:" + bytes(uri) + "; ";
            }
            case USER_AGENT -> p == Proto.HTTP ? "http.user_agent; content:\"" + content(v) + "\"; bsize:" + bytes(v) + "; " : null;
            case JA3 -> p == Proto.TLS ? "ja3.hash; content:\"" + content(v) + "\"; " : null;
            case JA3S -> p == Proto.TLS ? "ja3s.hash; content:\"" + content(v) + "\"; " : null;
            case JA4 -> p == Proto.TLS ? "ja4.hash; content:\"" + content(v) + "\"; " : null;
            case X509_SHA1 -> p == Proto.TLS ? "tls.cert_fingerprint; content:\"" + content(colons(v)) + "\"; " : null;
            case X509_SERIAL -> p == Proto.TLS ? "tls.cert_serial; content:\"" + content(colons(v).toUpperCase(Locale.ROOT)) + "\"; " : null;
            case X509_SUBJECT -> p == Proto.TLS ? "tls.cert_subject; content:\"" + content(v) + "\"; " : null;
            case X509_ISSUER -> p == Proto.TLS ? "tls.cert_issuer; content:\"" + content(v) + "\"; " : null;
            case FILE_NAME -> p == Proto.HTTP ? "file.name; content:\"" + content(v) + "\"; bsize:" + bytes(v) + "; " : null;
            default -> null;
        };
    }

    private static String address(Atom a) {
        return a.kind() == Atom.Kind.IN_BLOCK ? "[" + a.value() + "/" + a.prefixBits() + "]" : "[" + a.value() + "]";
    }

    private static int bytes(String v) {
        return v.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Hex pairs joined by colons, as Suricata prints fingerprints and serials. */
    private static String colons(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) s.append(':');
            s.append(hex, i, Math.min(hex.length(), i + 2));
        }
        return s.toString();
    }

    /** A content string: the bytes a rule's quoting gives meaning to (and anything not printable ASCII) as |hex|. */
    static String content(String v) {
        StringBuilder s = new StringBuilder();
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c >= 0x7f || c == '"' || c == ';' || c == '\\' || c == '|') s.append(String.format("|%02X|", c));
            else s.append((char) c);
        }
        return s.toString().replace("||", " ");
    }

    /** The msg text: quotes, semicolons and backslashes would end or bend the option. */
    private static String text(String v) {
        StringBuilder s = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (c == '"' || c == ';' || c == '\\') s.append('\\');
            if (c >= 0x20 && c != 0x7f) s.append(c);
        }
        return s.toString();
    }
}
