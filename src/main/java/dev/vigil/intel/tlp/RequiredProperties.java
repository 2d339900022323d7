package dev.vigil.intel.tlp;

import java.util.Map;
import java.util.Set;

/**
 * Properties a STIX 2.1 object cannot exist without, per type (STIX 2.1 OS, section 4-6 "Required" columns).
 * Redacting one would send an invalid object, so the filter withholds the object instead. Also the keys an
 * element of a shared list type must keep (an external reference without {@code source_name} is invalid).
 */
final class RequiredProperties {
    private RequiredProperties() {}

    private static final Set<String> COMMON = Set.of("type", "id", "spec_version", "created", "modified",
            "object_marking_refs", "granular_markings");

    private static final Map<String, Set<String>> BY_TYPE = Map.ofEntries(
            Map.entry("attack-pattern", Set.of("name")),
            Map.entry("campaign", Set.of("name")),
            Map.entry("course-of-action", Set.of("name")),
            Map.entry("grouping", Set.of("context", "object_refs")),
            Map.entry("identity", Set.of("name")),
            Map.entry("incident", Set.of("name")),
            Map.entry("indicator", Set.of("pattern", "pattern_type", "valid_from")),
            Map.entry("infrastructure", Set.of("name")),
            Map.entry("intrusion-set", Set.of("name")),
            Map.entry("malware", Set.of("is_family")),
            Map.entry("malware-analysis", Set.of("product")),
            Map.entry("note", Set.of("content", "object_refs")),
            Map.entry("observed-data", Set.of("first_observed", "last_observed", "number_observed")),
            Map.entry("opinion", Set.of("opinion", "object_refs")),
            Map.entry("report", Set.of("name", "published", "object_refs")),
            Map.entry("threat-actor", Set.of("name")),
            Map.entry("tool", Set.of("name")),
            Map.entry("vulnerability", Set.of("name")),
            Map.entry("relationship", Set.of("relationship_type", "source_ref", "target_ref")),
            Map.entry("sighting", Set.of("sighting_of_ref")),
            Map.entry("marking-definition", Set.of("definition_type", "definition", "extensions", "name")),
            Map.entry("extension-definition", Set.of("name", "schema", "version", "extension_types", "created_by_ref")),
            Map.entry("artifact", Set.of()),
            Map.entry("autonomous-system", Set.of("number")),
            Map.entry("directory", Set.of("path")),
            Map.entry("domain-name", Set.of("value")),
            Map.entry("email-addr", Set.of("value")),
            Map.entry("email-message", Set.of("is_multipart")),
            Map.entry("ipv4-addr", Set.of("value")),
            Map.entry("ipv6-addr", Set.of("value")),
            Map.entry("mac-addr", Set.of("value")),
            Map.entry("mutex", Set.of("name")),
            Map.entry("network-traffic", Set.of("protocols")),
            Map.entry("software", Set.of("name")),
            Map.entry("url", Set.of("value")),
            Map.entry("user-account", Set.of()),
            Map.entry("windows-registry-key", Set.of()),
            Map.entry("x509-certificate", Set.of()),
            Map.entry("file", Set.of()),
            Map.entry("process", Set.of()));

    /** List property -> keys each of its elements must keep. */
    private static final Map<String, Set<String>> ELEMENT_KEYS = Map.of(
            "external_references", Set.of("source_name"),
            "kill_chain_phases", Set.of("kill_chain_name", "phase_name"));

    static boolean isRequired(String type, String property) {
        return COMMON.contains(property) || BY_TYPE.getOrDefault(type, Set.of()).contains(property);
    }

    static boolean isMarking(String property) {
        return "object_marking_refs".equals(property) || "granular_markings".equals(property);
    }

    /** True when removing {@code key} from an element of list {@code listProperty} leaves an invalid element. */
    static boolean isRequiredInElement(String listProperty, String key) {
        return ELEMENT_KEYS.getOrDefault(listProperty, Set.of()).contains(key);
    }
}
