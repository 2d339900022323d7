package dev.vigil.intel.misp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MISP attribute type -> STIX pattern comparisons, learned from misp-stix's mapping tables but deliberately
 * different where misp-stix is wrong for detection: ports and AS numbers are integers (not quoted strings),
 * list properties use {@code [*]}, a CIDR value compares with {@code ISSUBSET}, and SHA-512/224 and /256 keep
 * their own hash names instead of being filed as SHA-224/SHA-256.
 */
public final class MispAttributeTypes {
    /** One type's mapping: comparisons from a value, and whether those comparisons also make a valid SCO. */
    interface Rule {
        List<Comparison> map(String value) throws Unmappable;

        default boolean observable() {
            return true;
        }
    }

    private record Plain(ValueMapper m, boolean observable) implements Rule {
        @Override
        public List<Comparison> map(String value) throws Unmappable {
            return m.map(value);
        }
    }

    @FunctionalInterface
    interface ValueMapper {
        List<Comparison> map(String value) throws Unmappable;
    }

    /** hash algorithm per MISP name: STIX hashes key and hex length (0 = not hex, checked another way). */
    record Hash(String key, int hexLength) {}

    static final Map<String, Hash> HASHES = Map.ofEntries(
            Map.entry("md5", new Hash("MD5", 32)),
            Map.entry("sha1", new Hash("SHA-1", 40)),
            Map.entry("sha224", new Hash("SHA-224", 56)),
            Map.entry("sha256", new Hash("SHA-256", 64)),
            Map.entry("sha384", new Hash("SHA-384", 96)),
            Map.entry("sha512", new Hash("SHA-512", 128)),
            Map.entry("sha512/224", new Hash("SHA-512-224", 56)),
            Map.entry("sha512/256", new Hash("SHA-512-256", 64)),
            Map.entry("sha3-224", new Hash("SHA3-224", 56)),
            Map.entry("sha3-256", new Hash("SHA3-256", 64)),
            Map.entry("sha3-384", new Hash("SHA3-384", 96)),
            Map.entry("sha3-512", new Hash("SHA3-512", 128)),
            Map.entry("ssdeep", new Hash("SSDEEP", 0)),
            Map.entry("tlsh", new Hash("TLSH", 0)),
            Map.entry("authentihash", new Hash("AUTHENTIHASH", 64)),
            Map.entry("pehash", new Hash("PEHASH", 40)),
            Map.entry("vhash", new Hash("VHASH", 0)),
            Map.entry("telfhash", new Hash("TELFHASH", 0)));

    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        put("ip-src", v -> ipRef("network-traffic:src_ref", v, true));
        put("ip-dst", v -> ipRef("network-traffic:dst_ref", v, true));
        put("ip-src|port", v -> ipPort("src", v));
        put("ip-dst|port", v -> ipPort("dst", v));
        put("domain", v -> List.of(Comparison.eq("domain-name:value", hostname(v))));
        put("hostname", v -> List.of(Comparison.eq("domain-name:value", hostname(v))));
        put("domain|ip", v -> {
            String[] p = split(v);
            List<Comparison> c = new ArrayList<>();
            c.add(Comparison.eq("domain-name:value", hostname(p[0])));
            c.add(Comparison.eq("domain-name:resolves_to_refs[*].value", com.google.common.net.InetAddresses.toAddrString(ipLiteral(p[1]))));
            return c;
        });
        put("hostname|port", v -> {
            String[] p = split(v);
            return List.of(Comparison.eq("network-traffic:dst_ref.type", "domain-name"),
                    Comparison.eq("network-traffic:dst_ref.value", hostname(p[0])),
                    Comparison.eq("network-traffic:dst_port", port(p[1])));
        });
        for (String t : List.of("url", "uri", "link")) put(t, v -> List.of(Comparison.eq("url:value", nonBlank(v))));
        put("email", v -> List.of(Comparison.eq("email-addr:value", email(v))));
        put("email-src", v -> List.of(Comparison.eq("email-message:from_ref.value", email(v))));
        put("email-dst", v -> List.of(Comparison.eq("email-message:to_refs[*].value", email(v))));
        put("email-subject", v -> List.of(Comparison.eq("email-message:subject", v)));
        put("email-body", v -> List.of(Comparison.eq("email-message:body", v)));
        put("email-message-id", v -> List.of(Comparison.eq("email-message:message_id", nonBlank(v))));
        put("email-reply-to", v -> List.of(Comparison.eq("email-message:additional_header_fields.'Reply-To'", email(v))));
        put("email-x-mailer", v -> List.of(Comparison.eq("email-message:additional_header_fields.'X-Mailer'", nonBlank(v))));
        for (Map.Entry<String, Hash> h : HASHES.entrySet()) {
            put(h.getKey(), v -> List.of(hash("file", h.getKey(), v)));
            put("filename|" + h.getKey(), v -> {
                String[] p = split(v);
                return List.of(Comparison.eq("file:name", nonBlank(p[0])), hash("file", h.getKey(), p[1]));
            });
        }
        put("malware-sample", v -> {
            String[] p = split(v);
            return List.of(Comparison.eq("file:name", nonBlank(p[0])), hash("file", "md5", p[1]));
        });
        put("imphash", v -> List.of(Comparison.eq("file:extensions.'windows-pebinary-ext'.imphash", hex(v, 32, "imphash"))));
        put("filename|imphash", v -> {
            String[] p = split(v);
            return List.of(Comparison.eq("file:name", nonBlank(p[0])), Comparison.eq("file:extensions.'windows-pebinary-ext'.imphash", hex(p[1], 32, "imphash")));
        });
        put("filename", v -> List.of(Comparison.eq("file:name", nonBlank(v))));
        RULES.put("size-in-bytes", new Plain(v -> List.of(Comparison.eq("file:size", number(v, Long.MAX_VALUE, "size"))), false));
        put("mutex", v -> List.of(Comparison.eq("mutex:name", nonBlank(v))));
        put("regkey", v -> List.of(Comparison.eq("windows-registry-key:key", registryKey(v))));
        put("regkey|value", v -> {
            String[] p = split(v);
            return List.of(Comparison.eq("windows-registry-key:key", registryKey(p[0])), Comparison.eq("windows-registry-key:values[*].data", p[1]));
        });
        put("AS", v -> {
            String n = v.regionMatches(true, 0, "AS", 0, 2) ? v.substring(2) : v;
            return List.of(Comparison.eq("autonomous-system:number", number(n.trim(), 4294967295L, "AS number")));
        });
        put("mac-address", v -> List.of(Comparison.eq("mac-addr:value", mac(v))));
        put("x509-fingerprint-md5", v -> List.of(hash("x509-certificate", "md5", v)));
        put("x509-fingerprint-sha1", v -> List.of(hash("x509-certificate", "sha1", v)));
        put("x509-fingerprint-sha256", v -> List.of(hash("x509-certificate", "sha256", v)));
        put("github-username", v -> List.of(Comparison.eq("user-account:account_type", "github"), Comparison.eq("user-account:account_login", nonBlank(v))));
        // network-traffic without an address is no valid SCO, so these are indicators only
        RULES.put("user-agent", new Plain(v -> List.of(Comparison.eq("network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'", nonBlank(v))), false));
        RULES.put("http-method", new Plain(v -> List.of(Comparison.eq("network-traffic:extensions.'http-request-ext'.request_method", nonBlank(v))), false));
        RULES.put("port", new Plain(v -> List.of(Comparison.eq("network-traffic:dst_port", port(v))), false));
        // STIX 2.1 has no TLS/SSH fingerprint properties: custom ones, named so the indicator compiler can find them
        RULES.put("ja3-fingerprint-md5", new Plain(v -> List.of(Comparison.eq("network-traffic:x_misp_ja3_fingerprint_md5", hex(v, 32, "JA3"))), false));
        RULES.put("hassh-md5", new Plain(v -> List.of(Comparison.eq("network-traffic:x_misp_hassh_md5", hex(v, 32, "HASSH"))), false));
        RULES.put("hasshserver-md5", new Plain(v -> List.of(Comparison.eq("network-traffic:x_misp_hasshserver_md5", hex(v, 32, "HASSH server"))), false));
    }

    private MispAttributeTypes() {}

    private static void put(String type, ValueMapper m) {
        RULES.put(type, new Plain(m, true));
    }

    /** The rule for a MISP attribute type, or null when the type has no STIX pattern mapping. */
    static Rule rule(String type) {
        return RULES.get(type);
    }

    public static boolean patternable(String type) {
        return RULES.containsKey(type);
    }

    static String[] split(String v) throws Unmappable {
        int bar = v.indexOf('|');
        if (bar < 0) throw new Unmappable("composite value without '|'");
        return new String[] {v.substring(0, bar), v.substring(bar + 1)};
    }

    static String nonBlank(String v) throws Unmappable {
        if (v.isBlank()) throw new Unmappable("empty value");
        return v;
    }

    private static final Map<String, String> HIVES = Map.of("HKLM", "HKEY_LOCAL_MACHINE", "HKCU", "HKEY_CURRENT_USER",
            "HKCR", "HKEY_CLASSES_ROOT", "HKU", "HKEY_USERS", "HKCC", "HKEY_CURRENT_CONFIG");

    /** STIX requires the full hive name ({@code HKEY_LOCAL_MACHINE}, never {@code HKLM}) so patterns match observed keys. */
    static String registryKey(String v) throws Unmappable {
        String t = nonBlank(v).trim();
        int sep = t.indexOf('\\');
        String head = sep < 0 ? t : t.substring(0, sep);
        String full = HIVES.get(head.toUpperCase(Locale.ROOT));
        return full == null ? t : full + t.substring(head.length());
    }

    static String hostname(String v) throws Unmappable {
        String t = v.trim();
        if (!Values.hostname(t)) throw new Unmappable("not a hostname");
        return t.toLowerCase(Locale.ROOT);
    }

    static String email(String v) throws Unmappable {
        String t = v.trim();
        if (!Values.email(t)) throw new Unmappable("not an e-mail address");
        return t;
    }

    static InetAddress ipLiteral(String v) throws Unmappable {
        InetAddress a = Values.ip(v.trim());
        if (a == null) throw new Unmappable("not an IP address");
        return a;
    }

    static long port(String v) throws Unmappable {
        return number(v.trim(), 65535, "port");
    }

    static long number(String v, long max, String what) throws Unmappable {
        Long n = Values.unsigned(v, max);
        if (n == null) throw new Unmappable("not a valid " + what);
        return n;
    }

    static String hex(String v, int len, String what) throws Unmappable {
        String t = v.trim();
        if (!Values.hex(t, len)) throw new Unmappable("malformed " + what);
        return t.toLowerCase(Locale.ROOT);
    }

    static String mac(String v) throws Unmappable {
        String t = v.trim().toLowerCase(Locale.ROOT).replace('-', ':');
        if (!t.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) throw new Unmappable("not a MAC address");
        return t;
    }

    static Comparison hash(String sco, String mispName, String v) throws Unmappable {
        Hash h = HASHES.get(mispName);
        String t = v.trim();
        String value;
        if (h.hexLength() > 0) {
            value = hex(t, h.hexLength(), mispName);
        } else if (mispName.equals("ssdeep")) {
            if (!t.matches("\\d{1,10}:[A-Za-z0-9+/]{0,128}:[A-Za-z0-9+/]{0,128}")) throw new Unmappable("malformed ssdeep");
            value = t;
        } else if (mispName.equals("tlsh")) {
            if (!t.matches("(?i)(t1)?[0-9a-f]{70}")) throw new Unmappable("malformed tlsh");
            // STIX's TLSH is the 70 hex digits; the "T1" version prefix of newer digests is dropped
            value = t.substring(t.length() - 70).toLowerCase(Locale.ROOT);
        } else {
            if (t.isEmpty() || t.length() > 512 || t.chars().anyMatch(Character::isWhitespace)) throw new Unmappable("malformed " + mispName);
            value = t;
        }
        return Comparison.eq(sco + ":hashes." + PatternText.step(h.key()), value);
    }

    /** An address or CIDR block behind a network-traffic ref: the ref's type, then = (address) or ISSUBSET (block). */
    static List<Comparison> ipRef(String ref, String v, boolean allowCidr) throws Unmappable {
        String t = v.trim();
        Values.Cidr block = allowCidr ? Values.cidr(t) : null;
        if (block != null) {
            String type = block.v4() ? "ipv4-addr" : "ipv6-addr";
            int max = block.v4() ? 32 : 128;
            String addr = com.google.common.net.InetAddresses.toAddrString(Values.ip(t.substring(0, t.indexOf('/'))));
            if (block.bits() == max) return List.of(Comparison.eq(ref + ".type", type), Comparison.eq(ref + ".value", addr));
            return List.of(Comparison.eq(ref + ".type", type), new Comparison(ref + ".value", "ISSUBSET", addr + "/" + block.bits()));
        }
        InetAddress a = ipLiteral(t);
        return List.of(Comparison.eq(ref + ".type", a instanceof Inet4Address ? "ipv4-addr" : "ipv6-addr"), Comparison.eq(ref + ".value", com.google.common.net.InetAddresses.toAddrString(a)));
    }

    private static List<Comparison> ipPort(String side, String v) throws Unmappable {
        String[] p = splitLast(v);
        List<Comparison> c = new ArrayList<>(ipRef("network-traffic:" + side + "_ref", p[0], false));
        c.add(Comparison.eq("network-traffic:" + side + "_port", port(p[1])));
        return c;
    }

    private static String[] splitLast(String v) throws Unmappable {
        int bar = v.lastIndexOf('|');
        if (bar < 0) throw new Unmappable("composite value without '|'");
        return new String[] {v.substring(0, bar), v.substring(bar + 1)};
    }
}
