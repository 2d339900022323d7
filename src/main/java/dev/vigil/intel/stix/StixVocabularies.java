package dev.vigil.intel.stix;

import java.util.Map;
import java.util.Set;

/**
 * STIX 2.1 open vocabularies (spec section 10) and the few closed enumerations, keyed by the OASIS validator's
 * check name so that each can be switched off on its own. Values outside an open vocabulary are legal but
 * discouraged (a SHOULD), so they only become errors under strict validation.
 */
final class StixVocabularies {
    private StixVocabularies() {}

    static final Set<String> ATTACK_MOTIVATION = Set.of("accidental", "coercion", "dominance", "ideology", "notoriety",
            "organizational-gain", "personal-gain", "personal-satisfaction", "revenge", "unpredictable");
    static final Set<String> ATTACK_RESOURCE_LEVEL = Set.of("individual", "club", "contest", "team", "organization", "government");
    static final Set<String> IDENTITY_CLASS = Set.of("individual", "group", "system", "organization", "class", "unknown");
    static final Set<String> INDICATOR_TYPES = Set.of("anomalous-activity", "anonymization", "benign", "compromised",
            "malicious-activity", "attribution", "unknown");
    static final Set<String> INDUSTRY_SECTOR = Set.of("agriculture", "aerospace", "automotive", "chemical", "commercial",
            "communications", "construction", "defense", "education", "energy", "entertainment", "financial-services",
            "government", "government-emergency-services", "government-local", "government-national", "government-public-services",
            "government-regional", "healthcare", "hospitality-leisure", "infrastructure", "infrastructure-dams",
            "infrastructure-nuclear", "infrastructure-water", "insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals",
            "retail", "technology", "telecommunications", "transportation", "utilities");
    static final Set<String> INFRASTRUCTURE_TYPES = Set.of("amplification", "anonymization", "botnet", "command-and-control",
            "exfiltration", "hosting-malware", "hosting-target-lists", "phishing", "reconnaissance", "staging", "unknown");
    static final Set<String> MALWARE_TYPES = Set.of("adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper",
            "exploit-kit", "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software",
            "rootkit", "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm");
    static final Set<String> MALWARE_RESULT = Set.of("malicious", "suspicious", "benign", "unknown");
    static final Set<String> PATTERN_TYPES = Set.of("stix", "pcre", "sigma", "snort", "suricata", "yara");
    static final Set<String> REPORT_TYPES = Set.of("attack-pattern", "campaign", "identity", "indicator", "intrusion-set",
            "malware", "observed-data", "threat-actor", "threat-report", "tool", "vulnerability");
    static final Set<String> THREAT_ACTOR_TYPES = Set.of("activist", "competitor", "crime-syndicate", "criminal", "hacker",
            "insider-accidental", "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist", "unknown");
    static final Set<String> THREAT_ACTOR_ROLE = Set.of("agent", "director", "independent", "infrastructure-architect",
            "infrastructure-operator", "malware-author", "sponsor");
    static final Set<String> THREAT_ACTOR_SOPHISTICATION = Set.of("none", "minimal", "intermediate", "advanced", "expert",
            "innovator", "strategic");
    static final Set<String> TOOL_TYPES = Set.of("denial-of-service", "exploitation", "information-gathering",
            "network-capture", "credential-exploitation", "remote-access", "vulnerability-scanning", "unknown");
    static final Set<String> GROUPING_CONTEXT = Set.of("suspicious-activity", "malware-analysis", "unspecified");
    static final Set<String> REGION = Set.of("africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa",
            "western-africa", "americas", "latin-america-caribbean", "south-america", "caribbean", "central-america",
            "northern-america", "asia", "central-asia", "eastern-asia", "southern-asia", "south-eastern-asia", "western-asia",
            "europe", "eastern-europe", "northern-europe", "southern-europe", "western-europe", "oceania", "antarctica",
            "australia-new-zealand", "melanesia", "micronesia", "polynesia");
    static final Set<String> HASH_ALGO = Set.of("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH");
    static final Set<String> ACCOUNT_TYPE = Set.of("facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs",
            "twitter", "unix", "windows-local", "windows-domain");
    static final Set<String> ENCRYPTION_ALGO = Set.of("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");
    static final Set<String> WINDOWS_PEBINARY_TYPE = Set.of("dll", "exe", "sys");
    static final Set<String> IMPLEMENTATION_LANGUAGES = Set.of("applescript", "bash", "c", "c++", "c#", "go", "java",
            "javascript", "lua", "objective-c", "perl", "php", "powershell", "python", "ruby", "scala", "swift", "typescript",
            "visual-basic", "x86-32", "x86-64");
    static final Set<String> PROCESSOR_ARCHITECTURE = Set.of("alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64");
    static final Set<String> CAPABILITIES = Set.of("accesses-remote-machines", "anti-debugging", "anti-disassembly",
            "anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm", "captures-input-peripherals",
            "captures-output-peripherals", "captures-system-state-data", "cleans-traces-of-infection", "commits-fraud",
            "communicates-with-c2", "compromises-data-availability", "compromises-data-integrity", "compromises-system-availability",
            "controls-local-machine", "degrades-security-software", "degrades-system-updates", "determines-c2-server",
            "emails-spam", "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts",
            "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components",
            "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion", "probes-network-environment",
            "self-modifies", "steals-authentication-credentials", "violates-system-operational-integrity");

    /** Property (top-level of a type) to its open vocabulary and the check that guards it. */
    record Vocab(String check, Set<String> values) {}

    static final Map<String, Map<String, Vocab>> BY_TYPE = Map.ofEntries(
            Map.entry("identity", Map.of("identity_class", new Vocab("identity-class", IDENTITY_CLASS),
                    "sectors", new Vocab("industry-sector", INDUSTRY_SECTOR))),
            Map.entry("indicator", Map.of("indicator_types", new Vocab("indicator-types", INDICATOR_TYPES),
                    "pattern_type", new Vocab("indicator-pattern-types", PATTERN_TYPES))),
            Map.entry("infrastructure", Map.of("infrastructure_types", new Vocab("infrastructure-types", INFRASTRUCTURE_TYPES))),
            Map.entry("intrusion-set", Map.of("primary_motivation", new Vocab("attack-motivation", ATTACK_MOTIVATION),
                    "secondary_motivations", new Vocab("attack-motivation", ATTACK_MOTIVATION),
                    "resource_level", new Vocab("attack-resource-level", ATTACK_RESOURCE_LEVEL))),
            Map.entry("malware", Map.of("malware_types", new Vocab("malware-types", MALWARE_TYPES),
                    "implementation_languages", new Vocab("implementation-languages", IMPLEMENTATION_LANGUAGES),
                    "architecture_execution_envs", new Vocab("processor-architecture", PROCESSOR_ARCHITECTURE),
                    "capabilities", new Vocab("malware-capabilities", CAPABILITIES))),
            Map.entry("malware-analysis", Map.of("result", new Vocab("malware-result", MALWARE_RESULT))),
            Map.entry("report", Map.of("report_types", new Vocab("report-types", REPORT_TYPES))),
            Map.entry("threat-actor", Map.of("threat_actor_types", new Vocab("threat-actor-types", THREAT_ACTOR_TYPES),
                    "roles", new Vocab("threat-actor-role", THREAT_ACTOR_ROLE),
                    "sophistication", new Vocab("threat-actor-sophistication", THREAT_ACTOR_SOPHISTICATION),
                    "primary_motivation", new Vocab("attack-motivation", ATTACK_MOTIVATION),
                    "secondary_motivations", new Vocab("attack-motivation", ATTACK_MOTIVATION),
                    "personal_motivations", new Vocab("attack-motivation", ATTACK_MOTIVATION),
                    "resource_level", new Vocab("attack-resource-level", ATTACK_RESOURCE_LEVEL))),
            Map.entry("tool", Map.of("tool_types", new Vocab("tool-types", TOOL_TYPES))),
            Map.entry("grouping", Map.of("context", new Vocab("grouping-context", GROUPING_CONTEXT))),
            Map.entry("location", Map.of("region", new Vocab("region", REGION))),
            Map.entry("user-account", Map.of("account_type", new Vocab("account-type", ACCOUNT_TYPE))),
            Map.entry("artifact", Map.of("encryption_algorithm", new Vocab("encryption-algo", ENCRYPTION_ALGO))));

    /**
     * Relationship types the spec defines, as "source-type relationship target-type" triples; a defined
     * relationship type used between other types is flagged. The generic ones work between any two objects.
     */
    static final Set<String> GENERIC_RELATIONSHIPS = Set.of("derived-from", "duplicate-of", "related-to");
    static final Map<String, Map<String, Set<String>>> RELATIONSHIPS = relationships();

    private static Map<String, Map<String, Set<String>>> relationships() {
        Set<String> addrs = Set.of("ipv4-addr", "ipv6-addr", "domain-name", "url");
        Set<String> itl = Set.of("identity", "location", "vulnerability");
        Set<String> iltv = Set.of("identity", "infrastructure", "location", "vulnerability");
        Set<String> usesAll = Set.of("attack-pattern", "infrastructure", "malware", "tool");
        Set<String> infra = Set.of("infrastructure");
        return Map.ofEntries(
                Map.entry("attack-pattern", Map.of("delivers", Set.of("malware"), "targets", itl, "uses", Set.of("malware", "tool"))),
                Map.entry("campaign", Map.of("attributed-to", Set.of("intrusion-set", "threat-actor"), "compromises", infra,
                        "originates-from", Set.of("location"), "targets", itl, "uses", usesAll)),
                Map.entry("course-of-action", Map.of("investigates", Set.of("indicator"),
                        "mitigates", Set.of("attack-pattern", "indicator", "malware", "tool", "vulnerability"),
                        "remediates", Set.of("malware", "vulnerability"))),
                Map.entry("identity", Map.of("located-at", Set.of("location"))),
                Map.entry("indicator", Map.of("indicates", Set.of("attack-pattern", "campaign", "infrastructure", "intrusion-set",
                        "malware", "threat-actor", "tool"), "based-on", Set.of("observed-data"))),
                Map.entry("infrastructure", Map.of("communicates-with", union(infra, addrs),
                        "consists-of", union(Set.of("infrastructure", "observed-data"), StixTypes.SCO),
                        "controls", Set.of("infrastructure", "malware"), "delivers", Set.of("malware"),
                        "has", Set.of("vulnerability"), "hosts", Set.of("tool", "malware"), "located-at", Set.of("location"),
                        "uses", infra)),
                Map.entry("intrusion-set", Map.of("attributed-to", Set.of("threat-actor"), "compromises", infra, "hosts", infra,
                        "owns", infra, "originates-from", Set.of("location"), "targets", itl, "uses", usesAll)),
                Map.entry("malware", Map.ofEntries(Map.entry("authored-by", Set.of("threat-actor", "intrusion-set")),
                        Map.entry("beacons-to", infra), Map.entry("exfiltrates-to", infra), Map.entry("communicates-with", addrs),
                        Map.entry("controls", Set.of("malware")), Map.entry("downloads", Set.of("malware", "tool", "file")),
                        Map.entry("drops", Set.of("malware", "tool", "file")), Map.entry("exploits", Set.of("vulnerability")),
                        Map.entry("originates-from", Set.of("location")), Map.entry("targets", iltv),
                        Map.entry("uses", usesAll), Map.entry("variant-of", Set.of("malware")))),
                Map.entry("malware-analysis", Map.of("characterizes", Set.of("malware"), "analysis-of", Set.of("malware"),
                        "static-analysis-of", Set.of("malware"), "dynamic-analysis-of", Set.of("malware"))),
                Map.entry("threat-actor", Map.of("attributed-to", Set.of("identity"), "compromises", infra, "hosts", infra,
                        "owns", infra, "impersonates", Set.of("identity"), "located-at", Set.of("location"), "targets", itl,
                        "uses", usesAll)),
                Map.entry("tool", Map.of("delivers", Set.of("malware"), "drops", Set.of("malware"), "has", Set.of("vulnerability"),
                        "targets", iltv, "uses", infra)));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
