package dev.vigil.applayer.dns;

import java.util.Locale;
import java.util.Map;

/**
 * What the eve-log dns options of suricata.yaml let through, with Suricata's semantics:
 * <ul>
 *   <li>{@code requests} / {@code responses}: absent means yes; present, only a true value
 *       (yes, true, on, 1) keeps that kind of message.</li>
 *   <li>{@code types: [a, mx, ...]}: a message is logged only if one of its questions has a listed
 *       type, and a v3 record's {@code queries} and the v2 query records keep only those questions;
 *       answers are not filtered. An empty list logs nothing.</li>
 *   <li>{@code formats: [detailed, grouped]}: which answer layouts are written ("answers" and
 *       "grouped"); an empty or unrecognised list keeps both. Read only when responses are logged.</li>
 * </ul>
 * One Suricata quirk is kept on purpose: as soon as any option narrows the default, a question type
 * Suricata has no name for (an unassigned number) counts as not enabled, so such messages are no
 * longer logged even by {@code requests: no} alone.
 */
final class DnsLogFilter {
    /** Everything logged, both formats: the default, and what no option changes. */
    static final DnsLogFilter ALL = new DnsLogFilter(true, true, null, true, true);

    /** The rrtypes Suricata's dns logger has a {@code types} name for, by that name. */
    private static final Map<String, Integer> TYPE_NAMES = Map.ofEntries(
            Map.entry("a", 1), Map.entry("ns", 2), Map.entry("md", 3), Map.entry("mf", 4), Map.entry("cname", 5),
            Map.entry("soa", 6), Map.entry("mb", 7), Map.entry("mg", 8), Map.entry("mr", 9), Map.entry("null", 10),
            Map.entry("wks", 11), Map.entry("ptr", 12), Map.entry("hinfo", 13), Map.entry("minfo", 14),
            Map.entry("mx", 15), Map.entry("txt", 16), Map.entry("rp", 17), Map.entry("afsdb", 18),
            Map.entry("x25", 19), Map.entry("isdn", 20), Map.entry("rt", 21), Map.entry("nsap", 22),
            Map.entry("nsapptr", 23), Map.entry("sig", 24), Map.entry("key", 25), Map.entry("px", 26),
            Map.entry("gpos", 27), Map.entry("aaaa", 28), Map.entry("loc", 29), Map.entry("nxt", 30),
            Map.entry("srv", 33), Map.entry("atma", 34), Map.entry("naptr", 35), Map.entry("kx", 36),
            Map.entry("cert", 37), Map.entry("a6", 38), Map.entry("dname", 39), Map.entry("opt", 41),
            Map.entry("apl", 42), Map.entry("ds", 43), Map.entry("sshfp", 44), Map.entry("ipseckey", 45),
            Map.entry("rrsig", 46), Map.entry("nsec", 47), Map.entry("dnskey", 48), Map.entry("dhcid", 49),
            Map.entry("nsec3", 50), Map.entry("nsec3param", 51), Map.entry("tlsa", 52), Map.entry("hip", 55),
            Map.entry("cds", 59), Map.entry("cdnskey", 60), Map.entry("https", 65), Map.entry("spf", 99),
            Map.entry("tkey", 249), Map.entry("tsig", 250), Map.entry("maila", 254), Map.entry("any", 255),
            Map.entry("uri", 256));
    /** Indexed by rrtype: Suricata has a name for it (and so a {@code types} switch). */
    private static final boolean[] KNOWN = new boolean[257];
    static {
        for (int t : TYPE_NAMES.values()) KNOWN[t] = true;
    }

    final boolean requests, responses, grouped, detailed;
    /** Indexed by rrtype, the types listed; null when no {@code types} option was given (every named type). */
    private final boolean[] types;
    /** No option narrowed anything: every message and question is logged, named type or not. */
    private final boolean unfiltered;

    private DnsLogFilter(boolean requests, boolean responses, boolean[] types, boolean grouped, boolean detailed) {
        this.requests = requests;
        this.responses = responses;
        this.types = types;
        this.grouped = grouped;
        this.detailed = detailed;
        this.unfiltered = requests && responses && types == null && grouped && detailed;
    }

    /**
     * The filter the settings "dns.requests", "dns.responses", "dns.types" and "dns.formats" describe
     * (lists comma-separated), {@link #ALL} when none is set.
     */
    static DnsLogFilter of(Map<String, String> settings) {
        boolean requests = isTrueOrAbsent(settings.get("dns.requests"));
        boolean responses = isTrueOrAbsent(settings.get("dns.responses"));
        boolean[] types = null;
        String t = settings.get("dns.types");
        if (t != null) {
            types = new boolean[257];
            for (String name : items(t)) {
                Integer n = TYPE_NAMES.get(name);
                if (n != null) types[n] = true;
            }
        }
        boolean grouped = true, detailed = true;
        String f = settings.get("dns.formats");
        if (responses && f != null) {
            boolean g = false, d = false;
            for (String name : items(f)) {
                if (name.equals("grouped")) g = true;
                else if (name.equals("detailed")) d = true;
            }
            // Suricata keeps both when the list names neither
            if (g || d) {
                grouped = g;
                detailed = d;
            }
        }
        DnsLogFilter filter = new DnsLogFilter(requests, responses, types, grouped, detailed);
        return filter.unfiltered ? ALL : filter;
    }

    /** Suricata logs a question of this type. */
    boolean typeEnabled(int rrtype) {
        if (unfiltered) return true;
        if (rrtype < 0 || rrtype >= KNOWN.length || !KNOWN[rrtype]) return false;
        return types == null || types[rrtype];
    }

    /** The message is logged at all: its kind is on and one of its questions has an enabled type. */
    boolean logs(DnsMessage m) {
        if (!(m.response() ? responses : requests)) return false;
        for (DnsMessage.Question q : m.questions) if (typeEnabled(q.type())) return true;
        return false;
    }

    private static boolean isTrueOrAbsent(String v) {
        if (v == null) return true;
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("true") || s.equals("on") || s.equals("1");
    }

    private static String[] items(String list) {
        String[] parts = list.toLowerCase(Locale.ROOT).split(",");
        for (int i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
        return parts;
    }

    @Override
    public String toString() {
        return "DnsLogFilter[requests=" + requests + ", responses=" + responses + ", types=" + (types == null ? "all" : "listed")
                + ", grouped=" + grouped + ", detailed=" + detailed + "]";
    }
}
