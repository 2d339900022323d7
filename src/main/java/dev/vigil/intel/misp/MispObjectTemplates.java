package dev.vigil.intel.misp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MISP object template + object_relation -> STIX comparisons. All relations of one template share one root SCO
 * type so the object becomes one observation ({@code [a AND b AND ...]}). A relation STIX cannot say, or that
 * would make the AND-ed pattern contradictory, is listed here with the reason it is skipped.
 */
final class MispObjectTemplates {
    /** What one relation becomes: comparisons, or a fixed skip reason. */
    record Relation(MispAttributeTypes.ValueMapper mapper, String skipReason) {
        static Relation map(MispAttributeTypes.ValueMapper m) {
            return new Relation(m, null);
        }

        static Relation skip(String reason) {
            return new Relation(null, reason);
        }
    }

    private static final String PE = "file:extensions.'windows-pebinary-ext'.";
    private static final Map<String, Map<String, Relation>> TEMPLATES = new HashMap<>();

    static {
        Map<String, Relation> file = new HashMap<>();
        file.put("filename", Relation.map(v -> List.of(Comparison.eq("file:name", MispAttributeTypes.nonBlank(v)))));
        for (String h : MispAttributeTypes.HASHES.keySet()) file.put(h, Relation.map(v -> List.of(MispAttributeTypes.hash("file", h, v))));
        file.put("size-in-bytes", Relation.map(v -> List.of(Comparison.eq("file:size", MispAttributeTypes.number(v.trim(), Long.MAX_VALUE, "size")))));
        file.put("mimetype", Relation.map(v -> List.of(Comparison.eq("file:mime_type", MispAttributeTypes.nonBlank(v)))));
        file.put("imphash", Relation.map(v -> List.of(Comparison.eq(PE + "imphash", MispAttributeTypes.hex(v, 32, "imphash")))));
        file.put("entropy", Relation.skip("STIX file has no entropy property"));
        file.put("state", Relation.skip("analyst state text, no STIX file property"));
        file.put("path", Relation.skip("a path needs a directory SCO, which a file pattern cannot AND in"));
        file.put("malware-sample", Relation.skip("sample payloads are not imported"));
        file.put("attachment", Relation.skip("attachment payloads are not imported"));
        TEMPLATES.put("file", file);

        Map<String, Relation> section = new HashMap<>();
        section.put("name", Relation.map(v -> List.of(Comparison.eq(PE + "sections[*].name", MispAttributeTypes.nonBlank(v)))));
        section.put("size-in-bytes", Relation.map(v -> List.of(Comparison.eq(PE + "sections[*].size", MispAttributeTypes.number(v.trim(), Long.MAX_VALUE, "size")))));
        section.put("entropy", Relation.map(v -> List.of(Comparison.eq(PE + "sections[*].entropy", entropy(v)))));
        for (String h : MispAttributeTypes.HASHES.keySet()) {
            section.put(h, Relation.map(v -> {
                Comparison c = MispAttributeTypes.hash("file", h, v);
                return List.of(Comparison.eq(PE + "sections[*]." + c.path().substring("file:".length()), c.literal()));
            }));
        }
        TEMPLATES.put("pe-section", section);

        Map<String, Relation> pe = new HashMap<>();
        pe.put("imphash", Relation.map(v -> List.of(Comparison.eq(PE + "imphash", MispAttributeTypes.hex(v, 32, "imphash")))));
        pe.put("number-sections", Relation.map(v -> List.of(Comparison.eq(PE + "number_of_sections", MispAttributeTypes.number(v.trim(), 65535, "section count")))));
        for (String r : List.of("internal-filename", "original-filename", "company-name", "file-description", "file-version", "lang-id",
                "product-name", "product-version", "legal-copyright")) {
            pe.put(r, Relation.skip("PE version-info field, no STIX windows-pebinary-ext property"));
        }
        pe.put("compilation-timestamp", Relation.skip("timestamp properties are not mapped"));
        pe.put("entrypoint-address", Relation.skip("PE entry point: no STIX property"));
        TEMPLATES.put("pe", pe);

        Map<String, Relation> domainIp = new HashMap<>();
        domainIp.put("domain", Relation.map(v -> List.of(Comparison.eq("domain-name:value", MispAttributeTypes.hostname(v)))));
        domainIp.put("hostname", Relation.map(v -> List.of(Comparison.eq("domain-name:value", MispAttributeTypes.hostname(v)))));
        domainIp.put("ip", Relation.map(v -> List.of(Comparison.eq("domain-name:resolves_to_refs[*].value",
                com.google.common.net.InetAddresses.toAddrString(MispAttributeTypes.ipLiteral(v))))));
        domainIp.put("port", Relation.skip("domain-name has no port"));
        domainIp.put("first-seen", Relation.skip("timestamp properties are not mapped"));
        domainIp.put("last-seen", Relation.skip("timestamp properties are not mapped"));
        domainIp.put("text", Relation.skip("free text, no STIX property"));
        TEMPLATES.put("domain-ip", domainIp);

        Map<String, Relation> ipPort = new HashMap<>();
        ipPort.put("ip", Relation.map(v -> MispAttributeTypes.ipRef("network-traffic:dst_ref", v, true)));
        ipPort.put("ip-dst", Relation.map(v -> MispAttributeTypes.ipRef("network-traffic:dst_ref", v, true)));
        ipPort.put("ip-src", Relation.map(v -> MispAttributeTypes.ipRef("network-traffic:src_ref", v, true)));
        ipPort.put("dst-port", Relation.map(v -> List.of(Comparison.eq("network-traffic:dst_port", MispAttributeTypes.port(v)))));
        ipPort.put("src-port", Relation.map(v -> List.of(Comparison.eq("network-traffic:src_port", MispAttributeTypes.port(v)))));
        ipPort.put("domain", Relation.skip("network-traffic dst_ref holds one address; a domain beside the IP would contradict it"));
        ipPort.put("hostname", Relation.skip("network-traffic dst_ref holds one address; a hostname beside the IP would contradict it"));
        ipPort.put("first-seen", Relation.skip("timestamp properties are not mapped"));
        ipPort.put("last-seen", Relation.skip("timestamp properties are not mapped"));
        ipPort.put("text", Relation.skip("free text, no STIX property"));
        TEMPLATES.put("ip-port", ipPort);

        Map<String, Relation> conn = new HashMap<>(ipPort);
        conn.put("layer3-protocol", Relation.map(v -> List.of(Comparison.eq("network-traffic:protocols[*]", protocol(v)))));
        conn.put("layer4-protocol", Relation.map(v -> List.of(Comparison.eq("network-traffic:protocols[*]", protocol(v)))));
        conn.put("layer7-protocol", Relation.map(v -> List.of(Comparison.eq("network-traffic:protocols[*]", protocol(v)))));
        conn.put("hostname-dst", Relation.skip("network-traffic dst_ref holds one address; a hostname beside the IP would contradict it"));
        conn.put("hostname-src", Relation.skip("network-traffic src_ref holds one address; a hostname beside the IP would contradict it"));
        TEMPLATES.put("network-connection", conn);

        Map<String, Relation> url = new HashMap<>();
        url.put("url", Relation.map(v -> List.of(Comparison.eq("url:value", MispAttributeTypes.nonBlank(v)))));
        for (String r : List.of("domain", "host", "ip", "port", "scheme", "resource_path", "query_string", "fragment", "subdomain", "tld",
                "domain_without_tld", "credential", "first-seen", "last-seen", "text")) {
            url.put(r, Relation.skip("URL component, implied by the url value"));
        }
        TEMPLATES.put("url", url);

        Map<String, Relation> email = new HashMap<>();
        email.put("from", Relation.map(v -> List.of(Comparison.eq("email-message:from_ref.value", MispAttributeTypes.email(v)))));
        email.put("to", Relation.map(v -> List.of(Comparison.eq("email-message:to_refs[*].value", MispAttributeTypes.email(v)))));
        email.put("cc", Relation.map(v -> List.of(Comparison.eq("email-message:cc_refs[*].value", MispAttributeTypes.email(v)))));
        email.put("subject", Relation.map(v -> List.of(Comparison.eq("email-message:subject", v))));
        email.put("message-id", Relation.map(v -> List.of(Comparison.eq("email-message:message_id", MispAttributeTypes.nonBlank(v)))));
        email.put("reply-to", Relation.map(v -> List.of(Comparison.eq("email-message:additional_header_fields.'Reply-To'", MispAttributeTypes.email(v)))));
        email.put("x-mailer", Relation.map(v -> List.of(Comparison.eq("email-message:additional_header_fields.'X-Mailer'", MispAttributeTypes.nonBlank(v)))));
        email.put("email-body", Relation.map(v -> List.of(Comparison.eq("email-message:body", v))));
        email.put("attachment", Relation.skip("attachment payloads are not imported"));
        email.put("send-date", Relation.skip("timestamp properties are not mapped"));
        email.put("from-display-name", Relation.skip("display names are not detection properties"));
        email.put("to-display-name", Relation.skip("display names are not detection properties"));
        email.put("eml", Relation.skip("raw message payloads are not imported"));
        TEMPLATES.put("email", email);

        Map<String, Relation> x509 = new HashMap<>();
        x509.put("x509-fingerprint-md5", Relation.map(v -> List.of(MispAttributeTypes.hash("x509-certificate", "md5", v))));
        x509.put("x509-fingerprint-sha1", Relation.map(v -> List.of(MispAttributeTypes.hash("x509-certificate", "sha1", v))));
        x509.put("x509-fingerprint-sha256", Relation.map(v -> List.of(MispAttributeTypes.hash("x509-certificate", "sha256", v))));
        x509.put("issuer", Relation.map(v -> List.of(Comparison.eq("x509-certificate:issuer", MispAttributeTypes.nonBlank(v)))));
        x509.put("subject", Relation.map(v -> List.of(Comparison.eq("x509-certificate:subject", MispAttributeTypes.nonBlank(v)))));
        x509.put("serial-number", Relation.map(v -> List.of(Comparison.eq("x509-certificate:serial_number", MispAttributeTypes.nonBlank(v)))));
        x509.put("validity-not-before", Relation.skip("timestamp properties are not mapped"));
        x509.put("validity-not-after", Relation.skip("timestamp properties are not mapped"));
        TEMPLATES.put("x509", x509);

        Map<String, Relation> reg = new HashMap<>();
        reg.put("key", Relation.map(v -> List.of(Comparison.eq("windows-registry-key:key", MispAttributeTypes.registryKey(v)))));
        reg.put("data", Relation.map(v -> List.of(Comparison.eq("windows-registry-key:values[*].data", v))));
        reg.put("name", Relation.map(v -> List.of(Comparison.eq("windows-registry-key:values[*].name", v))));
        reg.put("data-type", Relation.map(v -> List.of(Comparison.eq("windows-registry-key:values[*].data_type", MispAttributeTypes.nonBlank(v)))));
        reg.put("last-modified", Relation.skip("timestamp properties are not mapped"));
        reg.put("hive", Relation.skip("the hive is part of the key"));
        TEMPLATES.put("registry-key", reg);

        TEMPLATES.put("mutex", Map.of("name", Relation.map(v -> List.of(Comparison.eq("mutex:name", MispAttributeTypes.nonBlank(v))))));
        Map<String, Relation> asn = new HashMap<>();
        asn.put("asn", Relation.map(v -> MispAttributeTypes.rule("AS").map(v)));
        asn.put("subnet-announced", Relation.skip("announced prefixes are not autonomous-system properties"));
        asn.put("description", Relation.skip("free text, no STIX property"));
        TEMPLATES.put("asn", asn);
    }

    private MispObjectTemplates() {}

    static Map<String, Relation> template(String name) {
        return TEMPLATES.get(name);
    }

    private static Double entropy(String v) throws Unmappable {
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || d > 8 || Double.isNaN(d)) throw new Unmappable("entropy out of range");
            return d;
        } catch (NumberFormatException e) {
            throw new Unmappable("not a number");
        }
    }

    private static String protocol(String v) throws Unmappable {
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.matches("[a-z0-9][a-z0-9.-]{0,31}")) throw new Unmappable("not a protocol name");
        return t;
    }
}
