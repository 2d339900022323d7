package dev.vigil.detect.ioc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Reads the values indicators are compared with out of one EVE record — Vigil's or Suricata's (v2 and v3
 * DNS layouts): endpoints of every flow-bound record, names from DNS, HTTP, TLS and QUIC, URLs and user
 * agents, TLS fingerprints and certificate fields, file hashes and names, mail addresses.
 */
public final class EveValues {
    private EveValues() {}

    /** The record types that carry something to match; alerts and stats are never matched (no feedback loops). */
    public static final Set<String> TYPES = Set.of("flow", "netflow", "dns", "http", "tls", "quic", "fileinfo", "smtp", "ssh", "smb", "ftp", "ftp_data", "dhcp", "rdp", "krb5", "snmp");

    public static boolean wanted(String eventType) {
        return TYPES.contains(eventType);
    }

    public static void fill(JsonNode r, ObservedValues out) {
        out.clear();
        out.endpoints(text(r, "src_ip"), text(r, "dest_ip"));
        if (r.has("src_port")) out.add(IndicatorField.SRC_PORT, r.path("src_port").asText());
        if (r.has("dest_port")) out.add(IndicatorField.DST_PORT, r.path("dest_port").asText());
        dns(r.path("dns"), out);
        JsonNode h = r.path("http");
        if (h.isObject()) http(h, r.path("dest_port").asInt(0), out);
        tls(r.path("tls"), out);
        JsonNode q = r.path("quic");
        if (q.isObject()) {
            out.add(IndicatorField.DOMAIN, text(q, "sni"));
            out.add(IndicatorField.JA3, text(q.path("ja3"), "hash"));
            out.add(IndicatorField.JA4, text(q, "ja4"));
        }
        JsonNode f = r.path("fileinfo");
        if (f.isObject()) {
            out.add(IndicatorField.MD5, text(f, "md5"));
            out.add(IndicatorField.SHA1, text(f, "sha1"));
            out.add(IndicatorField.SHA256, text(f, "sha256"));
            String name = text(f, "filename");
            if (name != null) {
                int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
                out.add(IndicatorField.FILE_NAME, name.substring(slash + 1));
            }
        }
        JsonNode s = r.path("smtp");
        if (s.isObject()) {
            out.add(IndicatorField.EMAIL, mailbox(text(s, "mail_from")));
            for (JsonNode to : s.path("rcpt_to")) out.add(IndicatorField.EMAIL, mailbox(to.asText()));
        }
        JsonNode e = r.path("email");
        if (e.isObject()) {
            out.add(IndicatorField.EMAIL, mailbox(text(e, "from")));
            for (JsonNode to : e.path("to")) out.add(IndicatorField.EMAIL, mailbox(to.asText()));
        }
    }

    private static void dns(JsonNode d, ObservedValues out) {
        if (!d.isObject()) return;
        out.add(IndicatorField.DOMAIN, text(d, "rrname"));
        for (JsonNode q : d.path("queries")) out.add(IndicatorField.DOMAIN, text(q, "rrname"));
        for (JsonNode a : d.path("answers")) {
            out.add(IndicatorField.DOMAIN, text(a, "rrname"));
            String type = text(a, "rrtype");
            // names an answer points at (a CNAME chain into a known-bad domain is the classic case)
            if ("CNAME".equals(type) || "NS".equals(type) || "MX".equals(type) || "PTR".equals(type)) out.add(IndicatorField.DOMAIN, text(a, "rdata"));
        }
        JsonNode g = d.path("grouped");
        for (String type : new String[] {"CNAME", "NS", "MX", "PTR"}) for (JsonNode n : g.path(type)) out.add(IndicatorField.DOMAIN, n.asText());
    }

    private static void http(JsonNode h, int port, ObservedValues out) {
        String host = text(h, "hostname");
        out.add(IndicatorField.DOMAIN, host);
        out.add(IndicatorField.USER_AGENT, text(h, "http_user_agent"));
        String url = text(h, "url");
        if (url != null) {
            if (url.contains("://")) out.add(IndicatorField.URL, url);
            else if (host != null) {
                int p = h.path("http_port").asInt(port);
                // port 443 with a cleartext record is a proxy or a misdirected client: the scheme stays http
                out.add(IndicatorField.URL, "http://" + host + (p == 80 || p <= 0 ? "" : ":" + p) + (url.startsWith("/") ? url : "/" + url));
            }
        }
    }

    private static void tls(JsonNode t, ObservedValues out) {
        if (!t.isObject()) return;
        out.add(IndicatorField.DOMAIN, text(t, "sni"));
        out.add(IndicatorField.JA3, text(t.path("ja3"), "hash"));
        out.add(IndicatorField.JA3S, text(t.path("ja3s"), "hash"));
        out.add(IndicatorField.JA4, text(t, "ja4"));
        out.add(IndicatorField.X509_SHA1, text(t, "fingerprint"));
        out.add(IndicatorField.X509_SERIAL, text(t, "serial"));
        out.add(IndicatorField.X509_SUBJECT, text(t, "subject"));
        out.add(IndicatorField.X509_ISSUER, text(t, "issuerdn"));
    }

    private static String mailbox(String s) {
        if (s == null) return null;
        int lt = s.lastIndexOf('<'), gt = s.lastIndexOf('>');
        return lt >= 0 && gt > lt ? s.substring(lt + 1, gt).trim() : s.trim();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }
}
